package io.ipaccess.testing;

import io.ipaccess.console.AdminPreset;
import io.ipaccess.server.IpAccessServer;
import io.ipaccess.server.ServerConfig;
import io.ipaccess.smtp.SmtpConfig;
import io.ipaccess.smtp.SmtpRelay;
import io.ipaccess.store.StoreLocation;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real ipaccess node for tests: a fresh store (the embedded one in a temporary directory, or a
 * PostgreSQL database of its own when {@link TestStore#BACKEND} says so), the HTTP server on a
 * free port, and a known API key for the first account. {@link #restart} stops and starts it on
 * the same store.
 */
public final class RunningServer implements AutoCloseable {

  /** The first account's key in every test server. */
  public static final String KEY = "ipa_test_key_0123456789abcdefghijklmnop";
  /** The first account's console user in every test server, and its password. */
  public static final String ADMIN_USER = "admin";
  public static final String ADMIN_PASSWORD = "test-password-0123456789";
  private static final AdminPreset ADMIN = new AdminPreset(ADMIN_USER, ADMIN_PASSWORD);

  private final TestStore store;
  private ServerConfig config;
  private IpAccessServer server;

  private RunningServer(TestStore store, ServerConfig config) {
    this.store = store;
    this.config = config;
    try {
      this.server = IpAccessServer.start(config, store.location(), KEY, ADMIN);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Starts a server on a new, empty store. */
  public static RunningServer start() {
    return start(Optional.empty());
  }

  /** Starts a server on a new, empty store, with the test configuration changed by {@code edit}. */
  public static RunningServer start(UnaryOperator<ServerConfig> edit) {
    return start(Optional.empty(), edit);
  }

  /** Starts a server on a new, empty store, with a GeoIP database. */
  public static RunningServer start(Optional<Path> geoipDb) {
    return start(geoipDb, UnaryOperator.identity());
  }

  private static RunningServer start(Optional<Path> geoipDb, UnaryOperator<ServerConfig> edit) {
    TestStore store = TestStore.create();
    Path dataDir = store.dataDir();
    ServerConfig defaults = ServerConfig.defaults(dataDir);
    ServerConfig config = new ServerConfig(dataDir, "127.0.0.1", 0, geoipDb,
        defaults.attemptBufferSize(), 100, 100);
    return new RunningServer(store, edit.apply(config));
  }

  /** Starts a server on a new, empty store, with the SMTP relay configured by {@code smtp}. */
  public static RunningServer startWithSmtp(SmtpConfig smtp) {
    return start(Optional.empty(), config -> config.withSmtp(smtp));
  }

  /** The running SMTP relay; fails if the server was started without one. */
  public SmtpRelay smtp() {
    return server.smtp().orElseThrow(() -> new AssertionError("started without SMTP"));
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  /** {@code host:port}, as the SendGrid client's {@code setHost} takes it. */
  public String hostAndPort() {
    return "127.0.0.1:" + server.httpPort();
  }

  /** The reverse proxy's base URL, e.g. {@code http://127.0.0.1:41235}, when it runs. */
  public String proxyUrl() {
    return "http://127.0.0.1:" + server.proxyPort().orElseThrow();
  }

  public Path dataDir() {
    return store.dataDir();
  }

  /**
   * The one CLI option that names this node's store, so that a command works on the same store
   * as the node: {@code --data-dir=DIR}, or {@code --db-url=URL} with the user in the URL.
   */
  public String storeArg() {
    StoreLocation location = store.location();
    if (location.embeddedDataDir().isPresent()) {
      return "--data-dir=" + store.dataDir();
    }
    String url = location.jdbcUrl();
    String user = location.user() == null ? ""
        : (url.contains("?") ? "&" : "?") + "user=" + location.user();
    return "--db-url=" + url + user;
  }

  /** The store the node runs on. */
  public TestStore store() {
    return store;
  }

  /** Stops the node and starts a new one on the same store (and the same port if free). */
  public void restart() {
    int port = server.httpPort();
    server.smtp().ifPresent(relay -> config = config.withSmtp(config.smtp().withPorts(
        relay.port(), relay.implicitTlsPort(), relay.proxyProtocolPort())));
    server.close();
    server = IpAccessServer.start(config.withHttpPort(port), store.location(), KEY, ADMIN);
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      store.close();
    }
  }
}
