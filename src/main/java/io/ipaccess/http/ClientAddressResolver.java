package io.ipaccess.http;

import io.ipaccess.net.InvalidAddressException;
import io.ipaccess.net.IpAddress;
import io.javalin.http.Context;

/**
 * Tells which address an HTTP request is judged by. Every HTTP door asks here, so that the API,
 * the console and the decision endpoint judge the same request by the same address.
 *
 * <p>Today that is the TCP peer: forwarding headers such as {@code X-Forwarded-For} are ignored,
 * since any client can send them.
 */
public final class ClientAddressResolver {

  /** The address the request is judged by. */
  public IpAddress resolve(Context ctx) {
    return peer(ctx.req().getRemoteAddr());
  }

  /**
   * The TCP peer as the servlet container reports it: Jetty puts IPv6 addresses in brackets and
   * may add a zone; a dual-stack socket may report IPv4 clients as {@code ::ffff:a.b.c.d}.
   */
  static IpAddress peer(String remoteAddr) {
    String text = remoteAddr;
    if (text.length() > 1 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']') {
      text = text.substring(1, text.length() - 1);
    }
    try {
      return IpAddress.parse(text);
    } catch (InvalidAddressException e) {
      throw new IllegalStateException("the server reported a peer address it cannot read: "
          + remoteAddr, e);
    }
  }
}
