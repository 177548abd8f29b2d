package io.ipaccess.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compares parsing, formatting and containment with the IPAddress library over a few thousand
 * random addresses and ranges (fixed seed) plus the edges where signed arithmetic goes wrong.
 */
class IpAddressLibraryDifferentialTest {

  private static final long SEED = 20_240_611L;
  private static final int RANDOM_ADDRESSES = 2_000;

  @Test
  void canonicalText_matchesLibrary() {
    for (IpAddress address : addresses()) {
      assertThat(address.toString()).isEqualTo(library(address).toCanonicalString());
    }
  }

  @Test
  void libraryTextInEveryStyle_parsesToSameBits() {
    for (IpAddress address : addresses()) {
      IPAddress library = library(address);
      List<String> styles = new ArrayList<>(List.of(library.toCanonicalString(),
          library.toCompressedString(), library.toNormalizedString()));
      // The library's full IPv4 style pads with zeros (010.000.000.001), which we refuse.
      if (library instanceof IPv6Address v6) {
        styles.add(v6.toFullString());
        styles.add(v6.toMixedString());
        styles.add(v6.toFullString().toUpperCase(Locale.ROOT));
      }
      for (String text : styles) {
        assertThat(IpAddress.parse(text)).as(text).isEqualTo(address);
      }
    }
  }

  @Test
  void zeroPaddedIpv4_isRefusedThoughLibraryWritesIt() {
    String padded = new IPv4Address(0x0a000001).toFullString();

    assertThat(padded).isEqualTo("010.000.000.001");
    assertThatThrownBy(() -> IpAddress.parse(padded))
        .hasMessage("'010.000.000.001' has a leading zero in '010': write decimal numbers"
            + " without leading zeros, e.g. 10.0.0.1");
  }

  @Test
  void ourText_isReadBackByLibraryToSameBits() {
    for (IpAddress address : addresses()) {
      IPAddress parsed = new IPAddressString(address.toString()).getAddress();

      assertThat(parsed).as(address.toString()).isEqualTo(library(address));
    }
  }

  @Test
  void rangeCanonicalText_matchesLibraryPrefixBlock() {
    Random random = new Random(SEED);
    for (IpAddress address : addresses()) {
      int prefixLength = 1 + random.nextInt(address.v6() ? 128 : 32);
      IpRange range = IpRange.of(address, prefixLength);
      String expected = library(address).toPrefixBlock(prefixLength).toCanonicalString();

      assertThat(range.toString()).isEqualTo(expected);
      if (!isUnspecified(range.network()) || !isSingle(range)) {
        assertThat(IpRange.parseEntry(range.toString())).isEqualTo(range);
      }
    }
  }

  @Test
  void contains_matchesLibrary() {
    Random random = new Random(SEED + 1);
    List<IpAddress> addresses = addresses();
    for (IpAddress address : addresses) {
      int prefixLength = random.nextInt((address.v6() ? 128 : 32) + 1);
      IpRange range = IpRange.of(address, prefixLength);
      IPAddress block = library(address).toPrefixBlock(prefixLength);
      IpAddress inside = withRandomHostBits(range, random);
      IpAddress other = addresses.get(random.nextInt(addresses.size()));

      for (IpAddress probe : List.of(inside, other, range.first(), range.last())) {
        assertThat(range.contains(probe)).as("%s in %s", probe, range)
            .isEqualTo(block.contains(library(probe)));
      }
    }
  }

  @Test
  void matcher_agreesWithLibraryOverRandomLists() {
    Random random = new Random(SEED + 2);
    List<IpAddress> addresses = addresses();
    for (int round = 0; round < 100; round++) {
      List<IpRange> ranges = new ArrayList<>();
      List<IPAddress> blocks = new ArrayList<>();
      for (int i = 1 + random.nextInt(10); i > 0; i--) {
        IpAddress address = addresses.get(random.nextInt(addresses.size()));
        int prefixLength = 1 + random.nextInt(address.v6() ? 128 : 32);
        ranges.add(IpRange.of(address, prefixLength));
        blocks.add(library(address).toPrefixBlock(prefixLength));
      }
      RangeMatcher matcher = RangeMatcher.of(ranges);
      for (IpRange range : ranges) {
        for (IpAddress probe : List.of(range.first(), range.last(), withRandomHostBits(range,
            random), addresses.get(random.nextInt(addresses.size())))) {
          IPAddress libraryProbe = library(probe);
          boolean expected = blocks.stream().anyMatch(block -> block.contains(libraryProbe));
          assertThat(matcher.matches(probe)).as("%s in %s", probe, ranges).isEqualTo(expected);
        }
      }
    }
  }

  /** The edges, then random addresses of both families; none IPv4-mapped, which we unwrap. */
  private static List<IpAddress> addresses() {
    List<IpAddress> addresses = new ArrayList<>(List.of(
        IpAddress.ofV4(0), IpAddress.ofV4(1), IpAddress.ofV4(0x7fffffff),
        IpAddress.ofV4(0x80000000), IpAddress.ofV4(0xffffffff), IpAddress.ofV4(0x7f000001),
        IpAddress.ofV6(0, 0), IpAddress.ofV6(0, 1), IpAddress.ofV6(Long.MAX_VALUE, -1L),
        IpAddress.ofV6(Long.MIN_VALUE, 0), IpAddress.ofV6(-1L, -1L),
        IpAddress.ofV6(0, Long.MIN_VALUE), IpAddress.ofV6(0, Long.MAX_VALUE),
        IpAddress.ofV6(0x2001_0db8_0000_0000L, 1)));
    Random random = new Random(SEED);
    while (addresses.size() < RANDOM_ADDRESSES) {
      if (random.nextBoolean()) {
        addresses.add(IpAddress.ofV4(random.nextInt()));
      } else {
        IpAddress v6 = IpAddress.ofV6(sparse(random), sparse(random));
        if (v6.high() != 0 || (v6.low() >>> 32) != 0xFFFFL) {
          addresses.add(v6);
        }
      }
    }
    return addresses;
  }

  /** 64 random bits with some 16-bit groups zeroed, so that '::' runs of all lengths appear. */
  private static long sparse(Random random) {
    long bits = random.nextLong();
    for (int group = 0; group < 4; group++) {
      if (random.nextInt(3) == 0) {
        bits &= ~(0xFFFFL << (16 * group));
      }
    }
    return bits;
  }

  private static IpAddress withRandomHostBits(IpRange range, Random random) {
    IpAddress first = range.first();
    IpAddress last = range.last();
    long high = first.high() | (random.nextLong() & (first.high() ^ last.high()));
    long low = first.low() | (random.nextLong() & (first.low() ^ last.low()));
    return first.v6() ? IpAddress.ofV6(high, low) : IpAddress.ofV4((int) low);
  }

  private static boolean isUnspecified(IpAddress address) {
    return address.high() == 0 && address.low() == 0;
  }

  private static boolean isSingle(IpRange range) {
    return range.first().equals(range.last());
  }

  private static IPAddress library(IpAddress address) {
    if (!address.v6()) {
      return new IPv4Address((int) address.low());
    }
    return new IPv6Address(ByteBuffer.allocate(16).putLong(address.high())
        .putLong(address.low()).array());
  }
}
