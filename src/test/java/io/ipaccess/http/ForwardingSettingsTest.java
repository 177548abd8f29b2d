package io.ipaccess.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipaccess.net.IpAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --trusted-proxies} and {@code --client-ip-header}, checked once at start. */
class ForwardingSettingsTest {

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0/0", "::/0", "*.*.*.*", " 10.0.0.0/0 "})
  void trustedProxies_everyAddress_isRefusedNamingTheSetting(String entry) {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.1", entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--trusted-proxies '" + entry.strip() + "' would trust every address, so any"
            + " client could choose the address it is judged by: list the addresses or ranges"
            + " of your own proxies, e.g. 10.0.0.0/8");
  }

  @Test
  void trustedProxies_mappedEveryAddress_isRefusedToo() {
    // ::ffff:0:0/96 is 0.0.0.0/0 written as IPv6; the entry parser catches it.
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("::ffff:0.0.0.0/96")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--trusted-proxies: '::ffff:0.0.0.0/96' would allow every");
  }

  @Test
  void trustedProxies_badEntry_isRefusedQuotingIt() {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.1", "10.1.2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--trusted-proxies: '10.1.2' is not an IPv4 address: it needs all four"
            + " parts written out; give the address you mean, e.g. 10.1.0.2 (as inet_aton reads"
            + " it) or 10.1.2.0");
  }

  @Test
  void trustedProxies_rangesAndWildcards_areTrusted() {
    TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "192.0.2.*", "fd00::1"));

    assertThat(proxies.trusts(IpAddress.parse("10.9.8.7"))).isTrue();
    assertThat(proxies.trusts(IpAddress.parse("192.0.2.200"))).isTrue();
    assertThat(proxies.trusts(IpAddress.parse("fd00::1"))).isTrue();
    assertThat(proxies.trusts(IpAddress.parse("11.0.0.1"))).isFalse();
    assertThat(proxies.ranges()).extracting(Object::toString)
        .containsExactly("10.0.0.0/8", "192.0.2.0/24", "fd00::1/128");
  }

  @Test
  void clientIpHeader_acceptsTheThreeInAnyCase() {
    assertThat(ClientIpHeader.parse("x-forwarded-for")).isEqualTo(ClientIpHeader.X_FORWARDED_FOR);
    assertThat(ClientIpHeader.parse("FORWARDED")).isEqualTo(ClientIpHeader.FORWARDED);
    assertThat(ClientIpHeader.parse("X-Real-IP")).isEqualTo(ClientIpHeader.X_REAL_IP);
  }

  @Test
  void clientIpHeader_other_isRefusedNamingTheSetting() {
    assertThatThrownBy(() -> ClientIpHeader.parse("True-Client-IP"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--client-ip-header 'True-Client-IP' is not supported: use X-Forwarded-For,"
            + " Forwarded or X-Real-IP");
  }
}
