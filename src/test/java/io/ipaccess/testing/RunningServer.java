package io.ipaccess.testing;

import io.ipaccess.console.AdminPreset;
import io.ipaccess.server.IpAccessServer;
import io.ipaccess.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real ipaccess node for tests: the embedded store in a fresh temporary directory, the HTTP
 * server on a free port, and a known API key for the first account. {@link #restart} stops and
 * starts it on the same directory.
 */
public final class RunningServer implements AutoCloseable {

  /** The first account's key in every test server. */
  public static final String KEY = "ipa_test_key_0123456789abcdefghijklmnop";
  /** The first account's console user in every test server, and its password. */
  public static final String ADMIN_USER = "admin";
  public static final String ADMIN_PASSWORD = "test-password-0123456789";
  private static final AdminPreset ADMIN = new AdminPreset(ADMIN_USER, ADMIN_PASSWORD);

  private final Path dataDir;
  private final ServerConfig config;
  private IpAccessServer server;

  private RunningServer(Path dataDir, ServerConfig config) {
    this.dataDir = dataDir;
    this.config = config;
    this.server = IpAccessServer.start(config, KEY, ADMIN);
  }

  /** Starts a server on a new, empty store. */
  public static RunningServer start() {
    return start(Optional.empty());
  }

  /** Starts a server on a new, empty store, with a GeoIP database. */
  public static RunningServer start(Optional<Path> geoipDb) {
    try {
      Path dataDir = Files.createTempDirectory("ipaccess-test");
      ServerConfig defaults = ServerConfig.defaults(dataDir);
      ServerConfig config = new ServerConfig(dataDir, "127.0.0.1", 0, geoipDb,
          defaults.attemptBufferSize(), 100, 100);
      return new RunningServer(dataDir, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  /** {@code host:port}, as the SendGrid client's {@code setHost} takes it. */
  public String hostAndPort() {
    return "127.0.0.1:" + server.httpPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the node and starts a new one on the same store (and the same port if free). */
  public void restart() {
    int port = server.httpPort();
    server.close();
    server = IpAccessServer.start(config.withHttpPort(port), KEY, ADMIN);
  }

  @Override
  public void close() {
    server.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
