package io.ipaccess.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipaccess.account.KeyRing;
import io.ipaccess.activity.AttemptRecorder;
import io.ipaccess.activity.AttemptStore;
import io.ipaccess.allowlist.AccessGate;
import io.ipaccess.allowlist.AllowListService;
import io.ipaccess.allowlist.InvalidEntriesException;
import io.ipaccess.allowlist.ListFullException;
import io.ipaccess.allowlist.LockoutException;
import io.ipaccess.allowlist.OpenListException;
import io.ipaccess.allowlist.UnknownEntryException;
import io.ipaccess.http.ClientAddressResolver;
import io.ipaccess.http.UnreadableClientAddressException;
import io.ipaccess.store.StoreHealth;
import io.ipaccess.store.StoreOutage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: SendGrid's access settings endpoints behind the API door, and a health check.
 * Every refusal is an {@link ErrorBody}; no exception's text or trace reaches a client.
 */
public final class Api {

  private static final Logger LOG = LoggerFactory.getLogger(Api.class);

  // Marks a response whose error body is already written, so that the 404 page leaves it alone.
  private static final String ERROR_SENT = "ipaccess.error-sent";

  static final String STORE_UNAVAILABLE = "the store (database) cannot be reached, so this"
      + " request cannot be carried out now and nothing was changed; access is still enforced"
      + " with the lists as they were last loaded; try again when GET /healthz reports the store"
      + " up";

  private final ApiGuard guard;
  private final AccessSettingsApi accessSettings;
  private StoreHealth storeHealth = new StoreHealth();
  // False until the node has its keys and lists: before that a valid key would read as bad.
  private volatile boolean ready;

  public Api(KeyRing keys, AccessGate gate, ClientAddressResolver addresses,
      AllowListService lists, AttemptRecorder recorder, AttemptStore attempts,
      ObjectMapper mapper) {
    this(keys, gate, addresses, lists, recorder, attempts, mapper, ApiSessions.NONE);
  }

  /** An API that also accepts signed-in console sessions beside API keys. */
  public Api(KeyRing keys, AccessGate gate, ClientAddressResolver addresses,
      AllowListService lists, AttemptRecorder recorder, AttemptStore attempts,
      ObjectMapper mapper, ApiSessions sessions) {
    this.guard = new ApiGuard(keys, gate, addresses, sessions);
    this.accessSettings =
        new AccessSettingsApi(lists, recorder, attempts, new RequestBodies(mapper));
  }

  /** Makes {@code /healthz} report this node's view of its store. Call before {@link #register}. */
  public Api withStoreHealth(StoreHealth health) {
    this.storeHealth = health;
    return this;
  }

  /** Says the node has loaded its keys and lists: /healthz answers 200 and /v3 serves. */
  public void markReady() {
    ready = true;
  }

  /** Adds the API's routes and its error handling. */
  public void register(RoutesConfig routes) {
    routes.get("/healthz", this::health);
    routes.before("/v3/*", ctx -> {
      if (!ready) {
        throw new ApiException(503, null, "the node is starting; try again in a moment");
      }
      guard.check(ctx);
    });
    accessSettings.register(routes);

    routes.exception(ApiException.class, (e, ctx) -> send(ctx, e.status(), e.errors()));
    // A trusted proxy's forwarding header that cannot be read: refused, never skipped.
    routes.exception(UnreadableClientAddressException.class,
        (e, ctx) -> send(ctx, 403, null, e.getMessage()));
    routes.exception(InvalidEntriesException.class, (e, ctx) -> send(ctx, 400,
        e.errors().stream()
            .map(error -> new ApiError("ips[" + error.index() + "].ip", error.message()))
            .toList()));
    routes.exception(ListFullException.class, (e, ctx) -> send(ctx, 400, "ips", e.getMessage()));
    routes.exception(OpenListException.class, (e, ctx) -> send(ctx, 400, "ips", e.getMessage()));
    routes.exception(LockoutException.class, (e, ctx) -> send(ctx, 409, null, e.getMessage()));
    routes.exception(UnknownEntryException.class,
        (e, ctx) -> send(ctx, 404, "ids", e.getMessage()));
    routes.exception(JdbiException.class, (e, ctx) -> {
      if (!StoreOutage.isOutage(e)) {
        LOG.error("event=request_failed method={} path={}", ctx.method(), ctx.path(), e);
        send(ctx, 500, null, "internal error");
        return;
      }
      storeHealth.unreachable(e);
      LOG.warn("event=store_unavailable method={} path={} reason={}", ctx.method(), ctx.path(),
          e.toString());
      send(ctx, 503, null, STORE_UNAVAILABLE);
    });
    routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("event=request_failed method={} path={}", ctx.method(), ctx.path(), e);
      send(ctx, 500, null, "internal error");
    });
    routes.error(HttpStatus.NOT_FOUND.getCode(), ctx -> {
      if (ctx.attribute(ERROR_SENT) == null) {
        send(ctx, 404, null, "no such endpoint: " + ctx.method() + " " + ctx.path());
      }
    });
    routes.error(HttpStatus.METHOD_NOT_ALLOWED.getCode(), ctx -> send(ctx, 405, null,
        ctx.method() + " is not allowed on " + ctx.path()));
  }

  // Always 200 while the node serves: every node shares the one database, so failing the check
  // on a store outage would take all nodes out of the load balancer at once, although they go on
  // enforcing the lists they hold. The body says whether the store is up.
  private void health(Context ctx) {
    if (!ready) {
      ctx.status(503).json(Map.of("status", "starting"));
      return;
    }
    boolean storeUp = storeHealth.isUp();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", storeUp ? "ok" : "degraded");
    body.put("store", storeUp ? "up" : "down");
    if (!storeUp) {
      body.put("message", "the store cannot be reached: access is enforced with the lists last"
          + " loaded, and changes are refused until it returns");
    }
    ctx.json(body);
  }

  private static void send(Context ctx, int status, String field, String message) {
    send(ctx, status, List.of(new ApiError(field, message)));
  }

  private static void send(Context ctx, int status, List<ApiError> errors) {
    ctx.attribute(ERROR_SENT, Boolean.TRUE);
    ctx.status(status).json(new ErrorBody(errors));
  }
}
