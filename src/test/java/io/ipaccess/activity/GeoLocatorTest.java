package io.ipaccess.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipaccess.net.IpAddress;
import io.ipaccess.testing.SharedTestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Locations for the activity: special ranges by name, others by country from an MMDB file. */
class GeoLocatorTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "127.0.0.1, Loopback",
      "::1, Loopback",
      "10.1.2.3, Private network",
      "172.31.255.255, Private network",
      "192.168.0.1, Private network",
      "fd00::1, Private network",
      "100.64.0.1, Carrier-grade NAT",
      "169.254.1.1, Link-local",
      "fe80::1, Link-local",
      "192.0.2.1, Reserved",
      "2001:db8::1, Reserved",
      "224.0.0.1, Reserved",
  })
  void specialRanges_areNamedWithoutADatabase(String address, String location) {
    assertThat(GeoLocator.withoutDatabase().locate(IpAddress.parse(address))).isEqualTo(location);
  }

  @Test
  void publicAddressWithoutADatabase_isUnknown() {
    assertThat(GeoLocator.withoutDatabase().locate(IpAddress.parse("8.8.8.8"))).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      // Registry allocations that have not moved in decades.
      "8.8.8.8, United States",
      "2001:4860:4860::8888, United States",
      "193.0.6.139, Netherlands",
  })
  void publicAddress_isNamedByCountryFromTheDatabase(String address, String country)
      throws Exception {
    Path mmdb = SharedTestData.file("geo/country.mmdb");
    try (GeoLocator locator = GeoLocator.open(mmdb)) {
      assertThat(locator.locate(IpAddress.parse(address))).isEqualTo(country);
    }
  }

  @Test
  void unreadableDatabase_isRefusedNamingTheFile() {
    Path missing = Path.of("no-such-dir", "missing.mmdb");

    assertThatThrownBy(() -> GeoLocator.open(missing))
        .hasMessage("cannot read the GeoIP database " + missing);
  }
}
