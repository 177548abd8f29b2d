package io.ipaccess.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipaccess.activity.AuthMethod;
import io.ipaccess.allowlist.AccessGate;
import io.ipaccess.api.ApiException;
import io.ipaccess.api.ApiGuard;
import io.ipaccess.api.ApiSessions;
import io.ipaccess.http.Authorizer;
import io.ipaccess.http.ClientAddressResolver;
import io.ipaccess.net.IpAddress;
import io.ipaccess.store.Database;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: its page under {@code /console}, and the three requests the page makes
 * besides the public API: log in, log out, and "who am I".
 *
 * <p>The console is one of the account's doors. Every console request, the login included, is
 * judged by the account's allow list through {@link AccessGate} and recorded as {@code Web}.
 * Changes of the list go through the public API with the session cookie and a CSRF header (see
 * {@link #signedIn}), so that the page and scripts are held to the same rules.
 */
public final class Console implements ApiSessions {

  private static final Logger LOG = LoggerFactory.getLogger(Console.class);

  /** The name of the session cookie. */
  public static final String COOKIE = "ipaccess_session";
  private static final int MAX_LOGIN_BODY_BYTES = 16 * 1024;
  private static final String LOGIN_EXAMPLE = "{\"username\": \"admin\", \"password\": \"...\"}";
  // No inline script or style, nothing from another origin, no framing.
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none';"
      + " frame-ancestors 'none'";

  private final ConsoleUsers users;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final AccessGate gate;
  private final ClientAddressResolver addresses;
  private final ObjectMapper json;
  private final ConsoleAssets assets = new ConsoleAssets();

  public Console(ConsoleUsers users, Database store, AccessGate gate,
      ClientAddressResolver addresses, ObjectMapper json, Clock clock) {
    this.users = users;
    this.sessions = new SessionStore(store, clock, Duration.ofHours(2), Duration.ofHours(12));
    this.throttle = new LoginThrottle(clock, 5, Duration.ofMinutes(15), 100_000);
    this.gate = gate;
    this.addresses = addresses;
    this.json = json;
  }

  /** Adds the console's routes. The API's error handling renders their refusals. */
  public void register(RoutesConfig routes) {
    routes.before(ctx -> {
      if (ctx.path().startsWith("/console")) {
        securityHeaders(ctx);
      }
    });
    routes.get("/console", ctx -> assets.send(ctx, "index.html"));
    routes.get("/console/{asset}", ctx -> {
      if (!assets.send(ctx, ctx.pathParam("asset"))) {
        throw new NotFoundResponse();
      }
    });
    routes.post("/console/api/login", this::login);
    routes.post("/console/api/logout", this::logout);
    routes.get("/console/api/session", this::session);
  }

  @Override
  public Optional<SessionPrincipal> signedIn(Context ctx) {
    return liveSession(ctx).map(live -> new SessionPrincipal(
        live.user().account(), live.user().username(), live.csrfToken()));
  }

  private void login(Context ctx) {
    requireJson(ctx);
    JsonNode body = readLoginBody(ctx);
    String username = requiredText(body, "username");
    String password = requiredText(body, "password");
    IpAddress address = addresses.resolve(ctx);

    Optional<Duration> blocked = throttle.blockedFor(username, address);
    if (blocked.isPresent()) {
      long minutes = Math.max(1, (blocked.get().toSeconds() + 59) / 60);
      ctx.header("Retry-After", Long.toString(blocked.get().toSeconds() + 1));
      throw new ApiException(429, null, "too many failed logins for '" + username + "' from "
          + address + ": try again in " + minutes + (minutes == 1 ? " minute" : " minutes"));
    }
    // A known user's door is checked before the password, so that an address the list refuses
    // cannot use the login to learn whether a password is right.
    Optional<ConsoleUser> known = users.find(username);
    if (known.isPresent() && !admitted(ctx, known.get().account().id(), address)) {
      return;
    }
    Optional<ConsoleUser> user = users.authenticate(username, password);
    if (user.isEmpty()) {
      throttle.failed(username, address);
      LOG.info("event=console_login_failed ip={}", address);
      throw new ApiException(401, null, "wrong user name or password");
    }
    throttle.succeeded(username, address);

    SessionStore.NewSession session = sessions.open(user.get().id());
    setCookie(ctx, session.token(), ctx.req().isSecure());
    LOG.info("event=console_login user={} account={} ip={}", username,
        user.get().account().name(), address);
    ctx.json(sessionView(user.get(), session.csrfToken(), address));
  }

  private void logout(Context ctx) {
    Optional<String> token = cookieToken(ctx);
    Optional<SessionStore.LiveSession> live = token.flatMap(sessions::find);
    if (live.isPresent()) {
      if (!sameToken(ctx.header(ApiGuard.CSRF_HEADER), live.get().csrfToken())) {
        throw new ApiException(403, null, "the request lacks this session's CSRF token");
      }
      sessions.close(token.get());
      LOG.info("event=console_logout user={}", live.get().user().username());
    }
    setCookie(ctx, "", ctx.req().isSecure());
    ctx.status(204);
  }

  private void session(Context ctx) {
    SessionStore.LiveSession live = liveSession(ctx).orElseThrow(() ->
        new ApiException(401, null, "not signed in"));
    IpAddress address = addresses.resolve(ctx);
    if (admitted(ctx, live.user().account().id(), address)) {
      ctx.json(sessionView(live.user(), live.csrfToken(), address));
    }
  }

  /**
   * Asks the account's allow list, which records the attempt; a refusal is answered here, with
   * the address in its own field so that the page can show it.
   */
  private boolean admitted(Context ctx, long accountId, IpAddress address) {
    if (gate.admit(accountId, address, AuthMethod.WEB)) {
      return true;
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("field", null);
    error.put("message", Authorizer.notAllowed(address) + ". Sign in from an allowed address,"
        + " or ask an operator to run: ipaccess restore-access");
    ctx.status(403).json(Map.of("errors", List.of(error), "ip", address.toString()));
    return false;
  }

  private Optional<SessionStore.LiveSession> liveSession(Context ctx) {
    return cookieToken(ctx).flatMap(sessions::find);
  }

  private static Optional<String> cookieToken(Context ctx) {
    String token = ctx.cookie(COOKIE);
    return token == null || token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  private static Map<String, Object> sessionView(ConsoleUser user, String csrfToken,
      IpAddress address) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("username", user.username());
    view.put("account", user.account().name());
    view.put("csrf_token", csrfToken);
    view.put("ip", address.toString());
    return view;
  }

  /**
   * HttpOnly keeps the token from scripts; SameSite=Strict keeps other sites' pages from sending
   * it; Secure is added when the request came over TLS. No Max-Age: the browser forgets it when
   * it closes, and the store ends it after the idle timeout in any case.
   */
  private static void setCookie(Context ctx, String token, boolean secure) {
    ctx.header("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"
        + (token.isEmpty() ? "; Max-Age=0" : "") + (secure ? "; Secure" : ""));
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
  }

  /**
   * A page on another site can post a form, but not with a JSON content type unless this server
   * allowed it by CORS, which it never does: so a login cannot be forged.
   */
  private static void requireJson(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ApiException(415, null, "send the login as application/json, e.g. "
          + LOGIN_EXAMPLE);
    }
  }

  private JsonNode readLoginBody(Context ctx) {
    byte[] body;
    try (InputStream in = ctx.bodyInputStream()) {
      body = in.readNBytes(MAX_LOGIN_BODY_BYTES + 1);
    } catch (IOException e) {
      throw ApiException.badRequest(null, "the request body could not be read");
    }
    if (body.length > MAX_LOGIN_BODY_BYTES) {
      throw new ApiException(413, null, "the login body is larger than "
          + MAX_LOGIN_BODY_BYTES + " bytes");
    }
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException e) {
      // Falls through to the error below, which shows the expected shape.
    } catch (IOException e) {
      throw ApiException.badRequest(null, "the request body could not be read");
    }
    throw ApiException.badRequest(null, "the login body must be a JSON object such as "
        + LOGIN_EXAMPLE);
  }

  private static String requiredText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw ApiException.badRequest(field, field + " must be a non-empty string, as in "
          + LOGIN_EXAMPLE);
    }
    return value.textValue();
  }

  private static boolean sameToken(String presented, String expected) {
    return presented != null && MessageDigest.isEqual(
        presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
