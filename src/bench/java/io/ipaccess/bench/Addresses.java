package io.ipaccess.bench;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Address text and bytes for the generated workloads, built on {@code InetAddress} only, so that
 * the ground truth does not lean on the parser under test.
 */
final class Addresses {

  private Addresses() {}

  static String v4Text(int bits) {
    return (bits >>> 24) + "." + (bits >>> 16 & 0xFF) + "." + (bits >>> 8 & 0xFF) + "."
        + (bits & 0xFF);
  }

  static String v6Text(long high, long low) {
    return text(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
  }

  static String text(byte[] address) {
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("4 or 16 bytes make an address", e);
    }
  }

  static long[] maskV6(long high, long low, int prefix) {
    long highMask = prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
    long lowMask = prefix <= 64 ? 0 : -1L << (128 - prefix);
    return new long[] {high & highMask, low & lowMask};
  }

  static int prefix(String entry) {
    return Integer.parseInt(entry.substring(entry.indexOf('/') + 1));
  }

  static byte[] networkBytes(String entry) {
    return bytes(entry.substring(0, entry.indexOf('/')));
  }

  static byte[] bytes(String address) {
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal: " + address, e);
    }
  }

  static byte[] maskBytes(int length, int prefix) {
    byte[] mask = new byte[length];
    for (int bit = 0; bit < prefix; bit++) {
      mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
    }
    return mask;
  }

  /**
   * The address just below the entry's first address or just above its last, or {@code null}
   * when that leaves the address space.
   */
  static String beside(String entry, boolean above) {
    byte[] network = networkBytes(entry);
    int bits = network.length * 8;
    BigInteger first = new BigInteger(1, network);
    BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix(entry));
    BigInteger candidate = above ? first.add(size) : first.subtract(BigInteger.ONE);
    if (candidate.signum() < 0 || candidate.bitLength() > bits) {
      return null;
    }
    byte[] raw = candidate.toByteArray();
    byte[] address = new byte[network.length];
    int copy = Math.min(raw.length, address.length);
    System.arraycopy(raw, raw.length - copy, address, address.length - copy, copy);
    return text(address);
  }

  /** The first and last address of an entry, as text; the edges every matcher must get right. */
  static String[] bounds(String entry) {
    byte[] network = networkBytes(entry);
    byte[] last = network.clone();
    for (int bit = prefix(entry); bit < network.length * 8; bit++) {
      last[bit / 8] |= (byte) (0x80 >>> (bit % 8));
    }
    return new String[] {text(network), text(last)};
  }
}
