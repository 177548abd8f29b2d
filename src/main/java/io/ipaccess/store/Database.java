package io.ipaccess.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The relational store: a pooled data source, its schema brought up to date by Flyway, and a
 * JDBI handle for the repositories.
 *
 * <p>The embedded store is an H2 file database opened in {@code AUTO_SERVER} mode: the first
 * process to open the file serves it to the others over loopback, so that the CLI can change
 * accounts, keys and lists while {@code serve} runs on the same data directory.
 */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /** Opens (creating if needed) the embedded H2 store in {@code dataDir} and migrates it. */
  public static Database openEmbedded(Path dataDir) {
    Path file = dataDir.toAbsolutePath().resolve("ipaccess");
    String url = "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000";
    return open(url, "sa", "");
  }

  /** Opens the store at a JDBC URL and migrates it. */
  public static Database open(String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setPoolName("ipaccess-store");
    config.setMaximumPoolSize(8);
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      migrate(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Database(dataSource);
  }

  private static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
