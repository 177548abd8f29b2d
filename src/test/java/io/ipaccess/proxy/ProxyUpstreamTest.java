package io.ipaccess.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --proxy-upstream}: scheme, host and port, nothing else. */
class ProxyUpstreamTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http://127.0.0.1:9000 | http://127.0.0.1:9000",
      "HTTP://backend/ | http://backend:80",
      "https://api.internal | https://api.internal:443",
      "http://[::1]:9000 | http://[::1]:9000",
  })
  void usableUrl_isParsed(String text, String expected) {
    assertThat(ProxyUpstream.parse(text).toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "ftp://127.0.0.1:21 | it needs the scheme http:// or https://",
      "127.0.0.1:9000 | it needs the scheme http:// or https://",
      "http:///path | it has no host",
      "http://user:secret@backend:9000 | it has user information",
      "http://backend:9000/api | it has a path, query or fragment",
      "http://backend:9000?x=1 | it has a path, query or fragment",
      "http://back end:9000 | it is not a URL",
  })
  void unusableUrl_isRefusedNamingTheSetting(String text, String problem) {
    assertThatThrownBy(() -> ProxyUpstream.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--proxy-upstream '" + text + "' is not usable: " + problem);
  }
}
