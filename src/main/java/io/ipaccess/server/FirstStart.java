package io.ipaccess.server;

import io.ipaccess.account.Account;
import io.ipaccess.account.AccountStore;
import io.ipaccess.account.ApiKeys;
import java.util.Optional;

/**
 * What {@code serve} does on its first start with an empty store: it creates an account and an
 * API key, so that a new user can call the API at once.
 */
public final class FirstStart {

  /** The name of the account created on the first start. */
  public static final String FIRST_ACCOUNT = "default";

  private FirstStart() {}

  /**
   * Creates the first account and its key when there is no account yet.
   *
   * @param presetKey the key to use (from {@code IPACCESS_ADMIN_API_KEY}), or {@code null} to
   *     generate one
   * @return the key, when one was generated and must be shown to the user once
   */
  public static Optional<String> bootstrap(AccountStore accounts, String presetKey) {
    if (!accounts.all().isEmpty()) {
      return Optional.empty();
    }
    Account account;
    try {
      account = accounts.create(FIRST_ACCOUNT);
    } catch (IllegalArgumentException e) {
      if (accounts.find(FIRST_ACCOUNT).isEmpty()) {
        throw e;
      }
      // Another node on the same database started at the same moment and created it first.
      return Optional.empty();
    }
    String key = presetKey != null && !presetKey.isBlank() ? presetKey.strip() : null;
    if (key != null) {
      accounts.addKey(account.id(), "admin", key);
      return Optional.empty();
    }
    String generated = ApiKeys.generate();
    accounts.addKey(account.id(), "admin", generated);
    return Optional.of(generated);
  }
}
