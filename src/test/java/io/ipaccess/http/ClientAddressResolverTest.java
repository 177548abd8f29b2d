package io.ipaccess.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which address a request is judged by, from its peer and forwarding headers. */
class ClientAddressResolverTest {

  private static final TrustedProxies PROXIES = TrustedProxies.parse(List.of("10.0.0.0/8",
      "fd00::/8"));

  private static ClientAddressResolver reading(ClientIpHeader header) {
    return new ClientAddressResolver(PROXIES, header);
  }

  /** Header lines by name; {@code lines} are the lines of {@code name}, in order. */
  private static String resolve(ClientAddressResolver resolver, String peer, String name,
      String... lines) {
    Map<String, List<String>> headers = Map.of(name, Arrays.asList(lines));
    return resolver.resolve(peer, header -> headers.getOrDefault(header, List.of())).toString();
  }

  @Test
  void withoutTrustedProxies_peerIsTheClientWhateverTheHeaderSays() {
    ClientAddressResolver resolver = new ClientAddressResolver();

    assertThat(resolve(resolver, "10.0.0.2", "X-Forwarded-For", "1.2.3.4")).isEqualTo("10.0.0.2");
  }

  @Test
  void untrustedPeer_headerIsNotEvenRead() {
    ClientAddressResolver resolver = reading(ClientIpHeader.X_FORWARDED_FOR);

    // Unreadable, but an untrusted peer's header never decides anything.
    assertThat(resolve(resolver, "192.0.2.9", "X-Forwarded-For", "unknown"))
        .isEqualTo("192.0.2.9");
  }

  @Test
  void trustedPeer_otherHeadersAreIgnored() {
    ClientAddressResolver resolver = reading(ClientIpHeader.X_FORWARDED_FOR);

    assertThat(resolve(resolver, "10.0.0.2", "X-Real-IP", "1.2.3.4")).isEqualTo("10.0.0.2");
  }

  @Test
  void trustedIpv6PeerInBrackets_readsTheHeader() {
    ClientAddressResolver resolver = reading(ClientIpHeader.X_FORWARDED_FOR);

    assertThat(resolve(resolver, "[fd00::7]", "X-Forwarded-For", "2001:DB8::1"))
        .isEqualTo("2001:db8::1");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "1.2.3.4, 10.0.0.7 | 1.2.3.4",
      // The client wrote 6.6.6.6 itself; the walk stops at the first untrusted hop.
      "6.6.6.6, 1.2.3.4 | 1.2.3.4",
      // Every hop trusted: the leftmost is the client.
      "10.0.0.9, 10.0.0.8 | 10.0.0.9",
      // A mapped address is judged as the IPv4 address it maps.
      "::ffff:192.0.2.1 | 192.0.2.1",
      // Values left of the client are not read, so garbage there decides nothing.
      "garbage, 1.2.3.4 | 1.2.3.4",
  })
  void xForwardedFor_walksFromTheRight(String value, String expected) {
    assertThat(resolve(reading(ClientIpHeader.X_FORWARDED_FOR), "10.0.0.2", "X-Forwarded-For",
        value)).isEqualTo(expected);
  }

  @Test
  void xForwardedFor_joinsAllLinesInOrder() {
    assertThat(resolve(reading(ClientIpHeader.X_FORWARDED_FOR), "10.0.0.2", "X-Forwarded-For",
        "1.2.3.4", "5.6.7.8, 10.0.0.3")).isEqualTo("5.6.7.8");
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "unknown",
      "''",
      "1.2.3.4,",
      "1.2.3.4, , 10.0.0.3",
      "010.0.0.1",
      "proxy.example.com",
      // Ports and brackets do not belong in X-Forwarded-For.
      "1.2.3.4:5678",
      "[2001:db8::1]",
      // Only spaces and tabs are trimmed; a no-break space is not white space here.
      "1.2.3.4\u00a0",
  })
  void xForwardedFor_unreadableDecidingValue_isRefused(String value) {
    ClientAddressResolver resolver = reading(ClientIpHeader.X_FORWARDED_FOR);

    assertThatThrownBy(() -> resolve(resolver, "10.0.0.2", "X-Forwarded-For", value))
        .isInstanceOf(UnreadableClientAddressException.class)
        .hasMessageStartingWith("the client address cannot be read from X-Forwarded-For: '");
  }

  @Test
  void unreadableValue_messageQuotesItAndSaysWhy() {
    ClientAddressResolver resolver = reading(ClientIpHeader.X_FORWARDED_FOR);

    assertThatThrownBy(() -> resolve(resolver, "10.0.0.2", "X-Forwarded-For", "1.2.3.4, 010.0.0.1"))
        .hasMessageStartingWith("the client address cannot be read from X-Forwarded-For:"
            + " '010.0.0.1'")
        .hasMessageContaining("leading zero");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "for=192.0.2.60;proto=http;by=203.0.113.43 | 192.0.2.60",
      "for=\"[2001:db8:cafe::17]:4711\" | 2001:db8:cafe::17",
      "for=\"[2001:db8:cafe::17]\" | 2001:db8:cafe::17",
      "for=\"192.0.2.43:47011\" | 192.0.2.43",
      "For=192.0.2.43 | 192.0.2.43",
      "for=192.0.2.43, for=10.0.0.5 | 192.0.2.43",
      "for=192.0.2.43, for=198.51.100.17 | 198.51.100.17",
      "proto=https; for=192.0.2.43 ;by=_hidden | 192.0.2.43",
      "for=\"[2001:db8::1]:_port\" | 2001:db8::1",
      // The client's own element, left of the first untrusted one, is not read.
      "for=unknown, for=192.0.2.43 | 192.0.2.43",
      "for=\"\\1\\9\\2.0.2.43\" | 192.0.2.43",
  })
  void forwarded_readsForNodes(String value, String expected) {
    assertThat(resolve(reading(ClientIpHeader.FORWARDED), "10.0.0.2", "Forwarded", value))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "for=unknown",
      "for=_hidden",
      "proto=https",
      // An unquoted IPv6 address or port breaks the token grammar.
      "for=2001:db8::1",
      "for=192.0.2.43:80",
      "for=\"2001:db8::1\"",
      "for=\"[2001:db8::1\"",
      "for=\"[192.0.2.43]\"",
      "for=\"192.0.2.43:99999999\"",
      "for=\"192.0.2.43",
      "for=192.0.2.43;for=192.0.2.44",
      "for=192.0.2.43 garbage",
      "for=",
      "for=192.0.2.43,",
  })
  void forwarded_unreadable_isRefused(String value) {
    ClientAddressResolver resolver = reading(ClientIpHeader.FORWARDED);

    assertThatThrownBy(() -> resolve(resolver, "10.0.0.2", "Forwarded", value))
        .isInstanceOf(UnreadableClientAddressException.class)
        .hasMessageStartingWith("the client address cannot be read from");
  }

  @Test
  void forwarded_unbracketedIpv6_saysBracketsAreNeeded() {
    ClientAddressResolver resolver = reading(ClientIpHeader.FORWARDED);

    assertThatThrownBy(() -> resolve(resolver, "10.0.0.2", "Forwarded", "for=\"2001:db8::1\""))
        .hasMessage("the client address cannot be read from Forwarded: '2001:db8::1' is an IPv6"
            + " address without the brackets RFC 7239 requires, e.g. for=\"[2001:db8::1]\"");
  }

  @Test
  void xRealIp_isTheClientEvenWhenTrusted() {
    ClientAddressResolver resolver = reading(ClientIpHeader.X_REAL_IP);

    assertThat(resolve(resolver, "10.0.0.2", "X-Real-IP", " 192.0.2.5 ")).isEqualTo("192.0.2.5");
    assertThat(resolve(resolver, "10.0.0.2", "X-Real-IP", "10.0.0.5")).isEqualTo("10.0.0.5");
  }

  @Test
  void xRealIp_withTwoValues_isRefused() {
    ClientAddressResolver resolver = reading(ClientIpHeader.X_REAL_IP);

    assertThatThrownBy(() -> resolve(resolver, "10.0.0.2", "X-Real-IP", "192.0.2.5", "192.0.2.6"))
        .isInstanceOf(UnreadableClientAddressException.class)
        .hasMessage("the client address cannot be read from X-Real-IP: it must hold exactly one"
            + " address, but it holds 2 values");
  }

  @Test
  void trustedPeerWithoutTheHeader_isTheClient() {
    assertThat(resolve(reading(ClientIpHeader.X_FORWARDED_FOR), "10.0.0.2", "Via", "1.1 a"))
        .isEqualTo("10.0.0.2");
  }
}
