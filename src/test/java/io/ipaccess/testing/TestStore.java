package io.ipaccess.testing;

import io.ipaccess.store.StoreLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh, empty store for one test, on the backend the build chose: the embedded H2 store by
 * default, or a PostgreSQL database of its own when the system property {@value #BACKEND} is
 * {@code postgresql} (the build's second test run sets it). Every store-backed test that gets its
 * store here, or through {@link RunningServer}, runs on both.
 */
public final class TestStore implements AutoCloseable {

  /** The system property that picks the backend: {@code h2} (default) or {@code postgresql}. */
  public static final String BACKEND = "ipaccess.test.store";

  private final Path dataDir;
  private final TestPostgres postgres;

  private TestStore(Path dataDir, TestPostgres postgres) {
    this.dataDir = dataDir;
    this.postgres = postgres;
  }

  /** A new store on the backend the build chose. */
  public static TestStore create() {
    String backend = System.getProperty(BACKEND, "h2");
    return switch (backend) {
      case "h2" -> new TestStore(tempDir(), null);
      case "postgresql" -> postgresql();
      default -> throw new IllegalArgumentException(
          BACKEND + " must be h2 or postgresql, not '" + backend + "'");
    };
  }

  /** A new store on PostgreSQL, whatever the build chose (skipped where it is unreachable). */
  public static TestStore postgresql() {
    TestPostgres database = TestPostgres.create();
    return new TestStore(tempDir(), database);
  }

  /** A temporary directory for the node's files (and the embedded store, on H2). */
  public Path dataDir() {
    return dataDir;
  }

  /** Where the store is. */
  public StoreLocation location() {
    return postgres == null ? StoreLocation.embedded(dataDir) : postgres.location();
  }

  /** The PostgreSQL database, or {@code null} on H2. */
  public TestPostgres postgres() {
    return postgres;
  }

  @Override
  public void close() {
    if (postgres != null) {
      postgres.close();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("ipaccess-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
