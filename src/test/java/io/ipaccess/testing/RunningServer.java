package io.ipaccess.testing;

import io.ipaccess.server.IpAccessServer;
import io.ipaccess.server.ServerConfig;
import io.ipaccess.smtp.SmtpConfig;
import io.ipaccess.smtp.SmtpRelay;
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

  private final Path dataDir;
  private ServerConfig config;
  private IpAccessServer server;

  private RunningServer(Path dataDir, ServerConfig config) {
    this.dataDir = dataDir;
    this.config = config;
    this.server = IpAccessServer.start(config, KEY);
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

  /** Starts a server on a new, empty store, with the SMTP relay configured by {@code smtp}. */
  public static RunningServer startWithSmtp(SmtpConfig smtp) {
    try {
      Path dataDir = Files.createTempDirectory("ipaccess-test");
      ServerConfig defaults = ServerConfig.defaults(dataDir);
      ServerConfig config = new ServerConfig(dataDir, "127.0.0.1", 0, Optional.empty(),
          defaults.attemptBufferSize(), 100, 100, smtp);
      return new RunningServer(dataDir, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the node and starts a new one on the same store (and the same port if free). */
  public void restart() {
    int port = server.httpPort();
    server.smtp().ifPresent(relay -> config = config.withSmtp(config.smtp().withPorts(
        relay.port(), relay.implicitTlsPort(), relay.proxyProtocolPort())));
    server.close();
    server = IpAccessServer.start(config.withHttpPort(port), KEY);
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
