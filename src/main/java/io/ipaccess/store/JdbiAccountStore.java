package io.ipaccess.store;

import io.ipaccess.account.Account;
import io.ipaccess.account.AccountStore;
import io.ipaccess.account.ApiKeyInfo;
import io.ipaccess.account.ApiKeys;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Accounts and API keys in the relational store. */
public final class JdbiAccountStore implements AccountStore {

  private final Jdbi jdbi;
  private final StoreDialect dialect;
  private final Clock clock;

  public JdbiAccountStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.dialect = database.dialect();
    this.clock = clock;
  }

  @Override
  public Account create(String name) {
    if (find(name).isPresent()) {
      throw new IllegalArgumentException("an account named '" + name + "' already exists");
    }
    try {
      return jdbi.inTransaction(handle -> {
        long id = handle.createUpdate(
                "INSERT INTO accounts (name, created_at_ms, list_version) VALUES (:name, :now, 1)")
            .bind("name", name)
            .bind("now", clock.millis())
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
        StoreVersion.bump(handle, dialect);
        return new Account(id, name);
      });
    } catch (UnableToExecuteStatementException e) {
      // Lost a race with another process creating the same name.
      throw new IllegalArgumentException("an account named '" + name + "' already exists", e);
    }
  }

  @Override
  public Optional<Account> find(String name) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT id, name FROM accounts WHERE name = :name")
        .bind("name", name)
        .map((rs, ctx) -> new Account(rs.getLong("id"), rs.getString("name")))
        .findOne());
  }

  @Override
  public List<Account> all() {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT id, name FROM accounts ORDER BY id")
        .map((rs, ctx) -> new Account(rs.getLong("id"), rs.getString("name")))
        .list());
  }

  @Override
  public void addKey(long accountId, String keyName, String key) {
    jdbi.useTransaction(handle -> {
      handle.createUpdate("INSERT INTO api_keys (account_id, name, key_hash, key_prefix,"
              + " created_at_ms) VALUES (:account, :name, :hash, :prefix, :now)")
          .bind("account", accountId)
          .bind("name", keyName)
          .bind("hash", ApiKeys.hash(key))
          .bind("prefix", ApiKeys.shownPrefix(key))
          .bind("now", clock.millis())
          .execute();
      StoreVersion.bump(handle, dialect);
    });
  }

  @Override
  public List<ApiKeyInfo> keys(long accountId) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT id, name, key_prefix, created_at_ms FROM api_keys"
            + " WHERE account_id = :account ORDER BY id")
        .bind("account", accountId)
        .map((rs, ctx) -> new ApiKeyInfo(rs.getLong("id"), rs.getString("name"),
            rs.getString("key_prefix"), rs.getLong("created_at_ms")))
        .list());
  }

  @Override
  public boolean revokeKey(long accountId, long keyId) {
    return jdbi.inTransaction(handle -> {
      int deleted = handle
          .createUpdate("DELETE FROM api_keys WHERE account_id = :account AND id = :id")
          .bind("account", accountId)
          .bind("id", keyId)
          .execute();
      if (deleted > 0) {
        StoreVersion.bump(handle, dialect);
      }
      return deleted > 0;
    });
  }

  @Override
  public Map<String, Account> accountsByKeyHash() {
    Map<String, Account> byHash = new HashMap<>();
    jdbi.useHandle(handle -> handle
        .createQuery("SELECT k.key_hash, a.id, a.name FROM api_keys k"
            + " JOIN accounts a ON a.id = k.account_id")
        .map((rs, ctx) -> byHash.put(
            rs.getString("key_hash").trim(), new Account(rs.getLong("id"), rs.getString("name"))))
        .list());
    return byHash;
  }
}
