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
import io.ipaccess.allowlist.UnknownEntryException;
import io.ipaccess.http.ClientAddressResolver;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.ConnectionException;
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

  private final ApiGuard guard;
  private final AccessSettingsApi accessSettings;

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

  /** Adds the API's routes and its error handling. */
  public void register(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    routes.before("/v3/*", guard::check);
    accessSettings.register(routes);

    routes.exception(ApiException.class, (e, ctx) -> send(ctx, e.status(), e.errors()));
    routes.exception(InvalidEntriesException.class, (e, ctx) -> send(ctx, 400,
        e.errors().stream()
            .map(error -> new ApiError("ips[" + error.index() + "].ip", error.message()))
            .toList()));
    routes.exception(ListFullException.class, (e, ctx) -> send(ctx, 400, "ips", e.getMessage()));
    routes.exception(LockoutException.class, (e, ctx) -> send(ctx, 409, null, e.getMessage()));
    routes.exception(UnknownEntryException.class,
        (e, ctx) -> send(ctx, 404, "ids", e.getMessage()));
    routes.exception(ConnectionException.class, (e, ctx) -> {
      LOG.warn("event=store_unavailable path={} reason={}", ctx.path(), e.toString());
      send(ctx, 503, null, "the store is unavailable; try again shortly");
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

  private static void send(Context ctx, int status, String field, String message) {
    send(ctx, status, List.of(new ApiError(field, message)));
  }

  private static void send(Context ctx, int status, List<ApiError> errors) {
    ctx.attribute(ERROR_SENT, Boolean.TRUE);
    ctx.status(status).json(new ErrorBody(errors));
  }
}
