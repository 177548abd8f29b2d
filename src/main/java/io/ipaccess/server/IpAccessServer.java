package io.ipaccess.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipaccess.account.KeyRing;
import io.ipaccess.activity.AttemptRecorder;
import io.ipaccess.activity.GeoLocator;
import io.ipaccess.allowlist.AccessGate;
import io.ipaccess.allowlist.AllowListService;
import io.ipaccess.allowlist.AllowLists;
import io.ipaccess.api.Api;
import io.ipaccess.console.AdminPreset;
import io.ipaccess.console.Console;
import io.ipaccess.console.ConsoleFirstStart;
import io.ipaccess.console.ConsoleUsers;
import io.ipaccess.http.ClientAddressResolver;
import io.ipaccess.store.Database;
import io.ipaccess.store.JdbiAccountStore;
import io.ipaccess.store.JdbiAllowListStore;
import io.ipaccess.store.JdbiAttemptStore;
import io.ipaccess.store.StoreVersion;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ipaccess node: the store, the compiled lists, the attempt recorder and the HTTP
 * server, wired together. {@link #close} stops them in the reverse order and writes the attempts
 * still buffered.
 */
public final class IpAccessServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IpAccessServer.class);

  private final Database database;
  private final GeoLocator locator;
  private final AttemptRecorder recorder;
  private final StoreWatcher watcher;
  private final Javalin http;
  private final Optional<String> generatedKey;
  private final Optional<String> generatedAdminPassword;

  private IpAccessServer(ServerConfig config, String presetAdminKey, AdminPreset consoleAdmin) {
    Clock clock = Clock.systemUTC();
    this.database = Database.openEmbedded(config.dataDir());
    JdbiAccountStore accounts = new JdbiAccountStore(database, clock);
    this.generatedKey = FirstStart.bootstrap(accounts, presetAdminKey);
    ConsoleUsers consoleUsers = new ConsoleUsers(database, clock);
    this.generatedAdminPassword =
        ConsoleFirstStart.bootstrap(accounts, consoleUsers, consoleAdmin);

    this.locator = config.geoipDb().map(GeoLocator::open).orElseGet(GeoLocator::withoutDatabase);
    JdbiAttemptStore attempts = new JdbiAttemptStore(database);
    this.recorder = new AttemptRecorder(
        attempts, locator, config.attemptBufferSize(), config.attemptFlushIntervalMs());

    AllowLists lists = new AllowLists();
    AllowListService service = new AllowListService(new JdbiAllowListStore(database), lists, clock);
    KeyRing keys = new KeyRing();
    this.watcher = new StoreWatcher(new StoreVersion(database), service, lists, accounts, keys);
    watcher.start(config.storePollIntervalMs());

    AccessGate gate = new AccessGate(lists, recorder, clock);
    ObjectMapper json = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    ClientAddressResolver addresses = new ClientAddressResolver();
    Console console = new Console(consoleUsers, database, gate, addresses, json, clock);
    Api api = new Api(keys, gate, addresses, service, recorder, attempts, json, console);
    this.http = Javalin.create(javalin -> {
      javalin.startup.showJavalinBanner = false;
      javalin.startup.showOldJavalinVersionWarning = false;
      javalin.http.prefer405over404 = true;
      javalin.jsonMapper(new JavalinJackson(json, false));
      api.register(javalin.routes);
      console.register(javalin.routes);
    });
    if (config.httpHost() == null) {
      http.start(config.httpPort());
    } else {
      http.start(config.httpHost(), config.httpPort());
    }
    LOG.info("event=started http_port={} data_dir={} accounts_with_keys={}", http.port(),
        config.dataDir().toAbsolutePath(), keys.size());
  }

  /**
   * Opens the store, creates the first account if there is none, and starts serving.
   *
   * @param presetAdminKey the first account's key, or {@code null} to generate one
   */
  public static IpAccessServer start(ServerConfig config, String presetAdminKey) {
    return start(config, presetAdminKey, AdminPreset.generated());
  }

  /**
   * As {@link #start(ServerConfig, String)}, with the first console user as preset (see
   * {@link AdminPreset}).
   */
  public static IpAccessServer start(ServerConfig config, String presetAdminKey,
      AdminPreset consoleAdmin) {
    return new IpAccessServer(config, presetAdminKey, consoleAdmin);
  }

  /** The port the HTTP server listens on. */
  public int httpPort() {
    return http.port();
  }

  /** The first account's key, when this start generated it; to be shown once. */
  public Optional<String> generatedKey() {
    return generatedKey;
  }

  /** The first console user's password, when this start generated it; to be shown once. */
  public Optional<String> generatedAdminPassword() {
    return generatedAdminPassword;
  }

  @Override
  public void close() {
    http.stop();
    watcher.close();
    recorder.close();
    try {
      locator.close();
    } catch (IOException e) {
      LOG.warn("event=geoip_close_failed reason={}", e.toString());
    }
    database.close();
  }
}
