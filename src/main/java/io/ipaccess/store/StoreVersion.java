package io.ipaccess.store;

import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.generic.GenericType;
import org.jdbi.v3.core.Jdbi;

/**
 * The store's change counters: one global version, bumped by every change of accounts, keys or
 * lists, and a version per account list. A node polls the global one, which costs one indexed
 * read, and looks at the per-account versions only when it moved.
 */
public final class StoreVersion {

  private final Jdbi jdbi;

  public StoreVersion(Database database) {
    this.jdbi = database.jdbi();
  }

  /** The global version. */
  public long current() {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT version FROM store_version WHERE id = 1")
        .mapTo(Long.class)
        .one());
  }

  /** Each account's list version, by account id. */
  public Map<Long, Long> listVersions() {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT id, list_version FROM accounts")
        .setMapKeyColumn("id")
        .setMapValueColumn("list_version")
        .collectInto(new GenericType<Map<Long, Long>>() {}));
  }

  /** Bumps the global version and, where the dialect can, tells the other nodes on commit. */
  static void bump(Handle handle, StoreDialect dialect) {
    handle.execute("UPDATE store_version SET version = version + 1 WHERE id = 1");
    dialect.announceChange(handle, "");
  }

  /** Like {@link #bump}, for a change of one account's list, which the others reload alone. */
  static void bumpList(Handle handle, StoreDialect dialect, long accountId) {
    handle.execute("UPDATE store_version SET version = version + 1 WHERE id = 1");
    dialect.announceChange(handle, Long.toString(accountId));
  }
}
