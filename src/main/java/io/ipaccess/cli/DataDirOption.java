package io.ipaccess.cli;

import io.ipaccess.store.Database;
import io.ipaccess.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The store options that every command shares: {@code --data-dir} for the embedded store, or
 * {@code --db-url} (with {@code --db-user} and {@code --db-password}) for a PostgreSQL database
 * that several nodes share.
 */
final class DataDirOption {

  static final String DB_PASSWORD_ENV = "IPACCESS_DB_PASSWORD";
  private static final String EMBEDDED_FILE = "ipaccess.mv.db";

  @Option(
      names = "--data-dir",
      defaultValue = "./data",
      description = "Where the embedded store lives (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--db-url", description = "A PostgreSQL JDBC URL, e.g."
      + " jdbc:postgresql://db.example.com:5432/ipaccess, to use a database shared by several"
      + " nodes instead of the embedded store.")
  String dbUrl;

  @Option(names = "--db-user", description = "The PostgreSQL user (default: the URL's).")
  String dbUser;

  // Read from the environment by default so that the password need not appear in a process list.
  @Option(names = "--db-password", defaultValue = "${env:" + DB_PASSWORD_ENV + "}",
      description = "The PostgreSQL password (default: $" + DB_PASSWORD_ENV + ", else the URL's).")
  String dbPassword;

  /**
   * The store these options name.
   *
   * @throws IllegalArgumentException if {@code --db-url} is not a PostgreSQL URL, or a user is
   *     given without it
   */
  StoreLocation location() {
    if (dbUrl == null) {
      if (dbUser != null) {
        throw new IllegalArgumentException("--db-user needs --db-url: the embedded store in"
            + " --data-dir has no users");
      }
      return StoreLocation.embedded(dataDir);
    }
    return StoreLocation.postgresql(dbUrl, dbUser, dbPassword);
  }

  /**
   * Opens an existing store; works whether or not {@code serve} runs on the same store.
   *
   * @throws IllegalArgumentException if {@code --data-dir} holds no store, so that a mistyped
   *     path reads as a mistake rather than as an empty store
   */
  Database open() {
    StoreLocation location = location();
    if (dbUrl == null && !Files.exists(dataDir.resolve(EMBEDDED_FILE))) {
      throw new IllegalArgumentException("no ipaccess store in --data-dir " + dataDir
          + ": check the path, or create the store with: ipaccess serve --data-dir " + dataDir);
    }
    return Database.open(location);
  }

  /** Opens the store, creating an embedded one when {@code --data-dir} has none yet. */
  Database openOrCreate() {
    return Database.open(location());
  }
}
