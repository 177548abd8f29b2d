package io.ipaccess.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipaccess.testing.SharedTestData;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeParseEntryTest {

  static Stream<Arguments> sharedEntries() {
    return SharedTestData.rows("testdata/entries.tsv").stream()
        .map(row -> Arguments.of(row.get(0), row.get(1)));
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
  @MethodSource("sharedEntries")
  void sharedEntry_isNormalisedOrRefused(String input, String expected) {
    if (expected.equals("reject")) {
      assertThatThrownBy(() -> IpRange.parseEntry(input))
          .isInstanceOf(InvalidAddressException.class)
          .hasMessageStartingWith("'");
    } else {
      assertThat(IpRange.parseEntry(input)).hasToString(expected);
    }
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {
      "25.203.44.*       | 25.203.44.0/24",
      "192.*.*.*         | 192.0.0.0/8",
      "10.1.*.*          | 10.1.0.0/16",
      "0.*.*.*           | 0.0.0.0/8",
      "255.255.255.*     | 255.255.255.0/24",
  })
  void wildcardInTrailingParts_coversWholeBlock(String input, String expected) {
    assertThat(IpRange.parseEntry(input)).hasToString(expected);
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {
      "192.168.100.14/24        | 192.168.100.0/24",
      "255.255.255.255/1        | 128.0.0.0/1",
      "127.255.255.255/1        | 0.0.0.0/1",
      "10.0.0.1/31              | 10.0.0.0/31",
      "2001:db8:ffff::1/33      | 2001:db8:8000::/33",
      "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/1 | 8000::/1",
      "2001:db8::1:2/127        | 2001:db8::1:2/127",
      "2001:db8::1:3/127        | 2001:db8::1:2/127",
      "2001:db8:0:0:1::/64      | 2001:db8::/64",
  })
  void hostBitsInCidr_areCleared(String input, String expected) {
    assertThat(IpRange.parseEntry(input)).hasToString(expected);
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {
      "::ffff:10.0.0.1          | 10.0.0.1/32",
      "::FFFF:a00:1             | 10.0.0.1/32",
      "0:0:0:0:0:ffff:10.0.0.1  | 10.0.0.1/32",
      "::ffff:10.0.0.0/104      | 10.0.0.0/8",
      "::ffff:10.1.2.3/97       | 0.0.0.0/1",
      "::ffff:10.1.2.3/128      | 10.1.2.3/32",
      // Only ::ffff:0:0/96 is unwrapped: the IPv4-compatible and NAT64 forms stay IPv6.
      "::10.0.0.1               | ::a00:1/128",
      "64:ff9b::10.0.0.1        | 64:ff9b::a00:1/128",
  })
  void ipv4MappedEntry_becomesIpv4(String input, String expected) {
    assertThat(IpRange.parseEntry(input)).hasToString(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {" 10.0.0.1", "10.0.0.1\t", "\r\n10.0.0.1\r\n", "\t 10.0.0.1 \n"})
  void outerAsciiWhiteSpace_isTrimmed(String input) {
    assertThat(IpRange.parseEntry(input)).hasToString("10.0.0.1/32");
  }

  @Test
  void unspecifiedNetworkWithPrefix_isAllowed() {
    assertThat(IpRange.parseEntry("0.0.0.0/8")).hasToString("0.0.0.0/8");
  }

  @Test
  void entry_isEqualToSameRangeWrittenAnotherWay() {
    assertThat(IpRange.parseEntry("10.1.2.*"))
        .isEqualTo(IpRange.parseEntry("10.1.2.77/24"))
        .isEqualTo(IpRange.of(IpAddress.parse("10.1.2.0"), 24));
  }

  static Stream<Arguments> malformedEntries() {
    return Stream.of(
        refused("", "'' is empty: give an IPv4 or IPv6 address, a CIDR range or a trailing"
            + " wildcard such as 10.1.2.*"),
        // Only white space: the message quotes it escaped, so the user sees what was sent.
        refused(" \t ", "' \\u0009 ' is empty: give an IPv4 or IPv6 address, a CIDR range or a"
            + " trailing wildcard such as 10.1.2.*"),
        // Short forms are ambiguous: the message shows both readings and asks for one.
        refused("10.1.2", "'10.1.2' is not an IPv4 address: it needs all four parts written out;"
            + " give the address you mean, e.g. 10.1.0.2 (as inet_aton reads it) or 10.1.2.0"),
        refused("127.1", "'127.1' is not an IPv4 address: it needs all four parts written out;"
            + " give the address you mean, e.g. 127.0.0.1 (as inet_aton reads it) or 127.1.0.0"),
        // The example keeps the prefix length the user wrote.
        refused("10.10/16", "'10.10/16' is not an IPv4 address: it needs all four parts written"
            + " out; give the address you mean, e.g. 10.0.0.10/16 (as inet_aton reads it) or"
            + " 10.10.0.0/16"),
        refused("010.1.1.1", "'010.1.1.1' has a leading zero in '010': write decimal numbers"
            + " without leading zeros, e.g. 10.1.1.1"),
        // InetAddress would read this as 127.0.0.1; the message shows that reading.
        refused("2130706433", "'2130706433' is not an IPv4 address: write four decimal parts,"
            + " not a single number, e.g. 127.0.0.1"),
        refused("0x7f.0.0.1", "'0x7f.0.0.1' has the hexadecimal number '0x7f': write each part as"
            + " a decimal number from 0 to 255, e.g. 127.0.0.1"),
        refused("256.1.1.1", "'256.1.1.1' has '256', above 255: each IPv4 part is a number from"
            + " 0 to 255, e.g. 192.0.2.1"),
        refused("1.2.3.4.5", "'1.2.3.4.5' is not an IPv4 address: it has more than four parts,"
            + " e.g. 1.2.3.4"),
        refused("0.0.0.0/0", "'0.0.0.0/0' would allow every address: to open access, empty the"
            + " list instead"),
        // /0 after masking, whatever address was written.
        refused("10.0.0.1/0", "'10.0.0.1/0' would allow every address: to open access, empty the"
            + " list instead"),
        refused("*.*.*.*", "'*.*.*.*' would allow every address: to open access, empty the list"
            + " instead"),
        // The mapped block at /96 is every IPv4 address.
        refused("::ffff:0:0/96", "'::ffff:0:0/96' would allow every address: to open access,"
            + " empty the list instead"),
        refused("0.0.0.0", "'0.0.0.0' would allow no client: it is the unspecified address, which"
            + " no client connects from; give a client address or a range such as 0.0.0.0/8"),
        refused("::", "'::' would allow no client: it is the unspecified address, which no"
            + " client connects from; give a client address or a range such as 2001:db8::/32"),
        refused("example.org", "'example.org' is not an IP address: host names are not accepted,"
            + " give an IPv4 or IPv6 address, a CIDR range or a trailing wildcard such as"
            + " 10.1.2.*"),
        // An Arabic-Indic digit looks like 1 in many fonts; the message escapes it.
        refused("127.0.0.\u0661", "'127.0.0.\\u0661' has '\\u0661', which is not an ASCII"
            + " character: write digits as ASCII 0-9 (and IPv6 hex digits as a-f)"),
        refused("fe80::1%eth0", "'fe80::1%eth0' has a zone ID: zone IDs name a local network"
            + " interface and are not accepted in entries; leave out the '%' and what follows,"
            + " e.g. fe80::1 instead of fe80::1%eth0"),
        // The suggestion must itself be accepted: '::' alone would not be.
        refused("::%eth0", "'::%eth0' has a zone ID: zone IDs name a local network"
            + " interface and are not accepted in entries; leave out the '%' and what follows,"
            + " e.g. fe80::1 instead of fe80::1%eth0"),
        refused("10.0.0.1/ 32", "'10.0.0.1/ 32' has white space inside it: write the entry"
            + " without spaces, e.g. 10.0.0.1/32"),
        // '/00' is a /0 in disguise, not a leading-zero typo to be fixed into /0.
        refused("2001:db8::1/00", "'2001:db8::1/00' would allow every address: to open access,"
            + " empty the list instead"),
        refused("[2001:db8::1]", "'[2001:db8::1]' has brackets: write the address without them,"
            + " e.g. 2001:db8::1 or 2001:db8::/32"),
        refused("1.2.3.4 foo", "'1.2.3.4 foo' has more than one address or extra text: give one"
            + " address or range per entry, e.g. 1.2.3.4"),
        refused("1.2.3.4/33", "'1.2.3.4/33' has the prefix length 33, too long for an IPv4"
            + " address: write a number from 1 to 32, e.g. 1.2.3.4/32"),
        refused("1.2.3.4/", "'1.2.3.4/' has no prefix length after '/': write a number from 1 to"
            + " 32, e.g. 1.2.3.4/32"),
        refused("1.2.3.4/8/8", "'1.2.3.4/8/8' has more than one '/': write one prefix length,"
            + " e.g. 1.2.3.4/8"),
        refused("1.2.3.4/-1", "'1.2.3.4/-1' has the prefix length '-1': write a number from 1 to"
            + " 32, e.g. 1.2.3.4/32"),
        refused("1.2.3.4/08", "'1.2.3.4/08' has a leading zero in the prefix length '08': write"
            + " it without, e.g. 1.2.3.4/8"),
        refused("/24", "'/24' has no address before '/': give an IPv4 or IPv6 address, a CIDR"
            + " range or a trailing wildcard such as 10.1.2.*"),
        refused("1.*.3.4", "'1.*.3.4' has a part after a wildcard: wildcards may only end the"
            + " address, e.g. 1.*.*.*"),
        refused("10.*", "'10.*' is not an IPv4 address: it needs four parts, e.g. 10.*.*.*"),
        refused("25.203.44.1*", "'25.203.44.1*' has '1*': a wildcard stands for a whole part,"
            + " e.g. 25.203.44.*"),
        refused("1.2.3.*/24", "'1.2.3.*/24' has both a wildcard and a prefix length: give one of"
            + " them, e.g. 1.2.3.*"),
        refused("2001:db8::*", "'2001:db8::*' has a wildcard: wildcards are for IPv4 only, give"
            + " an IPv6 range in CIDR form, e.g. 2001:db8::/32"),
        // A mapped address with a prefix below 96 would reach outside the mapped block.
        refused("::ffff:10.0.0.0/95", "'::ffff:10.0.0.0/95' is an IPv4-mapped address with a"
            + " prefix below 96, which would mix mapped and plain IPv6 addresses: give the IPv4"
            + " range, e.g. 10.0.0.0/8, or a mapped prefix from 97 to 128, e.g."
            + " ::ffff:10.0.0.0/104"),
        refused("2001:db8:::1", "'2001:db8:::1' is not an IPv6 address: it has ':::' or an empty"
            + " group; " + V6_SHAPE),
        refused("2001:db8::g", "'2001:db8::g' has 'g' where a hex digit or ':' belongs: "
            + V6_SHAPE),
        refused("1::2::3", "'1::2::3' is not an IPv6 address: '::' appears twice, and it may"
            + " stand for only one run of zeros; " + V6_SHAPE),
        refused("2001:db8:0:0:0:0:0:0:1", "'2001:db8:0:0:0:0:0:0:1' is not an IPv6 address: it"
            + " has more than eight groups; " + V6_SHAPE),
        refused("2001:0db80::1", "'2001:0db80::1' has the group '0db80': " + V6_SHAPE),
        // Seven groups without '::' is a short form, not a valid address.
        refused("1:2:3:4:5:6:7", "'1:2:3:4:5:6:7' is not an IPv6 address: it has 7 groups, not"
            + " eight, and no '::' for the zeros; " + V6_SHAPE));
  }

  private static final String V6_SHAPE = "an IPv6 address is up to eight groups of 1 to 4 hex"
      + " digits separated by ':', with '::' once for a run of zero groups, e.g. 2001:db8::1";

  private static Arguments refused(String input, String message) {
    return Arguments.of(input, message);
  }

  @ParameterizedTest(name = "''{0}''")
  @MethodSource("malformedEntries")
  void malformedEntry_isRefusedWithExactMessage(String input, String message) {
    assertThatThrownBy(() -> IpRange.parseEntry(input))
        .isInstanceOf(InvalidAddressException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "localhost", "10.1", "10.0.0.1:80", "1.2.3.4,5.6.7.8", "1.2.3.4;5.6.7.8", "1..2.3",
      "1.2.3.4.", ".1.2.3.4", "1.2.3.4/1000", "1.2.3.4/+8", "1.2.3.4/ 8", "+1.2.3.4",
      "\uff11\uff10.0.0.1", "1.2.3.4\u00a0", "1.2.3.4\u000b", "2001:db8::1/129", "::1/-0",
      ":1::", "1::2:", "1:2:3:4:5:6:7:8::", "::ffff:1.2.3", "::ffff:1.2.3.04", "1.2.3.4::",
      "::ffff:0.0.0.0", "::/128", "0.0.0.0/32", "*.example.org", "1.2.*.*.*",
  })
  void otherMalformedEntries_areRefused(String input) {
    assertThatThrownBy(() -> IpRange.parseEntry(input))
        .isInstanceOf(InvalidAddressException.class)
        .hasMessageStartingWith("'");
  }

  @Test
  void longInput_isCutInMessage() {
    String input = "x".repeat(100);

    assertThatThrownBy(() -> IpRange.parseEntry(input))
        .hasMessageStartingWith("'" + "x".repeat(64) + "...' is not an IP address");
  }

  @Test
  void exception_keepsTheRefusedInput() {
    InvalidAddressException refused = catchRefusal("10.1.2");

    assertThat(refused.input()).isEqualTo("10.1.2");
  }

  private static InvalidAddressException catchRefusal(String input) {
    try {
      IpRange.parseEntry(input);
    } catch (InvalidAddressException e) {
      return e;
    }
    throw new AssertionError("accepted " + input);
  }

  @Test
  void lastAddress_coversHostBits() {
    assertThat(IpRange.parseEntry("10.0.0.0/8").last()).hasToString("10.255.255.255");
    assertThat(IpRange.parseEntry("2001:db8::/32").last())
        .hasToString("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
    assertThat(IpRange.parseEntry("::1").first()).isEqualTo(IpRange.parseEntry("::1").last());
  }

  @Test
  void contains_isFalseAcrossFamilies() {
    IpRange v4 = IpRange.parseEntry("0.0.0.0/8");
    IpRange v6 = IpRange.parseEntry("::/8");

    assertThat(v4.contains(IpAddress.parse("::1"))).isFalse();
    assertThat(v6.contains(IpAddress.parse("0.0.0.1"))).isFalse();
    assertThat(v6.contains(IpAddress.parse("::1"))).isTrue();
  }

  @Test
  void of_refusesPrefixLongerThanFamily() {
    assertThatThrownBy(() -> IpRange.of(IpAddress.ofV4(1), 33))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_keepsTopOfAddressSpace() {
    assertThat(IpRange.of(IpAddress.ofV6(-1L, -1L), 128))
        .hasToString("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
    assertThat(IpRange.of(IpAddress.ofV4(-1), 32)).hasToString("255.255.255.255/32");
  }
}
