package io.ipaccess.cli;

import io.ipaccess.console.AdminPreset;
import io.ipaccess.server.IpAccessServer;
import io.ipaccess.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipaccess serve}: runs the service until it is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the service: the API on --http-port, on the store in --data-dir.")
final class ServeCommand implements Runnable {

  static final String ADMIN_KEY_ENV = "IPACCESS_ADMIN_API_KEY";

  @Spec CommandSpec spec;
  @Mixin DataDirOption store;

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

  @Override
  public void run() {
    if (geoipDb != null && !Files.isReadable(geoipDb)) {
      throw new IllegalArgumentException("--geoip-db " + geoipDb + " is not a readable file");
    }
    ServerConfig defaults = ServerConfig.defaults(store.dataDir);
    ServerConfig config = new ServerConfig(store.dataDir, httpHost, httpPort,
        Optional.ofNullable(geoipDb), attemptBuffer, defaults.attemptFlushIntervalMs(),
        defaults.storePollIntervalMs());

    AdminPreset consoleAdmin = AdminPreset.fromEnvironment(System.getenv());
    IpAccessServer server =
        IpAccessServer.start(config, System.getenv(ADMIN_KEY_ENV), consoleAdmin);
    server.generatedKey().ifPresent(key -> spec.commandLine().getOut().println(
        "Created account 'default'. Its API key, shown this once: " + key));
    server.generatedAdminPassword().ifPresent(password -> spec.commandLine().getOut().println(
        "Created console user '" + consoleAdmin.username() + "'. Its password, shown this once: "
            + password));
    spec.commandLine().getOut().println("ipaccess is serving on http://localhost:"
        + server.httpPort() + " (health: /healthz)");
    spec.commandLine().getOut().println("Web console: http://localhost:" + server.httpPort()
        + "/console");
    spec.commandLine().getOut().flush();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
