package io.ipaccess.store;

import io.ipaccess.activity.AccessAttempt;
import io.ipaccess.activity.AttemptStore;
import io.ipaccess.activity.AuthMethod;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Access attempts in the relational store, added up with one upsert per aggregate. */
public final class JdbiAttemptStore implements AttemptStore {

  // Standard MERGE, which H2 and PostgreSQL 15+ both run. On the right of SET every column is
  // read before the update, so the CASEs compare against the stored last_at_ms.
  private static final String UPSERT = """
      MERGE INTO access_attempts t
      USING (VALUES (CAST(:account AS BIGINT), CAST(:ip AS VARCHAR(64)),
                     CAST(:method AS VARCHAR(8)), CAST(:first AS BIGINT), CAST(:last AS BIGINT),
                     CAST(:allowed AS BOOLEAN), CAST(:attempts AS BIGINT),
                     CAST(:location AS VARCHAR(100))))
        AS s (account_id, ip, auth_method, first_at_ms, last_at_ms, allowed, attempts, location)
      ON t.account_id = s.account_id AND t.ip = s.ip AND t.auth_method = s.auth_method
      WHEN MATCHED THEN UPDATE SET
        attempts = t.attempts + s.attempts,
        first_at_ms = LEAST(t.first_at_ms, s.first_at_ms),
        allowed = CASE WHEN s.last_at_ms >= t.last_at_ms THEN s.allowed ELSE t.allowed END,
        location = CASE WHEN s.last_at_ms >= t.last_at_ms THEN s.location ELSE t.location END,
        last_at_ms = GREATEST(t.last_at_ms, s.last_at_ms)
      WHEN NOT MATCHED THEN INSERT
        (account_id, ip, auth_method, first_at_ms, last_at_ms, allowed, attempts, location)
        VALUES (s.account_id, s.ip, s.auth_method, s.first_at_ms, s.last_at_ms, s.allowed,
                s.attempts, s.location)
      """;

  private final Jdbi jdbi;

  public JdbiAttemptStore(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public void upsert(Map<Long, List<AccessAttempt>> attemptsByAccount) {
    jdbi.useTransaction(handle -> {
      PreparedBatch batch = handle.prepareBatch(UPSERT);
      attemptsByAccount.forEach((accountId, attempts) -> {
        for (AccessAttempt attempt : attempts) {
          batch.bind("account", accountId)
              .bind("ip", attempt.ip())
              .bind("method", attempt.method().label())
              .bind("first", attempt.firstAtMs())
              .bind("last", attempt.lastAtMs())
              .bind("allowed", attempt.allowed())
              .bind("attempts", attempt.attempts())
              .bind("location", attempt.location())
              .add();
        }
      });
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
}
