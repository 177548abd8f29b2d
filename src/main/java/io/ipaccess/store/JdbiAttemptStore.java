package io.ipaccess.store;

import io.ipaccess.activity.AccessAttempt;
import io.ipaccess.activity.AttemptStore;
import io.ipaccess.activity.AuthMethod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Access attempts in the relational store, added up with one upsert per aggregate. */
public final class JdbiAttemptStore implements AttemptStore {

  // One order for every batch on every node, so that two nodes writing overlapping batches take
  // their row locks in the same order and cannot deadlock.
  private static final Comparator<Row> LOCK_ORDER = Comparator.comparingLong(Row::accountId)
      .thenComparing(row -> row.attempt().ip())
      .thenComparing(row -> row.attempt().method().label());

  private final Jdbi jdbi;
  private final StoreDialect dialect;

  public JdbiAttemptStore(Database database) {
    this.jdbi = database.jdbi();
    this.dialect = database.dialect();
  }

  @Override
  public void upsert(Map<Long, List<AccessAttempt>> attemptsByAccount) {
    List<Row> rows = new ArrayList<>();
    attemptsByAccount.forEach((accountId, attempts) ->
        attempts.forEach(attempt -> rows.add(new Row(accountId, attempt))));
    if (rows.isEmpty()) {
      return;
    }
    rows.sort(LOCK_ORDER);

    jdbi.useTransaction(handle -> {
      PreparedBatch batch = handle.prepareBatch(dialect.attemptUpsert());
      for (Row row : rows) {
        AccessAttempt attempt = row.attempt();
        batch.bind("account", row.accountId())
            .bind("ip", attempt.ip())
            .bind("method", attempt.method().label())
            .bind("first", attempt.firstAtMs())
            .bind("last", attempt.lastAtMs())
            .bind("allowed", attempt.allowed())
            .bind("attempts", attempt.attempts())
            .bind("location", attempt.location())
            .add();
      }
      batch.execute();
    });
  }

  @Override
  public List<AccessAttempt> recent(long accountId, int limit) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT ip, auth_method, first_at_ms, last_at_ms, allowed, attempts,"
            + " location FROM access_attempts WHERE account_id = :account"
            + " ORDER BY last_at_ms DESC, ip")
        .bind("account", accountId)
        .setMaxRows(limit)
        .map((rs, ctx) -> new AccessAttempt(rs.getString("ip"),
            AuthMethod.ofLabel(rs.getString("auth_method")), rs.getLong("first_at_ms"),
            rs.getLong("last_at_ms"), rs.getBoolean("allowed"), rs.getLong("attempts"),
            rs.getString("location")))
        .list());
  }

  private record Row(long accountId, AccessAttempt attempt) {}
}
