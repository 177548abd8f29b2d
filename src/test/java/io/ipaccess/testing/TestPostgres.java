package io.ipaccess.testing;

import static org.assertj.core.api.Assertions.fail;

import io.ipaccess.store.StoreLocation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL database of its own for one test store: created with a unique name on the
 * machine's server (by default 127.0.0.1:5432, user postgres, through database {@code test}) and
 * dropped on {@link #close}.
 *
 * <p>Where the server cannot be reached the test is skipped with a printed reason, unless the
 * environment variable {@code CI} is {@code true}, in which case it fails.
 */
public final class TestPostgres implements AutoCloseable {

  /** The server's host and port, {@code 127.0.0.1:5432} unless this system property says. */
  public static final String SERVER_PROPERTY = "ipaccess.test.postgres";
  /** The user the tests connect as. */
  public static final String USER = "postgres";

  private final String name;

  private TestPostgres(String name) {
    this.name = name;
  }

  /** Creates a fresh, empty database, or skips (fails in CI) when PostgreSQL is unreachable. */
  public static TestPostgres create() {
    String name = "ipaccess_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection admin = connect("test"); Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      unreachable(e);
    }
    return new TestPostgres(name);
  }

  /** {@code host:port} of the server. */
  public static String server() {
    return System.getProperty(SERVER_PROPERTY, "127.0.0.1:5432");
  }

  /** The database's name. */
  public String name() {
    return name;
  }

  /** The store location of this database, connecting directly. */
  public StoreLocation location() {
    return locationVia(server());
  }

  /** The store location of this database through another {@code host:port}, e.g. a proxy. */
  public StoreLocation locationVia(String hostAndPort) {
    return StoreLocation.postgresql(
        "jdbc:postgresql://" + hostAndPort + "/" + name, USER, null);
  }

  /** A direct connection to this database, for a test's own checks. */
  public Connection connect() throws SQLException {
    return connect(name);
  }

  @Override
  public void close() {
    try (Connection admin = connect("test"); Statement statement = admin.createStatement()) {
      // FORCE ends sessions a stopped node may still hold.
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }

  private static Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + server() + "/" + database, properties);
  }

  private static void unreachable(SQLException e) {
    String reason = "PostgreSQL at " + server() + " (database test, user " + USER
        + ") is not reachable: " + e.getMessage();
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(reason + " (CI is true, so PostgreSQL is required)");
    }
    System.out.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
  }
}
