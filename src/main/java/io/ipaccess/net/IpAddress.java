package io.ipaccess.net;

/**
 * An IPv4 or IPv6 address as plain bits.
 *
 * <p>IPv4: {@code v6} is false, {@code high} is 0 and {@code low} holds the unsigned 32-bit value
 * ({@code 0..0xFFFFFFFFL}). IPv6: {@code high} and {@code low} hold the 128 bits, most
 * significant first.
 *
 * <p>The parsers return an IPv4-mapped IPv6 address ({@code ::ffff:0:0/96}) as the IPv4 address
 * it maps, so a client seen as {@code ::ffff:10.0.0.1} is judged by the IPv4 entries of a list;
 * no other IPv6 form is unwrapped. The constructor and {@link #ofV6} keep the bits they are
 * given, so that ranges such as {@code ::/80} still have an IPv6 last address.
 */
public record IpAddress(boolean v6, long high, long low) {

  private static final long V4_MAX = 0xFFFF_FFFFL;

  /** Checks that an IPv4 value fits in 32 bits; any 128 bits are a valid IPv6 value. */
  public IpAddress {
    if (!v6 && (high != 0 || low < 0 || low > V4_MAX)) {
      throw new IllegalArgumentException(
          "an IPv4 address needs high = 0 and low in 0..0xFFFFFFFF, got high=" + high
              + " low=" + low);
    }
  }

  /**
   * Parses a client address, as seen on a socket or in a forwarding header.
   *
   * <p>Accepted: a strict dotted quad ({@code 192.0.2.1}; four decimal parts 0 to 255, no leading
   * zeros) or IPv6 text ({@code 2001:db8::1}, {@code 2001:DB8:0:0:0:0:0:1}, {@code
   * ::ffff:192.0.2.1}), optionally with a zone ID that is ignored ({@code fe80::1%eth0}). The
   * unspecified addresses {@code 0.0.0.0} and {@code ::} are valid here. Brackets, ports,
   * prefixes, host names and the short or numeric IPv4 forms that {@code InetAddress} accepts
   * ({@code 10.1}, {@code 2130706433}, {@code 0x7f.0.0.1}) are refused; callers strip brackets
   * and ports first.
   *
   * <p>Runs on every request, so it walks the text with indices and allocates nothing but the
   * result.
   *
   * @throws InvalidAddressException if {@code text} is anything else
   */
  public static IpAddress parse(String text) {
    return AddressParser.parseClient(text);
  }

  /** The IPv4 address with these 32 bits, e.g. {@code ofV4(0x7f000001)} is 127.0.0.1. */
  public static IpAddress ofV4(int bits) {
    return new IpAddress(false, 0, bits & V4_MAX);
  }

  /** The IPv6 address with these bits, kept as IPv6 even when they are IPv4-mapped. */
  public static IpAddress ofV6(long high, long low) {
    return new IpAddress(true, high, low);
  }

  /** The canonical text: a dotted quad, or RFC 5952 IPv6 such as {@code 2001:db8::1}. */
  @Override
  public String toString() {
    return v6 ? AddressFormat.v6(high, low) : AddressFormat.v4(low);
  }
}
