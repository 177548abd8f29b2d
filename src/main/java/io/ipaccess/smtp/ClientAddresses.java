package io.ipaccess.smtp;

import io.ipaccess.net.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Turns socket addresses into the {@link IpAddress} a client is judged by. */
final class ClientAddresses {

  private ClientAddresses() {}

  /** The address of a socket peer; an IPv4-mapped IPv6 peer is judged as its IPv4 address. */
  static IpAddress of(InetSocketAddress peer) {
    return of(peer.getAddress());
  }

  static IpAddress of(InetAddress address) {
    return fromBytes(address.getAddress());
  }

  /** Four bytes are IPv4; sixteen are IPv6, unwrapped when they are {@code ::ffff:0:0/96}. */
  static IpAddress fromBytes(byte[] bytes) {
    if (bytes.length == 4) {
      return IpAddress.ofV4(intAt(bytes, 0));
    }
    if (bytes.length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
    }
    long high = ((long) intAt(bytes, 0) << 32) | (intAt(bytes, 4) & 0xFFFF_FFFFL);
    long low = ((long) intAt(bytes, 8) << 32) | (intAt(bytes, 12) & 0xFFFF_FFFFL);
    if (high == 0 && (low >>> 32) == 0xFFFFL) {
      return IpAddress.ofV4((int) low);
    }
    return IpAddress.ofV6(high, low);
  }

  /** The socket form of an address, for the library's session; the port is not kept. */
  static InetSocketAddress toSocketAddress(IpAddress address) {
    byte[] bytes = address.v6() ? new byte[16] : new byte[4];
    if (address.v6()) {
      putLong(bytes, 0, address.high());
      putLong(bytes, 8, address.low());
    } else {
      putLong(bytes, -4, address.low());
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  /** Whether the address is in 127.0.0.0/8 or is ::1. */
  static boolean isLoopback(IpAddress address) {
    return address.v6()
        ? address.high() == 0 && address.low() == 1
        : (address.low() >>> 24) == 127;
  }

  private static void putLong(byte[] into, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      int index = offset + 7 - i;
      if (index >= 0) {
        into[index] = (byte) (value >>> (8 * i));
      }
    }
  }

  private static int intAt(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16)
        | ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
  }
}
