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
import io.ipaccess.authorize.AuthorizeEndpoint;
import io.ipaccess.http.Authorizer;
import io.ipaccess.console.AdminPreset;
import io.ipaccess.console.Console;
import io.ipaccess.console.ConsoleFirstStart;
import io.ipaccess.console.ConsoleUsers;
import io.ipaccess.http.ClientAddressResolver;
import io.ipaccess.proxy.ReverseProxy;
import io.ipaccess.store.ChangeListener;
import io.ipaccess.smtp.SmtpRelay;
import io.ipaccess.store.Database;
import io.ipaccess.store.JdbiAccountStore;
import io.ipaccess.store.JdbiAllowListStore;
import io.ipaccess.store.JdbiAttemptStore;
import io.ipaccess.store.StoreHealth;
import io.ipaccess.store.StoreLocation;
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
  private final ChangeListener changeListener;
  private final Javalin http;
  private final ReverseProxy proxy;
  private final Optional<String> generatedKey;
  private final boolean createdFirstAccount;
  private final Optional<SmtpRelay> smtp;
  private final Optional<String> generatedAdminPassword;

  private IpAccessServer(ServerConfig config, StoreLocation store, String presetAdminKey,
      AdminPreset consoleAdmin) {
    Clock clock = Clock.systemUTC();
    this.database = Database.open(store);
    StoreHealth storeHealth = new StoreHealth();
    JdbiAccountStore accounts = new JdbiAccountStore(database, clock);
    ConsoleUsers consoleUsers = new ConsoleUsers(database, clock);

    this.locator = config.geoipDb().map(GeoLocator::open).orElseGet(GeoLocator::withoutDatabase);
    JdbiAttemptStore attempts = new JdbiAttemptStore(database);
    this.recorder = new AttemptRecorder(
        attempts, locator, config.attemptBufferSize(), config.attemptFlushIntervalMs());

    AllowLists lists = new AllowLists();
    AllowListService service = new AllowListService(new JdbiAllowListStore(database), lists, clock);
    KeyRing keys = new KeyRing();
    this.watcher = new StoreWatcher(
        new StoreVersion(database), service, lists, accounts, keys, storeHealth);
    watcher.start(config.storePollIntervalMs());
    this.changeListener = ChangeListener.start(database, watcher, storeHealth);

    AccessGate gate = new AccessGate(lists, recorder, clock);
    ObjectMapper json = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    // One resolver for every HTTP door, so that they all judge a request by the same address.
    ClientAddressResolver addresses =
        new ClientAddressResolver(config.trustedProxies(), config.clientIpHeader());
    Authorizer authorizer = new Authorizer(keys, gate, addresses);
    AuthorizeEndpoint authorize = new AuthorizeEndpoint(authorizer, json);
    Console console = new Console(consoleUsers, database, gate, addresses, json, clock);
    Api api = new Api(keys, gate, addresses, service, recorder, attempts, json, console)
        .withStoreHealth(storeHealth);
    this.http = Javalin.create(javalin -> {
      javalin.startup.showJavalinBanner = false;
      javalin.startup.showOldJavalinVersionWarning = false;
      javalin.http.prefer405over404 = true;
      javalin.jsonMapper(new JavalinJackson(json, false));
      // /authorize answers ahead of the framework; everything else passes on to it.
      javalin.jetty.modifyServer(server -> server.setHandler(authorize));
      api.register(javalin.routes);
      console.register(javalin.routes);
    });
    if (config.httpHost() == null) {
      http.start(config.httpPort());
    } else {
      http.start(config.httpHost(), config.httpPort());
    }
    this.proxy = config.proxyUpstream().isEmpty() ? null : startProxy(config, authorizer, json);
    this.smtp = startSmtp(config, keys, gate);
    // Only once the ports are ours: a start that fails to bind must not use up the one showing
    // of a generated key.
    boolean hadAccounts = !accounts.all().isEmpty();
    this.generatedKey = FirstStart.bootstrap(accounts, presetAdminKey);
    this.createdFirstAccount = !hadAccounts && !accounts.all().isEmpty();
    this.generatedAdminPassword =
        ConsoleFirstStart.bootstrap(accounts, consoleUsers, consoleAdmin);
    watcher.refresh();
    api.markReady();
    LOG.info("event=started http_port={} store={} accounts_with_keys={} trusted_proxies={}"
        + " client_ip_header={}", http.port(), store.redactedUrl(), keys.size(),
        config.trustedProxies().ranges(), config.clientIpHeader().headerName());
  }

  /**
   * Opens the store, creates the first account if there is none, and starts serving.
   *
   * @param presetAdminKey the first account's key, or {@code null} to generate one
   */
  public static IpAccessServer start(ServerConfig config, String presetAdminKey) {
    return start(config, StoreLocation.embedded(config.dataDir()), presetAdminKey);
  }

  /**
   * Like {@link #start(ServerConfig, String)}, on the given store: the embedded one or a
   * PostgreSQL database that several nodes share.
   */
  public static IpAccessServer start(ServerConfig config, StoreLocation store,
      String presetAdminKey) {
    return start(config, store, presetAdminKey, AdminPreset.generated());
  }

  /** As {@link #start(ServerConfig, String)}, with the first console user as preset. */
  public static IpAccessServer start(ServerConfig config, String presetAdminKey,
      AdminPreset consoleAdmin) {
    return start(config, StoreLocation.embedded(config.dataDir()), presetAdminKey, consoleAdmin);
  }

  /**
   * As {@link #start(ServerConfig, StoreLocation, String)}, with the first console user as
   * preset (see {@link AdminPreset}).
   */
  public static IpAccessServer start(ServerConfig config, StoreLocation store,
      String presetAdminKey, AdminPreset consoleAdmin) {
    return new IpAccessServer(config, store, presetAdminKey, consoleAdmin);
  }

  /** The port the HTTP server listens on. */
  public int httpPort() {
    return http.port();
  }

  /** Starts the reverse proxy, or stops what already runs if it cannot start. */
  private ReverseProxy startProxy(ServerConfig config, Authorizer authorizer, ObjectMapper json) {
    try {
      return ReverseProxy.start(config.proxyUpstream().orElseThrow(), config.httpHost(),
          config.proxyPort(), authorizer, json);
    } catch (RuntimeException e) {
      http.stop();
      watcher.close();
      recorder.close();
      database.close();
      throw e;
    }
  }

  /** The SMTP relay, unless the configuration leaves it off. */
  public Optional<SmtpRelay> smtp() {
    return smtp;
  }

  private Optional<SmtpRelay> startSmtp(ServerConfig config, KeyRing keys, AccessGate gate) {
    if (!config.smtp().enabled()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SmtpRelay.start(config.smtp(), config.dataDir(), keys, gate));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The port the reverse proxy listens on, when it runs. */
  public Optional<Integer> proxyPort() {
    return Optional.ofNullable(proxy).map(ReverseProxy::port);
  }

  /** Whether this start created the first account (with a generated or a preset key). */
  public boolean createdFirstAccount() {
    return createdFirstAccount;
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
    if (proxy != null) {
      proxy.close();
    }
    if (smtp != null) {
      smtp.ifPresent(SmtpRelay::close);
    }
    http.stop();
    changeListener.close();
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
