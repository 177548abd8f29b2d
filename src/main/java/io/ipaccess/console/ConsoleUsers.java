package io.ipaccess.console;

import io.ipaccess.account.Account;
import io.ipaccess.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Console users in the store: created by the first start and the CLI, checked at login. A new
 * password ends the user's sessions.
 */
public final class ConsoleUsers {

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

  private final Jdbi jdbi;
  private final Clock clock;
  private final Passwords passwords = new Passwords();

  public ConsoleUsers(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * Creates a user of an account.
   *
   * @throws IllegalArgumentException if the name or the password breaks the rules, or the name is
   *     taken
   */
  public ConsoleUser create(Account account, String username, String password) {
    checkUsername(username);
    String hash = passwords.hash(password);
    if (find(username).isPresent()) {
      throw taken(username, null);
    }
    long nowMs = clock.millis();
    try {
      long id = jdbi.withHandle(handle -> handle
          .createUpdate("INSERT INTO console_users (account_id, username, password_hash,"
              + " created_at_ms, updated_at_ms) VALUES (:account, :name, :hash, :now, :now)")
          .bind("account", account.id())
          .bind("name", username)
          .bind("hash", hash)
          .bind("now", nowMs)
          .executeAndReturnGeneratedKeys("id")
          .mapTo(Long.class)
          .one());
      return new ConsoleUser(id, account, username);
    } catch (UnableToExecuteStatementException e) {
      // Lost a race with another process creating the same name.
      throw taken(username, e);
    }
  }

  /**
   * Sets a user's password and signs the user out everywhere.
   *
   * @throws IllegalArgumentException if there is no such user or the password breaks the rules
   */
  public void setPassword(String username, String password) {
    String hash = passwords.hash(password);
    ConsoleUser user = find(username).orElseThrow(() -> new IllegalArgumentException(
        "no console user named '" + username + "'; list them with: ipaccess users list"));
    jdbi.useTransaction(handle -> {
      handle.createUpdate("UPDATE console_users SET password_hash = :hash, updated_at_ms = :now"
              + " WHERE id = :id")
          .bind("hash", hash)
          .bind("now", clock.millis())
          .bind("id", user.id())
          .execute();
      handle.createUpdate("DELETE FROM console_sessions WHERE user_id = :id")
          .bind("id", user.id())
          .execute();
    });
  }

  /** The user whose name and password these are; takes as long when the name is unknown. */
  public Optional<ConsoleUser> authenticate(String username, String password) {
    Optional<StoredUser> stored = findStored(username);
    if (stored.isEmpty()) {
      passwords.matchDecoy(password);
      return Optional.empty();
    }
    return passwords.matches(password, stored.get().hash())
        ? Optional.of(stored.get().user())
        : Optional.empty();
  }

  public Optional<ConsoleUser> find(String username) {
    return findStored(username).map(StoredUser::user);
  }

  /** Every user with the name of their account, in the order they were created. */
  public List<ConsoleUser> all() {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT u.id, u.username, u.password_hash, a.id AS account_id,"
            + " a.name AS account_name FROM console_users u JOIN accounts a"
            + " ON a.id = u.account_id ORDER BY u.id")
        .map((rs, ctx) -> storedUser(rs).user())
        .list());
  }

  /** Whether no user exists yet, as on a first start. */
  public boolean isEmpty() {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT COUNT(*) FROM console_users")
        .mapTo(Long.class)
        .one()) == 0;
  }

  /** Refuses a name that breaks the rules, quoting it. */
  public static void checkUsername(String username) {
    if (!USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException("'" + username + "' is not a valid user name: use 1 to"
          + " 100 letters, digits, '.', '_', '@' or '-'");
    }
  }

  /** A random password for a new user, to be shown once. */
  public static String generatePassword() {
    return Passwords.generate();
  }

  private Optional<StoredUser> findStored(String username) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT u.id, u.username, u.password_hash, a.id AS account_id,"
            + " a.name AS account_name FROM console_users u JOIN accounts a"
            + " ON a.id = u.account_id WHERE u.username = :name")
        .bind("name", username)
        .map((rs, ctx) -> storedUser(rs))
        .findOne());
  }

  private static StoredUser storedUser(ResultSet rs) throws SQLException {
    Account account = new Account(rs.getLong("account_id"), rs.getString("account_name"));
    return new StoredUser(new ConsoleUser(rs.getLong("id"), account, rs.getString("username")),
        rs.getString("password_hash"));
  }

  private static IllegalArgumentException taken(String username, Exception cause) {
    return new IllegalArgumentException(
        "a console user named '" + username + "' already exists", cause);
  }

  private record StoredUser(ConsoleUser user, String hash) {}
}
