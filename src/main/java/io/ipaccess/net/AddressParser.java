package io.ipaccess.net;

import static io.ipaccess.net.InvalidAddressException.shown;

/**
 * The strict IPv4 and IPv6 scanner shared by client addresses and allow-list entries.
 *
 * <p>Design: the success path reads the text once, char by char with indices, and allocates
 * nothing but the result, because a client address is parsed on every request. Only the
 * failure branches build strings, and they spend that freedom on messages that quote the input,
 * say what is wrong and give a corrected example where one can be derived. Methods take the
 * whole text plus the {@code [start, end)} span to read, so that an entry's message quotes the
 * whole entry and its example keeps the prefix length that follows the address.
 */
final class AddressParser {

  /** What a client address may be; ends messages about unreadable client text. */
  static final String ALLOWED_CLIENT =
      "give an IPv4 address such as 192.0.2.1 or an IPv6 address such as 2001:db8::1";

  /** What an allow-list entry may be; ends messages about unreadable entries. */
  static final String ALLOWED_ENTRY =
      "give an IPv4 or IPv6 address, a CIDR range or a trailing wildcard such as 10.1.2.*";

  private static final String V4_SHAPE =
      "an IPv4 address is four decimal numbers from 0 to 255 separated by '.'";
  private static final String V6_SHAPE =
      "an IPv6 address is up to eight groups of 1 to 4 hex digits separated by ':', with '::'"
          + " once for a run of zero groups, e.g. 2001:db8::1";

  private AddressParser() {}

  /** See {@link IpAddress#parse(String)}. */
  static IpAddress parseClient(String text) {
    int end = text.length();
    int colon = -1;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c == ':' && colon < 0) {
        colon = i;
      } else if (c == '%' && colon >= 0) {
        checkZone(text, i);
        end = i;
        break;
      }
    }
    if (end == 0) {
      throw new InvalidAddressException(text, "is empty: " + ALLOWED_CLIENT);
    }
    if (colon < 0) {
      return IpAddress.ofV4((int) parseV4(text, 0, end, ALLOWED_CLIENT));
    }
    return parseV6(text, 0, end, ALLOWED_CLIENT);
  }

  /** A zone ID is ignored, but it must be there and be plain printable ASCII. */
  private static void checkZone(String text, int percent) {
    if (percent + 1 == text.length()) {
      throw new InvalidAddressException(text, "has an empty zone ID after '%': write the zone,"
          + " e.g. fe80::1%eth0, or leave out the '%'");
    }
    for (int i = percent + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '%') {
        throw new InvalidAddressException(text, "has " + quotedChar(c) + " in its zone ID: a zone"
            + " ID is printable ASCII without spaces, e.g. fe80::1%eth0");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // IPv4

  /** Reads a strict dotted quad in {@code [start, end)} and returns its unsigned value. */
  static long parseV4(String text, int start, int end, String allowed) {
    long value = 0;
    int partStart = start;
    for (int part = 0; part < 4; part++) {
      if (partStart > end) {
        throw tooFewParts(text, start, end, part);
      }
      int partEnd = indexOf(text, '.', partStart, end);
      if (part == 0 && partEnd == end) {
        throw notDotted(text, start, end, allowed);
      }
      value = value << 8 | parseOctet(text, partStart, partEnd, allowed);
      partStart = partEnd + 1;
    }
    if (partStart <= end) {
      throw new InvalidAddressException(text, "is not an IPv4 address: it has more than four"
          + " parts, e.g. " + shown(replace(text, start, end, text.substring(start,
              indexOf(text, '.', start, end, 4)))));
    }
    return value;
  }

  /** Reads one IPv4 part, 0 to 255 in plain decimal, from {@code [from, to)}. */
  static int parseOctet(String text, int from, int to, String allowed) {
    if (from == to) {
      throw new InvalidAddressException(text, "has an empty part: " + V4_SHAPE
          + ", e.g. 192.0.2.1");
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw badV4Char(text, from, to, i, allowed);
      }
      // Saturate so that a long run of digits cannot overflow into a small valid number.
      value = Math.min(value * 10 + (c - '0'), 1000);
    }
    if (to - from > 1 && text.charAt(from) == '0') {
      throw leadingZero(text, from, to);
    }
    if (value > 255) {
      throw new InvalidAddressException(text, "has '" + shown(text.substring(from, to))
          + "', above 255: each IPv4 part is a number from 0 to 255, e.g. 192.0.2.1");
    }
    return value;
  }

  /**
   * A short form such as {@code 127.1}. Tools disagree on what it means (inet_aton fills zeros
   * before the last part, a reader may expect them after it), so the message shows both and
   * asks for the one meant, in full.
   */
  private static InvalidAddressException tooFewParts(String text, int start, int end, int parts) {
    String written = text.substring(start, end);
    String zeros = ".0".repeat(4 - parts);
    int lastDot = written.lastIndexOf('.');
    String asInetAton = lastDot < 0
        ? written + zeros
        : written.substring(0, lastDot) + zeros + written.substring(lastDot);
    String padded = written + zeros;
    String example = asInetAton.equals(padded)
        ? shown(replace(text, start, end, padded))
        : shown(replace(text, start, end, asInetAton)) + " (as inet_aton reads it) or "
            + shown(replace(text, start, end, padded));
    return new InvalidAddressException(text, "is not an IPv4 address: it needs all four parts"
        + " written out; give the address you mean, e.g. " + example);
  }

  /** A span without any '.': a bare number, a host name, or junk. */
  private static InvalidAddressException notDotted(String text, int start, int end,
      String allowed) {
    int length = end - start;
    if (length > 3 && allDigits(text, start, end)) {
      long number = length <= 10 ? Long.parseLong(text.substring(start, end)) : -1;
      boolean fits = number >= 0 && number <= 0xFFFF_FFFFL;
      String example = fits ? AddressFormat.v4(number) : "192.0.2.1";
      return new InvalidAddressException(text, "is not an IPv4 address: write four decimal"
          + " parts, not a single number, e.g. " + shown(replace(text, start, end, example)));
    }
    parseOctet(text, start, end, allowed);
    return tooFewParts(text, start, end, 1);
  }

  private static InvalidAddressException badV4Char(String text, int from, int to, int at,
      String allowed) {
    char c = text.charAt(at);
    if ((c == 'x' || c == 'X') && at == from + 1 && text.charAt(from) == '0') {
      return hexPart(text, from, to);
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      return new InvalidAddressException(text, "is not an IP address: host names are not"
          + " accepted, " + allowed);
    }
    return new InvalidAddressException(text, "has " + quotedChar(c) + " where an ASCII digit or"
        + " '.' belongs: " + V4_SHAPE + ", e.g. 192.0.2.1");
  }

  private static InvalidAddressException hexPart(String text, int from, int to) {
    String part = text.substring(from, to);
    String example = "192.0.2.1";
    int value = hexValue(text, from + 2, to);
    if (value >= 0 && value <= 255) {
      example = replace(text, from, to, Integer.toString(value));
    }
    return new InvalidAddressException(text, "has the hexadecimal number '" + shown(part)
        + "': write each part as a decimal number from 0 to 255, e.g. " + shown(example));
  }

  private static InvalidAddressException leadingZero(String text, int from, int to) {
    // The example drops the leading zeros of every number, not just the first one found.
    String example = text.replaceAll("(?<![0-9A-Za-z])0+(?=[0-9])", "");
    return new InvalidAddressException(text, "has a leading zero in '"
        + shown(text.substring(from, to)) + "': write decimal numbers without leading zeros,"
        + " e.g. " + shown(example));
  }

  // ---------------------------------------------------------------------------------------------
  // IPv6

  /**
   * Reads IPv6 text in {@code [start, end)}, including an IPv4 tail such as {@code
   * ::ffff:1.2.3.4}; an IPv4-mapped address is returned as IPv4.
   *
   * <p>Groups before {@code ::} go straight to their final bit position; groups after it are
   * shifted into a separate accumulator that ends up right-aligned, so no group array is needed.
   */
  static IpAddress parseV6(String text, int start, int end, String allowed) {
    long headHigh = 0;
    long headLow = 0;
    long tailHigh = 0;
    long tailLow = 0;
    int groups = 0;
    int compressAt = -1;
    int i = start;
    if (text.charAt(i) == ':') {
      if (i + 1 == end || text.charAt(i + 1) != ':') {
        throw v6Error(text, "it starts with a single ':'");
      }
      compressAt = 0;
      i += 2;
    }
    while (i < end) {
      int groupStart = i;
      int group = 0;
      int digit;
      while (i < end && (digit = hexDigit(text.charAt(i))) >= 0) {
        group = group << 4 | digit;
        i++;
      }
      if (i < end && text.charAt(i) == '.') {
        if (groups > 6 || (compressAt < 0 && groups < 6)) {
          throw v6Error(text, "an IPv4 tail must fill exactly the last two of eight groups");
        }
        long v4 = parseV4(text, groupStart, end, allowed);
        if (compressAt < 0) {
          headLow |= v4;
        } else {
          tailHigh = tailHigh << 32 | tailLow >>> 32;
          tailLow = tailLow << 32 | v4;
        }
        groups += 2;
        break;
      }
      checkGroup(text, groupStart, i, end, groups);
      if (compressAt < 0) {
        if (groups < 4) {
          headHigh |= (long) group << (48 - 16 * groups);
        } else {
          headLow |= (long) group << (48 - 16 * (groups - 4));
        }
      } else {
        tailHigh = tailHigh << 16 | tailLow >>> 48;
        tailLow = tailLow << 16 | group;
      }
      groups++;
      if (i == end) {
        break;
      }
      i++;
      if (i < end && text.charAt(i) == ':') {
        if (compressAt >= 0) {
          throw v6Error(text, "'::' appears twice, and it may stand for only one run of zeros");
        }
        compressAt = groups;
        i++;
      } else if (i == end) {
        throw v6Error(text, "it ends with a single ':'");
      }
    }
    if (compressAt < 0 && groups != 8) {
      throw v6Error(text, "it has " + groups + " groups, not eight, and no '::' for the zeros");
    }
    if (compressAt >= 0 && groups > 7) {
      throw v6Error(text, "it has eight groups and a '::', which must stand for at least one");
    }
    return unwrapMapped(headHigh | tailHigh, headLow | tailLow);
  }

  /** The address for these bits, as IPv4 when they are in {@code ::ffff:0:0/96}. */
  private static IpAddress unwrapMapped(long high, long low) {
    if (high == 0 && (low >>> 32) == 0xFFFFL) {
      return IpAddress.ofV4((int) low);
    }
    return IpAddress.ofV6(high, low);
  }

  /** Checks the group just read in {@code [from, to)} and the char after it. */
  private static void checkGroup(String text, int from, int to, int end, int groupsBefore) {
    if (to < end && text.charAt(to) != ':') {
      throw new InvalidAddressException(text, "has " + quotedChar(text.charAt(to))
          + " where a hex digit or ':' belongs: " + V6_SHAPE);
    }
    if (from == to) {
      throw v6Error(text, "it has ':::' or an empty group");
    }
    if (to - from > 4) {
      throw new InvalidAddressException(text, "has the group '" + shown(text.substring(from, to))
          + "': " + V6_SHAPE);
    }
    if (groupsBefore == 8) {
      throw v6Error(text, "it has more than eight groups");
    }
  }

  private static InvalidAddressException v6Error(String text, String problem) {
    return new InvalidAddressException(text, "is not an IPv6 address: " + problem + "; "
        + V6_SHAPE);
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** The value of the hex digits in {@code [from, to)}, or -1 if there are none or too many. */
  private static int hexValue(String text, int from, int to) {
    if (from == to || to - from > 4) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      int digit = hexDigit(text.charAt(i));
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /** The index of {@code c} in {@code [from, end)}, or {@code end} if it is not there. */
  static int indexOf(String text, char c, int from, int end) {
    for (int i = from; i < end; i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return end;
  }

  /** The index of the {@code n}th {@code c} in {@code [from, end)}, or {@code end}. */
  private static int indexOf(String text, char c, int from, int end, int n) {
    int at = from - 1;
    for (int found = 0; found < n && at < end; found++) {
      at = indexOf(text, c, at + 1, end);
    }
    return at;
  }

  static boolean allDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return from < to;
  }

  /** {@code text} with {@code [from, to)} replaced; builds examples for messages. */
  static String replace(String text, int from, int to, String replacement) {
    return text.substring(0, from) + replacement + text.substring(to);
  }

  /** A char for a message, escaped if it is not printable ASCII, e.g. {@code '\}u0661'. */
  static String quotedChar(char c) {
    return "'" + shown(String.valueOf(c)) + "'";
  }
}
