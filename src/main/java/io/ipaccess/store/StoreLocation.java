package io.ipaccess.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the store lives: the embedded H2 file in a data directory, or a PostgreSQL database
 * shared by several nodes.
 *
 * <p>Examples: {@code StoreLocation.embedded(Path.of("data"))},
 * {@code StoreLocation.postgresql("jdbc:postgresql://db.internal:5432/ipaccess", "ipaccess",
 * password)}. A {@code null} user or password leaves them to the URL's own parameters.
 *
 * @param jdbcUrl the JDBC URL
 * @param user the database user, or {@code null}
 * @param password the database password, or {@code null}; never shown by {@link #toString}
 */
public record StoreLocation(String jdbcUrl, String user, String password) {

  private static final String POSTGRESQL_PREFIX = "jdbc:postgresql://";
  private static final String H2_PREFIX = "jdbc:h2:file:";

  /** The embedded H2 store in {@code dataDir}. */
  public static StoreLocation embedded(Path dataDir) {
    Path file = dataDir.toAbsolutePath().resolve("ipaccess");
    // TRACE_LEVEL_FILE=0: no trace files beside the store; failures are logged instead.
    return new StoreLocation(H2_PREFIX + file + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000"
        + ";TRACE_LEVEL_FILE=0", "sa", "");
  }

  /** The data directory of an embedded store, or empty for a PostgreSQL database. */
  public Optional<Path> embeddedDataDir() {
    if (!jdbcUrl.startsWith(H2_PREFIX)) {
      return Optional.empty();
    }
    int end = jdbcUrl.indexOf(';');
    Path file = Path.of(jdbcUrl.substring(H2_PREFIX.length(), end < 0 ? jdbcUrl.length() : end));
    return Optional.ofNullable(file.getParent());
  }

  /**
   * A PostgreSQL database.
   *
   * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL
   */
  public static StoreLocation postgresql(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith(POSTGRESQL_PREFIX)
        || jdbcUrl.length() == POSTGRESQL_PREFIX.length()) {
      throw new IllegalArgumentException("--db-url must be a PostgreSQL JDBC URL such as"
          + " jdbc:postgresql://db.example.com:5432/ipaccess, not '" + jdbcUrl + "'");
    }
    return new StoreLocation(jdbcUrl, user, password);
  }

  /** The SQL dialect this location speaks. */
  public StoreDialect dialect() {
    return jdbcUrl.startsWith(POSTGRESQL_PREFIX) ? StoreDialect.POSTGRESQL : StoreDialect.H2;
  }

  /** The URL without its parameters, which may carry a password: safe to log. */
  public String redactedUrl() {
    int parameters = jdbcUrl.indexOf(jdbcUrl.startsWith(POSTGRESQL_PREFIX) ? '?' : ';');
    return parameters < 0 ? jdbcUrl : jdbcUrl.substring(0, parameters);
  }

  @Override
  public String toString() {
    return "StoreLocation[" + redactedUrl() + ", user=" + user + "]";
  }
}
