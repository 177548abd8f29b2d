package io.ipaccess.api;

import io.ipaccess.account.Account;
import io.ipaccess.account.ApiKeys;
import io.ipaccess.account.KeyRing;
import io.ipaccess.activity.AuthMethod;
import io.ipaccess.allowlist.AccessGate;
import io.ipaccess.http.ClientAddressResolver;
import io.ipaccess.net.IpAddress;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The API's door: authenticates the key, then lets the request through only if the account's
 * allow list admits the address it is judged by. Runs before every {@code /v3} handler.
 */
final class ApiGuard {

  static final String CALLER = "ipaccess.caller";
  private static final String BEARER = "Bearer ";

  private final KeyRing keys;
  private final AccessGate gate;
  private final ClientAddressResolver addresses;

  ApiGuard(KeyRing keys, AccessGate gate, ClientAddressResolver addresses) {
    this.keys = keys;
    this.gate = gate;
    this.addresses = addresses;
  }

  void check(Context ctx) {
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
    QueryParams.checkEncoding(ctx);
    ctx.attribute(CALLER, new ApiCaller(account.get(), address, ApiKeys.shownPrefix(key)));
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
