package io.ipaccess.api;

import io.ipaccess.account.Account;
import io.ipaccess.account.ApiKeys;
import io.ipaccess.account.KeyRing;
import io.ipaccess.activity.AuthMethod;
import io.ipaccess.allowlist.AccessGate;
import io.ipaccess.allowlist.Actor;
import io.ipaccess.api.ApiSessions.SessionPrincipal;
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
  private static final String BEARER = "Bearer ";

  private final KeyRing keys;
  private final AccessGate gate;
  private final ClientAddressResolver addresses;
  private final ApiSessions sessions;

  ApiGuard(KeyRing keys, AccessGate gate, ClientAddressResolver addresses, ApiSessions sessions) {
    this.keys = keys;
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
    int authorizations = Collections.list(ctx.req().getHeaders("Authorization")).size();
    if (authorizations > 1) {
      // Which of two keys was meant cannot be known: refused rather than one of them picked.
      throw new ApiException(401, null, "the request has " + authorizations
          + " Authorization headers: send exactly one, 'Authorization: Bearer <key>'");
    }
    String key = bearerKey(ctx.header("Authorization"));
    Optional<Account> account = keys.authenticate(key);
    if (account.isEmpty()) {
      throw new ApiException(401, null, key == null
          ? "authorization required: send the account's API key as 'Authorization: Bearer <key>'"
          : "the API key is not valid");
    }
    IpAddress address = addresses.resolve(ctx);
    if (!gate.admit(account.get().id(), address, AuthMethod.API)) {
      throw new ApiException(403, null, "access from " + address + " is not allowed: the"
          + " address is not on this account's IP allow list");
    }
    if (ctx.header("on-behalf-of") != null) {
      throw ApiException.badRequest("on-behalf-of", "the on-behalf-of header is not supported:"
          + " ipaccess has no subusers; send the request with the account's own API key");
    }
    ctx.attribute(CALLER, new ApiCaller(account.get(), address,
        new Actor(Actor.Kind.API_KEY, ApiKeys.shownPrefix(key))));
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
      throw new ApiException(403, null, "access from " + address + " is not allowed: the"
          + " address is not on this account's IP allow list");
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

  private static String bearerKey(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, 7)) {
      return null;
    }
    String key = authorization.substring(BEARER.length()).trim();
    return key.isEmpty() ? null : key;
  }
}
