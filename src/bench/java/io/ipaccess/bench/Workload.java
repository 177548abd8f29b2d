package io.ipaccess.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated allow lists and queries, the same for every contender: entries as canonical CIDR
 * text and queries as address text, so that each library parses them with its own parser.
 *
 * <p>The lists look like real ones: mostly single hosts and small blocks, a few large blocks,
 * overlaps left in (users do write 10.0.0.0/8 and 10.1.2.3). A hit is a random address inside a
 * random entry of the account; a miss is an address no entry covers, half of them chosen just
 * outside an entry's bounds, where off-by-one mistakes live. Whether a query is a hit is decided
 * by {@link Reference}, a mask loop over {@code InetAddress} bytes that shares no code with the
 * product.
 *
 * @param lists the entries of each account
 * @param queries the query addresses, as text
 * @param accountOfQuery the account each query is asked against
 * @param expected the reference answer for each query
 */
public record Workload(List<List<String>> lists, List<String> queries, int[] accountOfQuery,
    boolean[] expected) {

  /** Queries per workload: a power of two, so that the benchmark loop can mask its index. */
  public static final int QUERIES = 4096;

  private static final long SEED = 0x1ACCE55L;

  /** The workload for these parameters; equal parameters give an equal workload. */
  public static Workload generate(Family family, int listSize, int accounts, boolean hits) {
    SplittableRandom random = new SplittableRandom(SEED ^ family.ordinal() * 31L
        ^ listSize * 1_000_003L ^ accounts * 7_919L);
    List<List<String>> lists = new ArrayList<>(accounts);
    List<Reference> references = new ArrayList<>(accounts);
    for (int account = 0; account < accounts; account++) {
      List<String> list = new ArrayList<>(listSize);
      for (int i = 0; i < listSize; i++) {
        boolean v6 = family == Family.IPV6 || (family == Family.MIXED && i % 2 == 1);
        list.add(v6 ? randomV6Entry(random) : randomV4Entry(random));
      }
      lists.add(list);
      references.add(Reference.of(list));
    }
    List<String> queries = new ArrayList<>(QUERIES);
    int[] accountOfQuery = new int[QUERIES];
    boolean[] expected = new boolean[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      int account = random.nextInt(accounts);
      Reference reference = references.get(account);
      String query = hits
          ? hit(random, lists.get(account))
          : miss(random, family, lists.get(account), reference);
      accountOfQuery[q] = account;
      queries.add(query);
      expected[q] = reference.matches(query);
    }
    return new Workload(lists, queries, accountOfQuery, expected);
  }

  private static String randomV4Entry(SplittableRandom random) {
    int roll = random.nextInt(100);
    int prefix = roll < 1 ? 8 : roll < 11 ? 12 + random.nextInt(5)
        : roll < 51 ? 17 + random.nextInt(8) : 25 + random.nextInt(8);
    int address = random.nextInt();
    int mask = (int) (0xFFFF_FFFFL << (32 - prefix));
    return Addresses.v4Text(address & mask) + "/" + prefix;
  }

  private static String randomV6Entry(SplittableRandom random) {
    int roll = random.nextInt(100);
    int prefix = roll < 30 ? 128 : roll < 60 ? 64 : roll < 85 ? (random.nextBoolean() ? 48 : 56)
        : 32 + random.nextInt(16);
    // Global unicast space, 2000::/3, where real lists live.
    long high = (random.nextLong() >>> 3) | 0x2000_0000_0000_0000L;
    long low = random.nextLong();
    long[] network = Addresses.maskV6(high, low, prefix);
    return Addresses.v6Text(network[0], network[1]) + "/" + prefix;
  }

  /** A random address inside a random entry of the list. */
  private static String hit(SplittableRandom random, List<String> list) {
    String entry = list.get(random.nextInt(list.size()));
    byte[] network = Addresses.networkBytes(entry);
    int prefix = Addresses.prefix(entry);
    byte[] address = network.clone();
    for (int bit = prefix; bit < address.length * 8; bit++) {
      if (random.nextBoolean()) {
        address[bit / 8] |= (byte) (0x80 >>> (bit % 8));
      }
    }
    return Addresses.text(address);
  }

  /** An address no entry covers: half just outside an entry's bounds, half anywhere. */
  private static String miss(SplittableRandom random, Family family, List<String> list,
      Reference reference) {
    while (true) {
      String candidate;
      if (random.nextBoolean()) {
        String entry = list.get(random.nextInt(list.size()));
        candidate = Addresses.beside(entry, random.nextBoolean());
      } else {
        boolean v6 = family == Family.IPV6 || (family == Family.MIXED && random.nextBoolean());
        candidate = v6 ? Addresses.v6Text((random.nextLong() >>> 3) | 0x2000_0000_0000_0000L,
            random.nextLong()) : Addresses.v4Text(random.nextInt());
      }
      if (candidate != null && !reference.matches(candidate)) {
        return candidate;
      }
    }
  }

  /** The ground truth: every entry's network and mask as bytes, compared byte by byte. */
  record Reference(List<byte[]> networks, List<byte[]> masks) {

    static Reference of(List<String> entries) {
      List<byte[]> networks = new ArrayList<>();
      List<byte[]> masks = new ArrayList<>();
      for (String entry : entries) {
        byte[] network = Addresses.networkBytes(entry);
        networks.add(network);
        masks.add(Addresses.maskBytes(network.length, Addresses.prefix(entry)));
      }
      return new Reference(networks, masks);
    }

    boolean matches(String text) {
      byte[] address;
      try {
        address = InetAddress.getByName(text).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("generated a bad address " + text, e);
      }
      for (int i = 0; i < networks.size(); i++) {
        if (covers(networks.get(i), masks.get(i), address)) {
          return true;
        }
      }
      return false;
    }

    private static boolean covers(byte[] network, byte[] mask, byte[] address) {
      if (network.length != address.length) {
        return false;
      }
      for (int i = 0; i < address.length; i++) {
        if ((address[i] & mask[i]) != network[i]) {
          return false;
        }
      }
      return true;
    }
  }
}
