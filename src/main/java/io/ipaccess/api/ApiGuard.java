package io.ipaccess.api;

import io.ipaccess.account.ApiKeys;
import io.ipaccess.account.KeyRing;
import io.ipaccess.activity.AuthMethod;
import io.ipaccess.allowlist.AccessGate;
import io.ipaccess.allowlist.Actor;
import io.ipaccess.api.ApiSessions.SessionPrincipal;
import io.ipaccess.http.AccessDecision;
import io.ipaccess.http.Authorizer;
import io.ipaccess.http.ClientAddressResolver;
import io.ipaccess.net.IpAddress;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Optional;

/**
 * The API's door: authenticates the key, then lets the request through only if the account's
 * allow list admits the address it is judged by. Runs before every {@code /v3} handler.
 */
public final class ApiGuard {

  static final String CALLER = "ipaccess.caller";
  /** The header that carries a console session's CSRF token on every change. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private final Authorizer authorizer;
  private final AccessGate gate;
  private final ClientAddressResolver addresses;
  private final ApiSessions sessions;

  ApiGuard(KeyRing keys, AccessGate gate, ClientAddressResolver addresses, ApiSessions sessions) {
    this.authorizer = new Authorizer(keys, gate, addresses);
    this.gate = gate;
    this.addresses = addresses;
    this.sessions = sessions;
  }

  /** Lets the request through to its handler, or throws the refusal the client gets. */
  void check(Context ctx) {
    QueryParams.checkEncoding(ctx);
    if (ctx.header("Authorization") == null) {
      Optional<SessionPrincipal> principal = sessions.signedIn(ctx);
      if (principal.isPresent()) {
        checkSession(ctx, principal.get());
        return;
      }
    }
    String authorization = ctx.header("Authorization");
    AccessDecision decision = authorizer.decide(authorization, ctx.req().getRemoteAddr(),
        name -> Collections.list(ctx.req().getHeaders(name)));
    if (!decision.allowed()) {
      throw new ApiException(decision.status(), null, decision.message());
    }
    if (ctx.header("on-behalf-of") != null) {
      throw ApiException.badRequest("on-behalf-of", "the on-behalf-of header is not supported:"
          + " ipaccess has no subusers; send the request with the account's own API key");
    }
    String keyPrefix = ApiKeys.shownPrefix(Authorizer.bearerKey(authorization));
    ctx.attribute(CALLER, new ApiCaller(decision.account(), decision.client(),
        new Actor(Actor.Kind.API_KEY, keyPrefix)));
  }

  /**
   * The console's way in: the session cookie names the user; a change must also carry the
   * session's CSRF token in a header, which a page on another site cannot read or send.
   */
  private void checkSession(Context ctx, SessionPrincipal principal) {
    if (!isSafeMethod(ctx.method().name())
        && !sameToken(ctx.header(CSRF_HEADER), principal.csrfToken())) {
      throw new ApiException(403, null, "the request lacks this session's CSRF token: the"
          + " console sends it as the " + CSRF_HEADER + " header; scripts should use an API key");
    }
    IpAddress address = addresses.resolve(ctx);
    if (!gate.admit(principal.account().id(), address, AuthMethod.WEB)) {
      throw new ApiException(403, null, Authorizer.notAllowed(address));
    }
    ctx.attribute(CALLER, new ApiCaller(principal.account(), address,
        new Actor(Actor.Kind.USER, principal.username())));
  }

  private static boolean isSafeMethod(String method) {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  private static boolean sameToken(String presented, String expected) {
    return presented != null && MessageDigest.isEqual(
        presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  static ApiCaller caller(Context ctx) {
    return ctx.attribute(CALLER);
  }

}
