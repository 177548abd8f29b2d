package io.ipaccess.console;

import io.ipaccess.account.Account;
import io.ipaccess.account.ApiKeys;
import io.ipaccess.store.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Console sessions in the store. The cookie holds a random token; the store holds only its
 * SHA-256, with the session's CSRF token and its times.
 *
 * <p>A session ends when it has been idle for {@code idleTimeout}, when it is older than
 * {@code maxAge}, at logout, and when the user's password changes.
 */
final class SessionStore {

  private static final SecureRandom RANDOM = new SecureRandom();
  // Writing last_seen on every request would make every page load a write; once a minute keeps
  // the idle timeout accurate enough.
  private static final long TOUCH_EVERY_MS = 60_000;

  private final Jdbi jdbi;
  private final Clock clock;
  private final long idleTimeoutMs;
  private final long maxAgeMs;

  SessionStore(Database database, Clock clock, Duration idleTimeout, Duration maxAge) {
    this.jdbi = database.jdbi();
    this.clock = clock;
    this.idleTimeoutMs = idleTimeout.toMillis();
    this.maxAgeMs = maxAge.toMillis();
  }

  /** Starts a session for a user; the token goes into the cookie and nowhere else. */
  NewSession open(long userId) {
    String token = randomToken();
    String csrfToken = randomToken();
    long nowMs = clock.millis();
    jdbi.useHandle(handle -> handle
        .createUpdate("INSERT INTO console_sessions (token_hash, user_id, csrf_token,"
            + " created_at_ms, last_seen_at_ms) VALUES (:hash, :user, :csrf, :now, :now)")
        .bind("hash", ApiKeys.hash(token))
        .bind("user", userId)
        .bind("csrf", csrfToken)
        .bind("now", nowMs)
        .execute());
    return new NewSession(token, csrfToken);
  }

  /** The live session a token names; an expired one is deleted and not returned. */
  Optional<LiveSession> find(String token) {
    String hash = ApiKeys.hash(token);
    long nowMs = clock.millis();
    Optional<Row> row = jdbi.withHandle(handle -> handle
        .createQuery("SELECT s.csrf_token, s.created_at_ms, s.last_seen_at_ms, u.id AS user_id,"
            + " u.username, a.id AS account_id, a.name AS account_name FROM console_sessions s"
            + " JOIN console_users u ON u.id = s.user_id JOIN accounts a ON a.id = u.account_id"
            + " WHERE s.token_hash = :hash")
        .bind("hash", hash)
        .map((rs, ctx) -> new Row(new LiveSession(
            new ConsoleUser(rs.getLong("user_id"),
                new Account(rs.getLong("account_id"), rs.getString("account_name")),
                rs.getString("username")),
            rs.getString("csrf_token")),
            rs.getLong("created_at_ms"), rs.getLong("last_seen_at_ms")))
        .findOne());
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Row found = row.get();
    if (nowMs - found.lastSeenAtMs() > idleTimeoutMs || nowMs - found.createdAtMs() > maxAgeMs) {
      close(token);
      return Optional.empty();
    }
    if (nowMs - found.lastSeenAtMs() > TOUCH_EVERY_MS) {
      jdbi.useHandle(handle -> handle
          .createUpdate("UPDATE console_sessions SET last_seen_at_ms = :now"
              + " WHERE token_hash = :hash")
          .bind("now", nowMs)
          .bind("hash", hash)
          .execute());
    }
    return Optional.of(found.session());
  }

  /** Ends a session; ending one that does not exist is not an error. */
  void close(String token) {
    jdbi.useHandle(handle -> handle
        .createUpdate("DELETE FROM console_sessions WHERE token_hash = :hash")
        .bind("hash", ApiKeys.hash(token))
        .execute());
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A session just opened: the cookie's token and the CSRF token. */
  record NewSession(String token, String csrfToken) {}

  /** A valid session: whose it is and the token its changes must carry. */
  record LiveSession(ConsoleUser user, String csrfToken) {}

  private record Row(LiveSession session, long createdAtMs, long lastSeenAtMs) {}
}
