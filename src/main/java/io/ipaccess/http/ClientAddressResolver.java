package io.ipaccess.http;

import io.ipaccess.net.InvalidAddressException;
import io.ipaccess.net.IpAddress;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Tells which address an HTTP request is judged by. Every HTTP door asks here (the API, the
 * console, the decision endpoint and the reverse proxy), so that they judge the same request by
 * the same address.
 *
 * <p>Without trusted proxies that is the TCP peer: forwarding headers are ignored, since any
 * client can send them. When the peer is a trusted proxy, the one header chosen by {@link
 * ClientIpHeader} is read: all its lines are joined in order into one list of trimmed values and
 * walked from the right; trusted addresses are skipped and the first untrusted one is the client.
 * If every hop is trusted, the leftmost is the client. Examples with {@code 10.0.0.0/8} trusted
 * and peer {@code 10.0.0.2}:
 *
 * <ul>
 *   <li>{@code X-Forwarded-For: 1.2.3.4, 10.0.0.7} is judged as {@code 1.2.3.4};
 *   <li>{@code X-Forwarded-For: 6.6.6.6, 1.2.3.4} is judged as {@code 1.2.3.4}: the client made
 *       up {@code 6.6.6.6}, and the walk stops before it;
 *   <li>{@code X-Forwarded-For: 1.2.3.4, unknown} is refused.
 * </ul>
 *
 * <p>Fail closed: a value the walk reaches that is not a strict address ({@code unknown}, empty,
 * {@code 010.0.0.1}, a host name, an address with a port in {@code X-Forwarded-For}) throws
 * {@link UnreadableClientAddressException}; it is never skipped. Values left of the client are
 * not read, since nobody trusted vouched for them.
 */
public final class ClientAddressResolver {

  private final TrustedProxies trusted;
  private final ClientIpHeader header;

  /** Judges every request by its TCP peer. */
  public ClientAddressResolver() {
    this(TrustedProxies.none(), ClientIpHeader.X_FORWARDED_FOR);
  }

  /** Reads {@code header} from requests whose TCP peer is one of {@code trusted}. */
  public ClientAddressResolver(TrustedProxies trusted, ClientIpHeader header) {
    this.trusted = trusted;
    this.header = header;
  }

  /**
   * The address the request is judged by.
   *
   * @throws UnreadableClientAddressException when a trusted proxy's header cannot be read; the
   *     request must be refused with 403
   */
  public IpAddress resolve(Context ctx) {
    HttpServletRequest request = ctx.req();
    return resolve(request.getRemoteAddr(), name -> Collections.list(request.getHeaders(name)));
  }

  /**
   * The address a request is judged by, from its TCP peer as the server reports it (e.g. {@code
   * 10.0.0.2} or {@code [::1]}) and its header lines. {@code headerLines} gives the lines of a
   * header name in the order received, or an empty list; it is asked only when the peer is a
   * trusted proxy.
   *
   * @throws UnreadableClientAddressException when a trusted proxy's header cannot be read
   */
  public IpAddress resolve(String remoteAddr, Function<String, List<String>> headerLines) {
    IpAddress peer = peer(remoteAddr);
    if (!trusted.trusts(peer)) {
      return peer;
    }
    List<String> lines = headerLines.apply(header.headerName());
    if (lines == null || lines.isEmpty()) {
      return peer;
    }
    return switch (header) {
      case X_FORWARDED_FOR -> walk(xForwardedForValues(lines));
      case FORWARDED -> walk(forwardedValues(lines));
      case X_REAL_IP -> realIp(lines);
    };
  }

  /** The header this resolver reads from trusted proxies. */
  public ClientIpHeader header() {
    return header;
  }

  /**
   * The TCP peer as the servlet container reports it: Jetty puts IPv6 addresses in brackets and
   * may add a zone; a dual-stack socket may report IPv4 clients as {@code ::ffff:a.b.c.d}.
   */
  public static IpAddress peer(String remoteAddr) {
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

  // ---------------------------------------------------------------------------------------------
  // The walk: values are raw text, parsed only when the walk reaches them.

  private IpAddress walk(List<String> values) {
    IpAddress hop = null;
    for (int i = values.size() - 1; i >= 0; i--) {
      hop = parseValue(values.get(i));
      if (!trusted.trusts(hop)) {
        return hop;
      }
    }
    return hop;
  }

  private IpAddress parseValue(String value) {
    return header == ClientIpHeader.FORWARDED ? forwardedNode(value) : plainAddress(value);
  }

  private IpAddress realIp(List<String> lines) {
    List<String> values = xForwardedForValues(lines);
    if (values.size() != 1) {
      throw new UnreadableClientAddressException("the client address cannot be read from"
          + " X-Real-IP: it must hold exactly one address, but it holds " + values.size()
          + " values");
    }
    return plainAddress(values.get(0));
  }

  private static List<String> xForwardedForValues(List<String> lines) {
    List<String> values = new ArrayList<>();
    for (String line : lines) {
      int start = 0;
      while (true) {
        int comma = line.indexOf(',', start);
        int end = comma < 0 ? line.length() : comma;
        values.add(trimSpaces(line, start, end));
        if (comma < 0) {
          break;
        }
        start = comma + 1;
      }
    }
    return values;
  }

  private static List<String> forwardedValues(List<String> lines) {
    List<String> values = new ArrayList<>();
    for (String line : lines) {
      ForwardedHeader.forValues(line, values);
    }
    return values;
  }

  /** Trims the optional white space of HTTP (spaces and tabs), nothing else. */
  private static String trimSpaces(String line, int start, int end) {
    while (start < end && isSpace(line.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(start, end);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private IpAddress plainAddress(String value) {
    try {
      return IpAddress.parse(value);
    } catch (InvalidAddressException e) {
      throw new UnreadableClientAddressException("the client address cannot be read from "
          + header.headerName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * An RFC 7239 node: {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code [2001:db8::1]} or {@code
   * [2001:db8::1]:8080}. {@code unknown} and obfuscated {@code _names} are not addresses.
   */
  private static IpAddress forwardedNode(String value) {
    if (value == null) {
      throw unreadableNode("an element has no for= parameter");
    }
    String address;
    String port;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        throw unreadableNode("'" + ForwardedHeader.shown(value) + "' has no closing ']'");
      }
      address = value.substring(1, close);
      port = portAfter(value, close + 1);
      if (address.indexOf(':') < 0) {
        throw unreadableNode("'" + ForwardedHeader.shown(value) + "' has brackets around an"
            + " address that is not IPv6");
      }
    } else {
      int colon = value.indexOf(':');
      if (colon >= 0 && value.indexOf(':', colon + 1) >= 0) {
        throw unreadableNode("'" + ForwardedHeader.shown(value) + "' is an IPv6 address without"
            + " the brackets RFC 7239 requires, e.g. for=\"[2001:db8::1]\"");
      }
      address = colon < 0 ? value : value.substring(0, colon);
      port = colon < 0 ? "" : portAfter(value, colon);
    }
    if (port == null) {
      throw unreadableNode("'" + ForwardedHeader.shown(value) + "' has a bad port: a port is"
          + " 1 to 5 digits or an obfuscated _name");
    }
    try {
      return IpAddress.parse(address);
    } catch (InvalidAddressException e) {
      throw unreadableNode(e.getMessage());
    }
  }

  /** The port text after {@code from} (which holds ':' or ends the value), or null if bad. */
  private static String portAfter(String value, int from) {
    if (from == value.length()) {
      return "";
    }
    if (value.charAt(from) != ':') {
      return null;
    }
    String port = value.substring(from + 1);
    boolean digits = port.length() >= 1 && port.length() <= 5
        && port.chars().allMatch(c -> c >= '0' && c <= '9');
    boolean obfuscated = port.length() >= 2 && port.charAt(0) == '_'
        && port.chars().skip(1).allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80
            || c == '.' || c == '_' || c == '-');
    return digits || obfuscated ? port : null;
  }

  private static UnreadableClientAddressException unreadableNode(String problem) {
    return new UnreadableClientAddressException(
        "the client address cannot be read from Forwarded: " + problem);
  }
}
