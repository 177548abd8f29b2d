package io.ipaccess.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.testing.SharedTestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RangeMatcherTest {

  static Stream<Arguments> sharedMatching() {
    return SharedTestData.rows("testdata/matching.tsv").stream()
        .map(row -> Arguments.of(row.get(0), row.get(1), row.get(2)));
  }

  @ParameterizedTest(name = "[{index}] {0} / {1} -> {2}")
  @MethodSource("sharedMatching")
  void sharedCase_allowsOrDenies(String entries, String client, String expected) {
    RangeMatcher matcher = matcherOf(entries.split(" \\| "));

    assertThat(matcher.matches(IpAddress.parse(client))).isEqualTo(expected.equals("allow"));
  }

  @Test
  void emptyMatcher_matchesNothing() {
    RangeMatcher empty = RangeMatcher.empty();

    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.size()).isZero();
    assertThat(empty.matchesV4(0)).isFalse();
    assertThat(empty.matchesV4(-1)).isFalse();
    assertThat(empty.matchesV6(0, 0)).isFalse();
    assertThat(empty.matchesV6(-1, -1)).isFalse();
    assertThat(RangeMatcher.of(List.of()).isEmpty()).isTrue();
  }

  @Test
  void overlappingAndAdjacentRanges_mergeButSizeCountsGivenRanges() {
    RangeMatcher matcher = matcherOf("10.0.0.0/8", "10.1.0.0/16", "11.0.0.0/8", "9.255.255.255",
        "10.0.0.0/8");

    assertThat(matcher.size()).isEqualTo(5);
    assertThat(matcher.matches(ip("9.255.255.255"))).isTrue();
    assertThat(matcher.matches(ip("10.128.0.0"))).isTrue();
    assertThat(matcher.matches(ip("11.255.255.255"))).isTrue();
    assertThat(matcher.matches(ip("12.0.0.0"))).isFalse();
    assertThat(matcher.matches(ip("9.255.255.254"))).isFalse();
  }

  @Test
  void ipv6RangesAcrossHalfBoundary_merge() {
    RangeMatcher matcher = matcherOf("2001:db8::/64", "2001:db8:0:1::/64", "2001:db8::5");

    assertThat(matcher.matches(ip("2001:db8::ffff:ffff:ffff:ffff"))).isTrue();
    assertThat(matcher.matches(ip("2001:db8:0:1:ffff:ffff:ffff:ffff"))).isTrue();
    assertThat(matcher.matches(ip("2001:db8:0:2::"))).isFalse();
    assertThat(matcher.matches(ip("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff"))).isFalse();
  }

  @Test
  void rangesOfOneFamily_neverMatchTheOther() {
    RangeMatcher v4Only = matcherOf("0.0.0.0/8", "128.0.0.0/1");
    RangeMatcher v6Only = matcherOf("::1", "8000::/1");

    assertThat(v4Only.matches(ip("::1"))).isFalse();
    assertThat(v4Only.matches(ip("ffff::1"))).isFalse();
    assertThat(v4Only.matchesV6(0, 1)).isFalse();
    assertThat(v6Only.matches(ip("0.0.0.1"))).isFalse();
    assertThat(v6Only.matches(ip("200.0.0.1"))).isFalse();
  }

  @Test
  void ipv4Boundaries_areIncludedAtBothEnds() {
    RangeMatcher matcher = matcherOf("127.255.255.255", "128.0.0.0", "255.255.255.255",
        "0.0.0.0/8", "192.0.2.0/24");

    for (String allowed : List.of("127.255.255.255", "128.0.0.0", "255.255.255.255", "0.0.0.0",
        "0.255.255.255", "192.0.2.0", "192.0.2.255")) {
      assertThat(matcher.matches(ip(allowed))).as(allowed).isTrue();
    }
    for (String denied : List.of("127.255.255.254", "128.0.0.1", "255.255.255.254", "1.0.0.0",
        "192.0.1.255", "192.0.3.0")) {
      assertThat(matcher.matches(ip(denied))).as(denied).isFalse();
    }
  }

  @Test
  void ipv6Boundaries_areIncludedAtBothEnds() {
    RangeMatcher matcher = matcherOf("7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "8000::",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::1");

    assertThat(matcher.matchesV6(Long.MAX_VALUE, -1L)).isTrue();
    assertThat(matcher.matchesV6(Long.MIN_VALUE, 0)).isTrue();
    assertThat(matcher.matchesV6(-1L, -1L)).isTrue();
    assertThat(matcher.matchesV6(0, 1)).isTrue();
    assertThat(matcher.matchesV6(Long.MIN_VALUE, 1)).isFalse();
    assertThat(matcher.matchesV6(-1L, -2L)).isFalse();
    assertThat(matcher.matchesV6(0, 0)).isFalse();
    assertThat(matcher.matchesV6(0, 2)).isFalse();
  }

  @Test
  void wholeUpperHalves_matchOnlyUpperHalves() {
    RangeMatcher matcher = matcherOf("128.0.0.0/1", "8000::/1");

    assertThat(matcher.matchesV4(Integer.MIN_VALUE)).isTrue();
    assertThat(matcher.matchesV4(-1)).isTrue();
    assertThat(matcher.matchesV4(Integer.MAX_VALUE)).isFalse();
    assertThat(matcher.matchesV4(0)).isFalse();
    assertThat(matcher.matchesV6(Long.MIN_VALUE, 0)).isTrue();
    assertThat(matcher.matchesV6(Long.MAX_VALUE, -1L)).isFalse();
  }

  @Test
  void matcher_agreesWithRangeContainsOnRandomLists() {
    Random random = new Random(20240611L);
    for (int round = 0; round < 200; round++) {
      List<IpRange> ranges = new ArrayList<>();
      for (int i = random.nextInt(12); i > 0; i--) {
        ranges.add(IpRange.of(IpAddress.ofV4(random.nextInt()), 1 + random.nextInt(32)));
      }
      RangeMatcher matcher = RangeMatcher.of(ranges);
      for (int probe = 0; probe < 200; probe++) {
        IpAddress address = IpAddress.ofV4(random.nextInt());
        boolean expected = ranges.stream().anyMatch(range -> range.contains(address));
        assertThat(matcher.matches(address)).as("%s in %s", address, ranges).isEqualTo(expected);
      }
    }
  }

  @Test
  void ipv6KeyInA64StartingAfterIt_fallsBackToTheIntervalBefore() {
    // Each interval starts in its own /64, so the lookup searches the high halves only; the key
    // shares its /64 with the second interval but lies below it.
    RangeMatcher matcher = matcherOf("2001:db8:0:1::/64", "2001:db8:0:2::8000/113",
        "2001:db8:0:3::/64");

    assertThat(matcher.matches(ip("2001:db8:0:2::7fff"))).isFalse();
    assertThat(matcher.matches(ip("2001:db8:0:2::8000"))).isTrue();
    assertThat(matcher.matches(ip("2001:db8:0:1:ffff:ffff:ffff:ffff"))).isTrue();
    assertThat(matcher.matches(ip("2001:db8:0:0:ffff:ffff:ffff:ffff"))).isFalse();
  }

  @Test
  void ipv6IntervalEndingInTheNext64_holdsKeysBelowTheIntervalStartingThere() {
    // The first two entries merge into one interval that ends inside 2001:db8:0:1::/64, where
    // the third interval starts; a key between them belongs to the first interval.
    RangeMatcher matcher = matcherOf("2001:db8::/64", "2001:db8:0:1::/65",
        "2001:db8:0:1:c000::/66");

    assertThat(matcher.matches(ip("2001:db8:0:1::5"))).isTrue();
    assertThat(matcher.matches(ip("2001:db8:0:1:8000::"))).isFalse();
    assertThat(matcher.matches(ip("2001:db8:0:1:c000::1"))).isTrue();
  }

  @Test
  void ipv6IntervalsSharingA64_areSearchedOnAll128Bits() {
    RangeMatcher matcher = matcherOf("2001:db8::1", "2001:db8::3", "2001:db8::5",
        "2001:db8:0:1::/64");

    assertThat(matcher.matches(ip("2001:db8::3"))).isTrue();
    assertThat(matcher.matches(ip("2001:db8::4"))).isFalse();
    assertThat(matcher.matches(ip("2001:db8::6"))).isFalse();
    assertThat(matcher.matches(ip("2001:db8:0:1::9"))).isTrue();
  }

  @Test
  void matcher_agreesWithRangeContainsOnRandomIpv6Lists() {
    Random random = new Random(20240612L);
    for (int round = 0; round < 200; round++) {
      List<IpRange> ranges = new ArrayList<>();
      long sharedHigh = random.nextLong();
      for (int i = random.nextInt(12); i > 0; i--) {
        // Some rounds put several ranges in one /64, some give each its own.
        long high = round % 2 == 0 ? sharedHigh : random.nextLong();
        ranges.add(IpRange.of(IpAddress.ofV6(high, random.nextLong()), 1 + random.nextInt(128)));
      }
      RangeMatcher matcher = RangeMatcher.of(ranges);
      for (int probe = 0; probe < 200; probe++) {
        IpAddress address = IpAddress.ofV6(probe % 2 == 0 ? sharedHigh : random.nextLong(),
            random.nextLong());
        boolean expected = ranges.stream().anyMatch(range -> range.contains(address));
        assertThat(matcher.matches(address)).as("%s in %s", address, ranges).isEqualTo(expected);
      }
    }
  }

  private static RangeMatcher matcherOf(String... entries) {
    return RangeMatcher.of(Arrays.stream(entries).map(IpRange::parseEntry).toList());
  }

  private static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }

  @Test
  void halvesOfTheIpv4Space_togetherCoverTheWholeFamily() {
    assertThat(matcherOf("0.0.0.0/1", "128.0.0.0/1").coversAWholeFamily()).isTrue();
  }

  @Test
  void halvesOfTheIpv6Space_togetherCoverTheWholeFamily() {
    assertThat(matcherOf("::/1", "8000::/1").coversAWholeFamily()).isTrue();
  }

  @Test
  void spaceWithAGap_doesNotCoverTheWholeFamily() {
    assertThat(matcherOf("0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4",
        "240.0.0.0/5", "248.0.0.0/6", "252.0.0.0/7", "254.0.0.0/8", "255.0.0.0/9",
        "255.128.0.0/10").coversAWholeFamily()).isFalse();
    assertThat(matcherOf("::/1", "0.0.0.0/1", "128.0.0.0/2").coversAWholeFamily()).isFalse();
  }
}
