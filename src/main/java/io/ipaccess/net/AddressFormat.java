package io.ipaccess.net;

/** Writes addresses in their canonical text form. */
final class AddressFormat {

  private static final int GROUPS = 8;

  private AddressFormat() {}

  /** The dotted quad of an unsigned 32-bit value. */
  static String v4(long bits) {
    return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "."
        + (bits & 0xFF);
  }

  /**
   * RFC 5952 text: lower case, no leading zeros in a group, the longest run of two or more zero
   * groups written as {@code ::} (the first run when two are equally long).
   */
  static String v6(long high, long low) {
    int runStart = -1;
    int runLength = 1;
    for (int i = 0; i < GROUPS; i++) {
      int length = 0;
      while (i + length < GROUPS && group(high, low, i + length) == 0) {
        length++;
      }
      if (length > runLength) {
        runStart = i;
        runLength = length;
      }
      i += length;
    }

    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < GROUPS; i++) {
      if (i == runStart) {
        out.append("::");
        i += runLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(group(high, low, i)));
    }
    return out.toString();
  }

  private static int group(long high, long low, int index) {
    long half = index < 4 ? high : low;
    return (int) (half >>> (48 - 16 * (index & 3))) & 0xFFFF;
  }
}
