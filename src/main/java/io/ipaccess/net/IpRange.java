package io.ipaccess.net;

import java.util.Objects;

/**
 * A CIDR block: a network address and a prefix length, with the host bits always zero.
 *
 * <p>Equal blocks are equal records however they were written: {@code 10.1.2.*}, {@code
 * 10.1.2.0/24} and {@code 10.1.2.77/24} all give {@code 10.1.2.0/24}.
 */
public record IpRange(IpAddress network, int prefixLength) {

  /** Checks the prefix length against the family and clears the host bits of the network. */
  public IpRange {
    Objects.requireNonNull(network, "network");
    int maxLength = network.v6() ? 128 : 32;
    if (prefixLength < 0 || prefixLength > maxLength) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0.."
          + maxLength + " for " + network);
    }
    network = network.v6()
        ? IpAddress.ofV6(network.high() & highMask(prefixLength),
            network.low() & lowMask(prefixLength))
        : new IpAddress(false, 0, network.low() & v4Mask(prefixLength));
  }

  /**
   * Parses an allow-list entry, strictly, into its normalised range.
   *
   * <p>Accepted, after trimming outer spaces, tabs, CRs and LFs:
   *
   * <ul>
   *   <li>an address: {@code 192.0.2.7} is {@code 192.0.2.7/32}, {@code 2001:DB8:0::1} is {@code
   *       2001:db8::1/128};
   *   <li>a CIDR range, host bits cleared: {@code 192.168.100.14/24} is {@code 192.168.100.0/24};
   *   <li>trailing IPv4 wildcards, always four parts: {@code 25.203.44.*} is {@code
   *       25.203.44.0/24}, {@code 192.*.*.*} is {@code 192.0.0.0/8};
   *   <li>IPv4-mapped IPv6, which becomes IPv4: {@code ::ffff:10.0.0.0/104} is {@code
   *       10.0.0.0/8}.
   * </ul>
   *
   * <p>Refused: host names, short, integer, octal and hex IPv4 forms ({@code 10.1}, {@code
   * 2130706433}, {@code 010.1.1.1}, {@code 0x7f.0.0.1}), zone IDs, brackets, non-ASCII digits,
   * wildcards that are not trailing, anything after the address, and entries that would allow
   * every address ({@code 0.0.0.0/0}, {@code ::/0}, {@code *.*.*.*}) or none ({@code 0.0.0.0},
   * {@code ::}). {@code 0.0.0.0/8} is fine.
   *
   * @throws InvalidAddressException with a message that quotes the entry and says what is
   *     allowed, e.g. {@code '10.1.2' is not an IPv4 address: it needs four parts, e.g. 10.1.2.0}
   */
  public static IpRange parseEntry(String text) {
    return EntryParser.parse(text);
  }

  /** The block of {@code prefixLength} bits that holds {@code network}; host bits are cleared. */
  public static IpRange of(IpAddress network, int prefixLength) {
    return new IpRange(network, prefixLength);
  }

  /** Whether {@code address} is in this block; an address of the other family never is. */
  public boolean contains(IpAddress address) {
    if (address.v6() != network.v6()) {
      return false;
    }
    if (!network.v6()) {
      return (address.low() & v4Mask(prefixLength)) == network.low();
    }
    return (address.high() & highMask(prefixLength)) == network.high()
        && (address.low() & lowMask(prefixLength)) == network.low();
  }

  /** The lowest address of the block, which is the network address. */
  public IpAddress first() {
    return network;
  }

  /** The highest address of the block. */
  public IpAddress last() {
    if (!network.v6()) {
      return new IpAddress(false, 0, network.low() | (~v4Mask(prefixLength) & 0xFFFF_FFFFL));
    }
    return IpAddress.ofV6(network.high() | ~highMask(prefixLength),
        network.low() | ~lowMask(prefixLength));
  }

  /** The canonical text, e.g. {@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code ::1/128}. */
  @Override
  public String toString() {
    return network + "/" + prefixLength;
  }

  private static long v4Mask(int prefixLength) {
    return (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
  }

  // Java masks shift distances to six bits, so the 0 and 64 cases cannot use a plain shift.
  private static long highMask(int prefixLength) {
    if (prefixLength == 0) {
      return 0;
    }
    return prefixLength >= 64 ? -1L : -1L << (64 - prefixLength);
  }

  private static long lowMask(int prefixLength) {
    return prefixLength <= 64 ? 0 : -1L << (128 - prefixLength);
  }
}
