package io.ipaccess.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The relational store: a pooled data source, its schema brought up to date by Flyway, and a
 * JDBI handle for the repositories.
 *
 * <p>The embedded store is an H2 file database opened in {@code AUTO_SERVER} mode: the first
 * process to open the file serves it to the others over loopback, so that the CLI can change
 * accounts, keys and lists while {@code serve} runs on the same data directory. Several nodes
 * share a PostgreSQL database instead; both run the same migrations and repository code, and
 * what differs is in {@link StoreDialect}.
 */
public final class Database implements AutoCloseable {

  // A request that needs the database waits at most this long for a connection before it is
  // answered "store unavailable"; the pool's default of 30 s would hold clients through an outage.
  private static final long CONNECTION_TIMEOUT_MS = 2_000;
  // PostgreSQL connection settings (seconds) unless the URL sets them: a dead peer that sends no
  // reset is noticed within SOCKET_TIMEOUT_S instead of never.
  private static final String CONNECT_TIMEOUT_S = "3";
  private static final String SOCKET_TIMEOUT_S = "30";

  static {
    // The embedded store serves the CLI over TCP while serve runs (AUTO_SERVER). H2 refuses
    // remote clients anyway; binding to loopback keeps the port off the network altogether.
    // H2 reads this once, when its classes load, so it is set before any store is opened.
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
  }

  private final StoreLocation location;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(StoreLocation location, HikariDataSource dataSource) {
    this.location = location;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /** Opens (creating if needed) the embedded H2 store in {@code dataDir} and migrates it. */
  public static Database openEmbedded(Path dataDir) {
    return open(StoreLocation.embedded(dataDir));
  }

  /** Opens the store at a JDBC URL and migrates it. */
  public static Database open(String jdbcUrl, String user, String password) {
    return open(new StoreLocation(jdbcUrl, user, password));
  }

  /** Opens the store and migrates it. */
  public static Database open(StoreLocation location) {
    location.embeddedDataDir().ifPresent(Database::createPrivately);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(location.jdbcUrl());
    config.setUsername(location.user());
    config.setPassword(location.password());
    config.setPoolName("ipaccess-store");
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    connectionProperties(location).forEach((key, value) ->
        config.addDataSourceProperty((String) key, value));
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw unreachable(location, e);
    }
    try {
      migrate(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw unreachable(location, e);
    }
    return new Database(location, dataSource);
  }

  /**
   * Says plainly which store could not be reached and why; a failure that is not an outage goes
   * on as it was.
   */
  private static RuntimeException unreachable(StoreLocation location, RuntimeException failure) {
    if (StoreOutage.isOutage(failure)) {
      return new IllegalStateException("cannot reach the store at " + location.redactedUrl()
          + ": " + StoreOutage.describe(failure), failure);
    }
    // A missing database or role, a wrong password: the database's own words say which.
    SQLException refusal = sqlCause(failure);
    if (refusal != null) {
      return new IllegalStateException("cannot open the store at " + location.redactedUrl()
          + ": " + refusal.getMessage().lines().findFirst().orElse("").strip(), failure);
    }
    return failure;
  }

  private static SQLException sqlCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  /**
   * Creates a missing data directory readable by its owner only: the store, and H2's lock file
   * with the address and secret of its loopback server, live there.
   */
  private static void createPrivately(Path dataDir) {
    if (Files.isDirectory(dataDir)) {
      return;
    }
    try {
      Files.createDirectories(dataDir);
      if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create the data directory " + dataDir + ": "
          + e.getMessage(), e);
    }
  }

  private static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** The SQL dialect of this store. */
  public StoreDialect dialect() {
    return location.dialect();
  }

  /** Where this store lives. */
  public StoreLocation location() {
    return location;
  }

  /**
   * A connection of its own, outside the pool, for a session that lives long (a listener). The
   * caller closes it.
   */
  Connection openDedicatedConnection() throws SQLException {
    Properties properties = connectionProperties(location);
    if (location.user() != null) {
      properties.setProperty("user", location.user());
    }
    if (location.password() != null) {
      properties.setProperty("password", location.password());
    }
    return DriverManager.getConnection(location.jdbcUrl(), properties);
  }

  @Override
  public void close() {
    dataSource.close();
  }

  // Parameters in the URL take precedence over these, so an operator can override them there.
  private static Properties connectionProperties(StoreLocation location) {
    Properties properties = new Properties();
    if (location.dialect() == StoreDialect.POSTGRESQL) {
      properties.setProperty("connectTimeout", CONNECT_TIMEOUT_S);
      properties.setProperty("socketTimeout", SOCKET_TIMEOUT_S);
      properties.setProperty("tcpKeepAlive", "true");
      properties.setProperty("ApplicationName", "ipaccess");
    }
    return properties;
  }
}
