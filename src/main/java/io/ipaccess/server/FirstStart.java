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

  /** The environment variable that presets the first account's key. */
  public static final String ADMIN_KEY_ENV = "IPACCESS_ADMIN_API_KEY";

  private static final int MIN_PRESET_KEY_LENGTH = 20;

  private FirstStart() {}

  /**
   * Refuses a preset key that is easy to guess or that a client could not send in a header.
   *
   * @throws IllegalArgumentException naming the variable and what it needs
   */
  static void checkPresetKey(String key) {
    if (key.length() < MIN_PRESET_KEY_LENGTH || !key.chars().allMatch(c -> c > ' ' && c < 127)) {
      throw new IllegalArgumentException(ADMIN_KEY_ENV + " must be at least "
          + MIN_PRESET_KEY_LENGTH + " visible ASCII characters without spaces (it had "
          + key.length() + " characters); leave it unset to have a key generated");
    }
  }

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
    if (presetKey != null) {
      checkPresetKey(presetKey);
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
    if (presetKey != null) {
      accounts.addKey(account.id(), "admin", presetKey);
      return Optional.empty();
    }
    String generated = ApiKeys.generate();
    accounts.addKey(account.id(), "admin", generated);
    return Optional.of(generated);
  }
}
