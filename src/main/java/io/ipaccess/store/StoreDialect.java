package io.ipaccess.store;

import org.jdbi.v3.core.Handle;

/**
 * The SQL that differs between the embedded H2 store and PostgreSQL; everything else is written
 * once in portable SQL. The schema itself is portable too, so both run the same migrations.
 */
public enum StoreDialect {

  /**
   * H2: a standard MERGE for the attempt upsert, and no notifications, since an embedded store
   * has one node (other processes on the same file are picked up by the version poll).
   */
  H2("""
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
      """),

  /**
   * PostgreSQL: INSERT ... ON CONFLICT, because two nodes running MERGE for a new key at the same
   * time can both take the NOT MATCHED branch and one fails on the primary key; ON CONFLICT waits
   * for the other insert and then updates. Every committed change also sends a notification.
   */
  POSTGRESQL("""
      INSERT INTO access_attempts AS t
        (account_id, ip, auth_method, first_at_ms, last_at_ms, allowed, attempts, location)
      VALUES (:account, :ip, :method, :first, :last, :allowed, :attempts, :location)
      ON CONFLICT (account_id, ip, auth_method) DO UPDATE SET
        attempts = t.attempts + EXCLUDED.attempts,
        first_at_ms = LEAST(t.first_at_ms, EXCLUDED.first_at_ms),
        allowed = CASE WHEN EXCLUDED.last_at_ms >= t.last_at_ms
                       THEN EXCLUDED.allowed ELSE t.allowed END,
        location = CASE WHEN EXCLUDED.last_at_ms >= t.last_at_ms
                        THEN EXCLUDED.location ELSE t.location END,
        last_at_ms = GREATEST(t.last_at_ms, EXCLUDED.last_at_ms)
      """);

  /** The PostgreSQL channel on which committed changes are announced. */
  public static final String CHANGE_CHANNEL = "ipaccess_changes";

  // On the right of SET every column is read before the update, in both dialects, so the CASEs
  // compare against the stored last_at_ms.
  private final String attemptUpsert;

  StoreDialect(String attemptUpsert) {
    this.attemptUpsert = attemptUpsert;
  }

  /** Adds one attempt aggregate to the stored one (parameters as bound by the attempt store). */
  String attemptUpsert() {
    return attemptUpsert;
  }

  /**
   * Tells the other nodes, when the transaction commits, that the store changed: the payload is
   * the id of the account whose list changed, or empty for any other change. PostgreSQL holds a
   * notification back until the commit and drops it on a rollback.
   */
  void announceChange(Handle handle, String payload) {
    if (this == POSTGRESQL) {
      handle.createQuery("SELECT pg_notify(:channel, :payload)")
          .bind("channel", CHANGE_CHANNEL)
          .bind("payload", payload)
          .mapTo(String.class)
          .one();
    }
  }
}
