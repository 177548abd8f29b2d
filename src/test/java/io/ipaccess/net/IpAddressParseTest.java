package io.ipaccess.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressParseTest {

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {
      "192.0.2.1                  | 192.0.2.1",
      "0.0.0.0                    | 0.0.0.0",
      "255.255.255.255            | 255.255.255.255",
      "::                         | ::",
      "::1                        | ::1",
      "2001:DB8:0:0:0:0:0:1       | 2001:db8::1",
      "2001:0db8:0000::0001       | 2001:db8::1",
      "fe80::1%eth0               | fe80::1",
      "fe80::1%25                 | fe80::1",
      "::ffff:1.2.3.4             | 1.2.3.4",
      "0:0:0:0:0:ffff:127.0.0.1   | 127.0.0.1",
      "::ffff:7f00:1              | 127.0.0.1",
      "1:2:3:4:5:6:1.2.3.4        | 1:2:3:4:5:6:102:304",
      "1:2:3:4:5:6:7::            | 1:2:3:4:5:6:7:0",
      "::2:3:4:5:6:7:8            | 0:2:3:4:5:6:7:8",
  })
  void clientAddress_isReadToCanonicalForm(String input, String expected) {
    assertThat(IpAddress.parse(input)).hasToString(expected);
  }

  @ParameterizedTest(name = "''{0}'' stays IPv6")
  @ValueSource(strings = {"::1.2.3.4", "64:ff9b::1.2.3.4", "2001:db8:1:1:0:ffff:7f00:1",
      "::fffe:1.2.3.4", "::1:ffff:1.2.3.4"})
  void onlyMappedBlock_isUnwrapped(String input) {
    assertThat(IpAddress.parse(input).v6()).isTrue();
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {
      "", "010.1.1.1", "10.1", "10.1.2", "2130706433", "0x7f.0.0.1", "256.0.0.1", "1.2.3.4.5",
      "localhost", "1.2.3.4%eth0", "[::1]", "[::1]:80", "1.2.3.4:80", "1.2.3.4/32", "::1/128",
      " 1.2.3.4", "1.2.3.4 ", "127.0.0.\u0661", "fe80::1%", "fe80::1%eth 0", "2001:db8:::1",
      "1::2::3", "12345::", ":::", ":", "::ffff:1.2.3", "::ffff:01.2.3.4", "1.2.3.4::",
      "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:1.2.3.4", "*",
  })
  void malformedClientAddress_isRefused(String input) {
    assertThatThrownBy(() -> IpAddress.parse(input))
        .isInstanceOf(InvalidAddressException.class)
        .hasMessageStartingWith("'");
  }

  @Test
  void clientHostName_isRefusedWithClientWording() {
    assertThatThrownBy(() -> IpAddress.parse("localhost"))
        .hasMessage("'localhost' is not an IP address: host names are not accepted, give an"
            + " IPv4 address such as 192.0.2.1 or an IPv6 address such as 2001:db8::1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // RFC 5952 4.1 leading zeros dropped, 4.3 lower case.
      "2001:0DB8:0000:0000:0000:0000:0000:0001 | 2001:db8::1",
      // 4.2.1 the longest run is compressed.
      "2001:db8:0:0:1:0:0:0                    | 2001:db8:0:0:1::",
      // 4.2.2 a single zero group is not compressed.
      "2001:db8:0:1:1:1:1:1                    | 2001:db8:0:1:1:1:1:1",
      // 4.2.3 on a tie the first run is compressed.
      "2001:0:0:1:0:0:0:1                      | 2001:0:0:1::1",
      "2001:db8:0:0:1:0:0:1                    | 2001:db8::1:0:0:1",
      "0:0:0:0:0:0:0:0                         | ::",
      "0:0:0:0:0:0:0:1                         | ::1",
      "1:0:0:0:0:0:0:0                         | 1::",
      "0:0:1:0:0:0:0:0                         | 0:0:1::",
      "0:1:0:1:0:1:0:1                         | 0:1:0:1:0:1:0:1",
      "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
      "8000:0:0:0:0:0:0:0                      | 8000::",
  })
  void ipv6_isFormattedPerRfc5952(String input, String expected) {
    assertThat(IpAddress.parse(input)).hasToString(expected);
  }

  @Test
  void factories_keepBits() {
    assertThat(IpAddress.ofV4(0x7f000001)).isEqualTo(new IpAddress(false, 0, 0x7f000001L));
    assertThat(IpAddress.ofV4(-1)).hasToString("255.255.255.255");
    assertThat(IpAddress.ofV6(0x2001_0db8_0000_0000L, 1)).hasToString("2001:db8::1");
  }

  @Test
  void ipv4WithBitsAbove32_isRefusedByConstructor() {
    assertThatThrownBy(() -> new IpAddress(false, 0, 0x1_0000_0000L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_allocatesOnlyTheResult() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    String[] inputs = {"203.0.113.77", "2001:db8:85a3::8a2e:370:7334", "::ffff:10.1.2.3",
        "fe80::1%eth0"};
    int rounds = 20_000;
    parseAll(inputs, rounds);

    long before = threads.getCurrentThreadAllocatedBytes();
    parseAll(inputs, rounds);
    long perParse = (threads.getCurrentThreadAllocatedBytes() - before) / (rounds * 4L);

    // One IpAddress is 24 to 32 bytes depending on the VM's header and pointer sizes.
    assertThat(perParse).isLessThanOrEqualTo(32);
  }

  private static void parseAll(String[] inputs, int rounds) {
    for (int i = 0; i < rounds; i++) {
      for (String input : inputs) {
        if (IpAddress.parse(input) == null) {
          throw new AssertionError();
        }
      }
    }
  }
}
