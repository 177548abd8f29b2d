package io.ipaccess.account;

import java.util.Map;
import java.util.Optional;

/**
 * The API keys a node accepts, held in memory so that authenticating a request needs no
 * database round trip. {@link #replace} swaps in a new snapshot when the store changes.
 */
public final class KeyRing {

  private volatile Map<String, Account> accountsByKeyHash = Map.of();

  /** The account a presented key belongs to, if any. */
  public Optional<Account> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(accountsByKeyHash.get(ApiKeys.hash(presentedKey)));
  }

  /** Replaces every known key at once; readers see the old or the new set, never a mix. */
  public void replace(Map<String, Account> accountsByKeyHash) {
    this.accountsByKeyHash = Map.copyOf(accountsByKeyHash);
  }

  public int size() {
    return accountsByKeyHash.size();
  }
}
