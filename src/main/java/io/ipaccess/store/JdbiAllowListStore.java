package io.ipaccess.store;

import io.ipaccess.allowlist.Actor;
import io.ipaccess.allowlist.AllowListEntry;
import io.ipaccess.allowlist.AllowListStore;
import io.ipaccess.allowlist.HistoryEvent;
import io.ipaccess.net.IpRange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Allow lists in the relational store.
 *
 * <p>A change locks the account's row ({@code SELECT ... FOR UPDATE}) before it reads the list,
 * so that concurrent changes of one list, on this node or another, run one after the other and
 * each decides on the list the previous one left.
 */
public final class JdbiAllowListStore implements AllowListStore {

  private final Jdbi jdbi;
  private final StoreDialect dialect;

  public JdbiAllowListStore(Database database) {
    this.jdbi = database.jdbi();
    this.dialect = database.dialect();
  }

  @Override
  public Snapshot load(long accountId) {
    return jdbi.inTransaction(handle -> snapshot(handle, accountId, listVersion(handle, accountId,
        false)));
  }

  @Override
  public <T> Committed<T> change(long accountId, Change<T> change) {
    return jdbi.inTransaction(handle -> {
      listVersion(handle, accountId, true);
      T value = change.apply(new JdbiTransaction(handle, accountId));
      handle.createUpdate(
              "UPDATE accounts SET list_version = list_version + 1 WHERE id = :account")
          .bind("account", accountId)
          .execute();
      StoreVersion.bumpList(handle, dialect, accountId);
      long version = listVersion(handle, accountId, false);
      return new Committed<>(value, snapshot(handle, accountId, version));
    });
  }

  @Override
  public List<HistoryEvent> history(long accountId, int limit) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT at_ms, action, detail, actor_kind, actor, actor_ip FROM list_history"
            + " WHERE account_id = :account ORDER BY at_ms DESC, id DESC")
        .bind("account", accountId)
        .setMaxRows(limit)
        .map((rs, ctx) -> new HistoryEvent(rs.getLong("at_ms"),
            HistoryEvent.Action.valueOf(rs.getString("action")), rs.getString("detail"),
            new Actor(Actor.Kind.valueOf(rs.getString("actor_kind")), rs.getString("actor")),
            rs.getString("actor_ip")))
        .list());
  }

  private static long listVersion(Handle handle, long accountId, boolean lock) {
    return handle
        .createQuery("SELECT list_version FROM accounts WHERE id = :account"
            + (lock ? " FOR UPDATE" : ""))
        .bind("account", accountId)
        .mapTo(Long.class)
        .findOne()
        .orElseThrow(() -> new IllegalArgumentException("no account with id " + accountId));
  }

  private static Snapshot snapshot(Handle handle, long accountId, long version) {
    return new Snapshot(version, entries(handle, accountId));
  }

  private static List<AllowListEntry> entries(Handle handle, long accountId) {
    return handle
        .createQuery("SELECT id, cidr, created_at_ms, updated_at_ms FROM allow_entries"
            + " WHERE account_id = :account ORDER BY id")
        .bind("account", accountId)
        .map(JdbiAllowListStore::entry)
        .list();
  }

  private static AllowListEntry entry(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AllowListEntry(rs.getLong("id"), IpRange.parseEntry(rs.getString("cidr")),
        rs.getLong("created_at_ms"), rs.getLong("updated_at_ms"));
  }

  private record JdbiTransaction(Handle handle, long accountId) implements Transaction {

    @Override
    public List<AllowListEntry> entries() {
      return JdbiAllowListStore.entries(handle, accountId);
    }

    @Override
    public AllowListEntry insert(IpRange range, long nowMs) {
      long id = handle.createUpdate("INSERT INTO allow_entries (account_id, cidr, created_at_ms,"
              + " updated_at_ms) VALUES (:account, :cidr, :now, :now)")
          .bind("account", accountId)
          .bind("cidr", range.toString())
          .bind("now", nowMs)
          .executeAndReturnGeneratedKeys("id")
          .mapTo(Long.class)
          .one();
      return new AllowListEntry(id, range, nowMs, nowMs);
    }

    @Override
    public void delete(Collection<Long> entryIds) {
      if (entryIds.isEmpty()) {
        return;
      }
      handle.createUpdate("DELETE FROM allow_entries WHERE account_id = :account"
              + " AND id IN (<ids>)")
          .bind("account", accountId)
          .bindList("ids", List.copyOf(entryIds))
          .execute();
    }

    @Override
    public void record(HistoryEvent event) {
      handle.createUpdate("INSERT INTO list_history (account_id, at_ms, action, detail,"
              + " actor_kind, actor, actor_ip) VALUES (:account, :at, :action, :detail, :kind,"
              + " :actor, :ip)")
          .bind("account", accountId)
          .bind("at", event.atMs())
          .bind("action", event.action().name())
          .bind("detail", event.detail())
          .bind("kind", event.actor().kind().name())
          .bind("actor", event.actor().name())
          .bind("ip", event.actorAddress())
          .execute();
    }
  }
}
