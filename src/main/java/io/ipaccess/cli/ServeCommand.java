package io.ipaccess.cli;

import io.ipaccess.activity.GeoLocator;
import io.ipaccess.console.AdminPreset;
import io.ipaccess.http.ClientIpHeader;
import io.ipaccess.http.TrustedProxies;
import io.ipaccess.proxy.ProxyUpstream;
import io.ipaccess.server.FirstStart;
import io.ipaccess.server.IpAccessServer;
import io.ipaccess.server.ServerConfig;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code ipaccess serve}: runs the service until it is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the service: the API on --http-port, on the store in --data-dir or at"
        + " --db-url.")
final class ServeCommand implements Runnable {

  @Spec CommandSpec spec;
  @Mixin DataDirOption store;
  @Mixin SmtpOptions smtp;

  @Option(names = "--http-port", defaultValue = "8080",
      description = "The HTTP port for the API (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--http-host", description = "The interface to bind (default: all).")
  String httpHost;

  @Option(names = "--geoip-db", description = "An MMDB file (e.g. GeoLite2 Country) to show the"
      + " country of each access attempt.")
  Path geoipDb;

  @Option(names = "--attempt-buffer", defaultValue = "100000", description = "The most access"
      + " attempt aggregates held in memory between writes (default: ${DEFAULT-VALUE}).")
  int attemptBuffer;

  @Option(names = "--trusted-proxies", split = ",", paramLabel = "RANGE", description = "The"
      + " proxies whose forwarding headers are believed, e.g. 10.0.0.0/8,192.0.2.7 (default:"
      + " none, the TCP peer is the client).")
  List<String> trustedProxies = List.of();

  @Option(names = "--client-ip-header", defaultValue = "X-Forwarded-For", description = "The"
      + " header read from trusted proxies: X-Forwarded-For, Forwarded or X-Real-IP (default:"
      + " ${DEFAULT-VALUE}).")
  String clientIpHeader;

  @Option(names = "--proxy-upstream", paramLabel = "URL", description = "Also run a reverse"
      + " proxy that forwards admitted requests to this service, e.g. http://127.0.0.1:9000.")
  String proxyUpstream;

  @Option(names = "--proxy-port", description = "The reverse proxy's port (default: "
      + ServerConfig.DEFAULT_PROXY_PORT + ").")
  Integer proxyPort;

  @Override
  public void run() {
    if (proxyPort != null && proxyUpstream == null) {
      throw new IllegalArgumentException("--proxy-port needs --proxy-upstream: the reverse"
          + " proxy runs only when it knows where to forward requests");
    }
    if (geoipDb != null) {
      checkGeoipDb(geoipDb);
    }
    ServerConfig defaults = ServerConfig.defaults(store.dataDir);
    ServerConfig config = new ServerConfig(store.dataDir, httpHost, httpPort,
        Optional.ofNullable(geoipDb), attemptBuffer, defaults.attemptFlushIntervalMs(),
        defaults.storePollIntervalMs(), TrustedProxies.parse(trustedProxies),
        ClientIpHeader.parse(clientIpHeader),
        Optional.ofNullable(proxyUpstream).map(ProxyUpstream::parse),
        proxyPort == null ? ServerConfig.DEFAULT_PROXY_PORT : proxyPort, smtp.toConfig());

    AdminPreset consoleAdmin = AdminPreset.fromEnvironment(System.getenv());
    IpAccessServer server;
    try {
      server = IpAccessServer.start(
          config, store.location(), System.getenv(FirstStart.ADMIN_KEY_ENV), consoleAdmin);
    } catch (JavalinBindException e) {
      throw new IllegalStateException("cannot listen on " + (httpHost == null ? "port "
          : "--http-host " + httpHost + " ") + "--http-port " + httpPort + ": the port is in use,"
          + " not allowed, or the address is not one of this machine's; choose others with"
          + " --http-host and --http-port", e);
    }
    if (System.getenv(FirstStart.ADMIN_KEY_ENV) != null && server.createdFirstAccount()) {
      spec.commandLine().getOut().println("Created account 'default' with the API key from "
          + FirstStart.ADMIN_KEY_ENV + ".");
    }
    server.generatedKey().ifPresent(key -> spec.commandLine().getOut().println(
        "Created account 'default'. Its API key, shown this once: " + key));
    server.generatedAdminPassword().ifPresent(password -> spec.commandLine().getOut().println(
        "Created console user '" + consoleAdmin.username() + "'. Its password, shown this once: "
            + password));
    String base = "http://" + urlHost(httpHost) + ":" + server.httpPort();
    spec.commandLine().getOut().println("ipaccess is serving on " + base + " (health: /healthz)");
    spec.commandLine().getOut().println("Web console: " + base + "/console");
    server.proxyPort().ifPresent(port -> spec.commandLine().getOut().println(
        "The reverse proxy to " + proxyUpstream.strip() + " is serving on port " + port));
    server.smtp().ifPresent(relay -> spec.commandLine().getOut().println("SMTP relay on port "
        + relay.port() + " (user 'apikey', an API key as the password)"));
    spec.commandLine().getOut().flush();

    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean closing = new AtomicBoolean();
    Runnable stop = () -> {
      if (closing.compareAndSet(false, true)) {
        server.close();
      }
      stopped.countDown();
    };
    // H2 closes the embedded database from a shutdown hook of its own, which would race this
    // one and lose the attempts still buffered. Handlers for TERM and INT run before any
    // shutdown hook, so they close the server in order first; the hook covers other exits.
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> {
        stop.run();
        System.exit(0);
      });
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The host part of a URL for the bound interface: localhost when bound to all of them. */
  private static String urlHost(String host) {
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      return "localhost";
    }
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  private static void checkGeoipDb(Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("--geoip-db " + file + " is not a readable file");
    }
    try {
      GeoLocator.open(file).close();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--geoip-db " + file + " is not an MMDB database (such"
          + " as MaxMind GeoLite2 Country): " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
