package io.ipaccess.account;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where accounts and their API keys are kept. Implemented by the store package. */
public interface AccountStore {

  /**
   * Creates an account.
   *
   * @throws IllegalArgumentException if the name is taken
   */
  Account create(String name);

  Optional<Account> find(String name);

  /** Every account, in the order they were created. */
  List<Account> all();

  /** Stores a key's hash (never the key) for an account. */
  void addKey(long accountId, String keyName, String key);

  /** An account's keys, oldest first, without the keys themselves. */
  List<ApiKeyInfo> keys(long accountId);

  /**
   * Revokes one of an account's keys: it stops working on every node within a poll.
   *
   * @return whether the account had a key with that id
   */
  boolean revokeKey(long accountId, long keyId);

  /** Every key hash and the account it belongs to. */
  Map<String, Account> accountsByKeyHash();
}
