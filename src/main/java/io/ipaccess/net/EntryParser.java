package io.ipaccess.net;

import static io.ipaccess.net.AddressParser.ALLOWED_ENTRY;
import static io.ipaccess.net.AddressParser.indexOf;
import static io.ipaccess.net.AddressParser.quotedChar;
import static io.ipaccess.net.InvalidAddressException.shown;

import java.util.Arrays;
import java.util.Objects;

/**
 * The allow-list entry rules of {@link IpRange#parseEntry(String)} on top of the strict address
 * scanner: trimming, characters no entry may hold, prefix lengths, trailing wildcards, IPv4-mapped
 * ranges and the refusal of entries that would allow every address or none.
 *
 * <p>Entries are parsed when a list is edited, not per request, so this class allocates freely
 * to give the most helpful message it can.
 */
final class EntryParser {

  private static final String EVERY_ADDRESS =
      "would allow every address: to open access, empty the list instead";

  private EntryParser() {}

  static IpRange parse(String input) {
    Objects.requireNonNull(input, "entry");
    String text = trimAsciiSpace(input);
    if (text.isEmpty()) {
      throw new InvalidAddressException(input, "is empty: " + ALLOWED_ENTRY);
    }
    checkCharacters(text);

    int slash = text.indexOf('/');
    int addressEnd = slash < 0 ? text.length() : slash;
    if (addressEnd == 0) {
      throw new InvalidAddressException(text, "has no address before '/': " + ALLOWED_ENTRY);
    }
    boolean v6Text = indexOf(text, ':', 0, addressEnd) < addressEnd;
    if (text.indexOf('*') >= 0) {
      return parseWildcard(text, slash, v6Text);
    }

    IpAddress address = v6Text
        ? AddressParser.parseV6(text, 0, addressEnd, ALLOWED_ENTRY)
        : IpAddress.ofV4((int) AddressParser.parseV4(text, 0, addressEnd, ALLOWED_ENTRY));
    int prefixLength = slash < 0 ? (v6Text ? 128 : 32) : parsePrefix(text, slash, v6Text);
    if (v6Text && !address.v6()) {
      prefixLength = mappedToV4(text, prefixLength);
    }
    IpRange range = IpRange.of(address, prefixLength);
    checkAllowsSomeButNotAll(text, range);
    return range;
  }

  /** Strips the outer spaces, tabs, CRs and LFs that pasted or uploaded lists carry. */
  private static String trimAsciiSpace(String input) {
    int start = 0;
    int end = input.length();
    while (start < end && isAsciiSpace(input.charAt(start))) {
      start++;
    }
    while (end > start && isAsciiSpace(input.charAt(end - 1))) {
      end--;
    }
    return input.substring(start, end);
  }

  private static boolean isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** Refuses the characters that no entry may hold, with a message for each kind of mistake. */
  private static void checkCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '[' || c == ']') {
        throw new InvalidAddressException(text, "has brackets: write the address without them, "
            + "e.g. 2001:db8::1 or 2001:db8::/32");
      }
      if (c == '%') {
        throw new InvalidAddressException(text, "has a zone ID: zone IDs name a local network"
            + " interface and are not accepted in entries; leave out the '%' and what follows,"
            + " e.g. fe80::1 instead of fe80::1%eth0");
      }
      if (isAsciiSpace(c) && i > 0 && "/.:".indexOf(text.charAt(i - 1)) >= 0) {
        throw new InvalidAddressException(text, "has white space inside it: write the entry"
            + " without spaces, e.g. " + shown(text.replaceAll("[ \\t\\r\\n]", "")));
      }
      if (isAsciiSpace(c) || c == ',' || c == ';') {
        throw new InvalidAddressException(text, "has more than one address or extra text: give"
            + " one address or range per entry, e.g. " + shown(text.substring(0, i)));
      }
      if (c < ' ' || c == 0x7f) {
        throw new InvalidAddressException(text, "has the control character " + quotedChar(c)
            + ": " + ALLOWED_ENTRY);
      }
      if (c > 0x7f) {
        throw new InvalidAddressException(text, "has " + quotedChar(c) + ", which is not an ASCII"
            + " character: write digits as ASCII 0-9 (and IPv6 hex digits as a-f)");
      }
    }
  }

  /** Reads the prefix length after the '/' at {@code slash}. */
  private static int parsePrefix(String text, int slash, boolean v6Text) {
    int maxLength = v6Text ? 128 : 32;
    String allowed = "write a number from 1 to " + maxLength + ", e.g. "
        + shown(text.substring(0, slash)) + "/" + maxLength;
    String digits = text.substring(slash + 1);
    int secondSlash = digits.indexOf('/');
    if (secondSlash >= 0) {
      throw new InvalidAddressException(text, "has more than one '/': write one prefix length,"
          + " e.g. " + shown(text.substring(0, slash + 1 + secondSlash)));
    }
    if (digits.isEmpty()) {
      throw new InvalidAddressException(text, "has no prefix length after '/': " + allowed);
    }
    if (!AddressParser.allDigits(digits, 0, digits.length())) {
      throw new InvalidAddressException(text, "has the prefix length '" + shown(digits) + "': "
          + allowed);
    }
    // '/00' and the like are a /0 with extra zeros: refused below as allowing every address.
    if (digits.length() > 1 && digits.charAt(0) == '0' && !digits.matches("0+")) {
      String withoutZeros = digits.replaceFirst("^0+(?=.)", "");
      throw new InvalidAddressException(text, "has a leading zero in the prefix length '"
          + shown(digits) + "': write it without, e.g. " + shown(text.substring(0, slash))
          + "/" + withoutZeros);
    }
    if (digits.matches("0+")) {
      return 0;
    }
    if (digits.length() > 3 || Integer.parseInt(digits) > maxLength) {
      throw new InvalidAddressException(text, "has the prefix length " + shown(digits)
          + ", too long for an IPv" + (v6Text ? "6" : "4") + " address: " + allowed);
    }
    return Integer.parseInt(digits);
  }

  /**
   * The IPv4 prefix length for an IPv4-mapped entry such as {@code ::ffff:10.0.0.0/104}. A mapped
   * prefix below 96 would mix mapped and plain IPv6 addresses in one range, which the matcher
   * cannot honour because it judges mapped clients as IPv4.
   */
  private static int mappedToV4(String text, int prefixLength) {
    if (prefixLength < 96) {
      throw mixesMapped(text);
    }
    return prefixLength - 96;
  }

  private static InvalidAddressException mixesMapped(String text) {
    return new InvalidAddressException(text, "is an IPv4-mapped address with a prefix below 96,"
        + " which would mix mapped and plain IPv6 addresses: give the IPv4 range, e.g."
        + " 10.0.0.0/8, or a mapped prefix from 97 to 128, e.g. ::ffff:10.0.0.0/104");
  }

  private static void checkAllowsSomeButNotAll(String text, IpRange range) {
    IpAddress network = range.network();
    if (range.prefixLength() == 0) {
      throw new InvalidAddressException(text, EVERY_ADDRESS);
    }
    boolean single = range.prefixLength() == (network.v6() ? 128 : 32);
    if (single && network.high() == 0 && network.low() == 0) {
      throw new InvalidAddressException(text, "would allow no client: it is the unspecified"
          + " address, which no client connects from; give a client address or a range such as "
          + (network.v6() ? "2001:db8::/32" : "0.0.0.0/8"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Trailing wildcards

  /** Reads {@code 25.203.44.*} or {@code 192.*.*.*}: four parts, the wildcards all at the end. */
  private static IpRange parseWildcard(String text, int slash, boolean v6Text) {
    if (v6Text) {
      throw new InvalidAddressException(text, "has a wildcard: wildcards are for IPv4 only, give"
          + " an IPv6 range in CIDR form, e.g. 2001:db8::/32");
    }
    if (slash >= 0) {
      throw new InvalidAddressException(text, "has both a wildcard and a prefix length: give one"
          + " of them, e.g. " + shown(text.substring(0, slash)));
    }
    if (hasAsciiLetter(text)) {
      throw new InvalidAddressException(text, "is not an IP address: host names are not"
          + " accepted, " + ALLOWED_ENTRY);
    }
    String[] parts = text.split("\\.", -1);
    checkWildcardParts(text, parts);

    long value = 0;
    int fixedParts = 0;
    int partStart = 0;
    for (String part : parts) {
      if (!part.equals("*")) {
        value |= (long) AddressParser.parseOctet(text, partStart, partStart + part.length(),
            ALLOWED_ENTRY) << (24 - 8 * fixedParts);
        fixedParts++;
      }
      partStart += part.length() + 1;
    }
    if (fixedParts == 0) {
      throw new InvalidAddressException(text, EVERY_ADDRESS);
    }
    return IpRange.of(IpAddress.ofV4((int) value), 8 * fixedParts);
  }

  private static boolean hasAsciiLetter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        return true;
      }
    }
    return false;
  }

  private static void checkWildcardParts(String text, String[] parts) {
    boolean wildcardSeen = false;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.contains("*") && !part.equals("*")) {
        parts[i] = "*";
        throw new InvalidAddressException(text, "has '" + shown(part) + "': a wildcard stands"
            + " for a whole part, e.g. " + shown(String.join(".", parts)));
      }
      if (wildcardSeen && !part.equals("*")) {
        for (int j = i; j < parts.length; j++) {
          parts[j] = "*";
        }
        throw new InvalidAddressException(text, "has a part after a wildcard: wildcards may"
            + " only end the address, e.g. " + shown(String.join(".", parts)));
      }
      wildcardSeen |= part.equals("*");
    }
    if (parts.length < 4) {
      throw new InvalidAddressException(text, "is not an IPv4 address: it needs four parts, e.g. "
          + shown(text + ".*".repeat(4 - parts.length)));
    }
    if (parts.length > 4) {
      throw new InvalidAddressException(text, "is not an IPv4 address: it has more than four"
          + " parts, e.g. " + shown(String.join(".", Arrays.copyOf(parts, 4))));
    }
  }
}
