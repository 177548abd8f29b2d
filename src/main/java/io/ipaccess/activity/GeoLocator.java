package io.ipaccess.activity;

import com.maxmind.db.Reader;
import io.ipaccess.net.IpAddress;
import io.ipaccess.net.IpRange;
import io.ipaccess.net.RangeMatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells where an address is, for the activity's {@code location}.
 *
 * <p>Loopback, private, link-local and reserved addresses are named as such without a lookup.
 * Others are looked up in an optional MMDB database (MaxMind GeoLite2 Country or City, or any
 * database whose records carry a {@code country_code} or a {@code country.iso_code}) and named
 * by country in English. An address the database does not know reads as an empty string.
 */
public final class GeoLocator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GeoLocator.class);

  private static final List<Special> SPECIAL = List.of(
      special("Loopback", "127.0.0.0/8", "::1"),
      special("Private network", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"),
      special("Carrier-grade NAT", "100.64.0.0/10"),
      special("Link-local", "169.254.0.0/16", "fe80::/10"),
      special("Reserved", "0.0.0.0/8", "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15",
          "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
          "2001:db8::/32", "ff00::/8", "100::/64"));

  private final Reader reader;

  private GeoLocator(Reader reader) {
    this.reader = reader;
  }

  /** A locator that names special ranges only. */
  public static GeoLocator withoutDatabase() {
    return new GeoLocator(null);
  }

  /** A locator backed by an MMDB file; fails with a message if the file cannot be read. */
  public static GeoLocator open(Path mmdbFile) {
    try {
      return new GeoLocator(new Reader(mmdbFile.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the GeoIP database " + mmdbFile, e);
    }
  }

  /** The location of an address, or an empty string when unknown. */
  public String locate(IpAddress address) {
    for (Special special : SPECIAL) {
      if (special.ranges.matches(address)) {
        return special.name;
      }
    }
    if (reader == null) {
      return "";
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> record = reader.get(toInetAddress(address), Map.class);
      return record == null ? "" : countryName(record);
    } catch (IOException | RuntimeException e) {
      LOG.warn("event=geoip_lookup_failed ip={} reason={}", address, e.toString());
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
  }

  private static String countryName(Map<String, Object> record) {
    Object code = record.get("country_code");
    if (code == null && record.get("country") instanceof Map<?, ?> country) {
      code = country.get("iso_code");
    }
    if (!(code instanceof String iso) || iso.length() != 2) {
      return "";
    }
    String name = new Locale("", iso).getDisplayCountry(Locale.ENGLISH);
    return name.isEmpty() ? iso : name;
  }

  private static InetAddress toInetAddress(IpAddress address) {
    byte[] bytes = address.v6()
        ? ByteBuffer.allocate(16).putLong(address.high()).putLong(address.low()).array()
        : ByteBuffer.allocate(4).putInt((int) address.low()).array();
    try {
      // From raw bytes: no name lookup happens.
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes always make an address", e);
    }
  }

  private static Special special(String name, String... ranges) {
    return new Special(name, RangeMatcher.of(
        Arrays.stream(ranges).map(IpRange::parseEntry).toList()));
  }

  private record Special(String name, RangeMatcher ranges) {}
}
