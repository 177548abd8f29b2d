package io.ipaccess.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The floor: IPv4 only, the list as sorted disjoint intervals in two {@code int[]}, a lookup is
 * one {@link Arrays#binarySearch(int[], int)} and one comparison. Nothing can do much less work.
 */
final class SortedIntArrayContender extends Contender<int[][], SortedIntArrayContender.Key> {

  /** The query: the address's 32 bits, sign bit flipped so that signed order is address order. */
  record Key(int flipped) {}

  @Override
  public String name() {
    return "floor";
  }

  @Override
  public String label() {
    return "floor: Arrays.binarySearch on sorted int[]";
  }

  @Override
  public boolean supports(Family family) {
    return family == Family.IPV4;
  }

  @Override
  public int[][] compile(List<String> entries) {
    long[][] intervals = new long[entries.size()][];
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      long first = Integer.toUnsignedLong(bits(Addresses.networkBytes(entry)));
      long size = 1L << (32 - Addresses.prefix(entry));
      intervals[i] = new long[] {first, first + size - 1};
    }
    Arrays.sort(intervals, (a, b) -> Long.compare(a[0], b[0]));
    int[] starts = new int[intervals.length];
    int[] ends = new int[intervals.length];
    int count = 0;
    for (long[] interval : intervals) {
      if (count > 0 && interval[0] <= flippedBack(ends[count - 1]) + 1) {
        ends[count - 1] = flip(Math.max(interval[1], flippedBack(ends[count - 1])));
        continue;
      }
      starts[count] = flip(interval[0]);
      ends[count] = flip(interval[1]);
      count++;
    }
    return new int[][] {Arrays.copyOf(starts, count), Arrays.copyOf(ends, count)};
  }

  @Override
  public Key query(String address) {
    return new Key(flip(Integer.toUnsignedLong(bits(Addresses.bytes(address)))));
  }

  @Override
  public boolean matches(int[][] list, Key query) {
    int key = query.flipped();
    int at = Arrays.binarySearch(list[0], key);
    int index = at >= 0 ? at : -at - 2;
    return index >= 0 && key <= list[1][index];
  }

  private static int bits(byte[] address) {
    if (address.length != 4) {
      throw new IllegalArgumentException("the floor takes IPv4 only");
    }
    return (address[0] & 0xFF) << 24 | (address[1] & 0xFF) << 16 | (address[2] & 0xFF) << 8
        | (address[3] & 0xFF);
  }

  private static int flip(long unsigned) {
    return (int) unsigned ^ Integer.MIN_VALUE;
  }

  private static long flippedBack(int flipped) {
    return Integer.toUnsignedLong(flipped ^ Integer.MIN_VALUE);
  }
}
