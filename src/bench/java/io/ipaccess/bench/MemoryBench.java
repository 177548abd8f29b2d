package io.ipaccess.bench;

import io.ipaccess.allowlist.AllowList;
import io.ipaccess.allowlist.AllowListEntry;
import io.ipaccess.allowlist.AllowLists;
import io.ipaccess.net.IpRange;
import io.ipaccess.net.RangeMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes per entry of each contender's compiled list (JOL's object graph, so arrays, headers and
 * everything reachable count), and the time to load 10,000 accounts of 100 entries each the way
 * a node does: parse every entry, compile each account's {@link AllowList}, install it.
 *
 * <p>The lists here have no overlapping or adjacent entries, so the product's matcher cannot
 * shrink them by merging: the figures are its worst case.
 *
 * <p>Usage: {@code MemoryBench markdown-output targets-output}.
 */
public final class MemoryBench {

  private static final int ENTRIES = 1000;
  private static final int ACCOUNTS = 10_000;
  private static final int ENTRIES_PER_ACCOUNT = 100;
  private static final int LOAD_RUNS = 3;

  private MemoryBench() {}

  public static void main(String[] args) throws IOException {
    StringBuilder out = new StringBuilder();
    StringBuilder targets = new StringBuilder();
    out.append("Bytes per entry of a compiled list of ").append(ENTRIES).append(" disjoint"
        + " entries (JOL `GraphLayout.totalSize`, everything the structure reaches):\n\n");
    out.append("| contender | IPv4 B/entry | IPv6 B/entry |\n|---|---:|---:|\n");
    double oursV4 = 0;
    double oursV6 = 0;
    for (Contender<?, ?> contender : Contender.all()) {
      double v4 = bytesPerEntry(contender, Family.IPV4);
      double v6 = contender.supports(Family.IPV6) ? bytesPerEntry(contender, Family.IPV6) : -1;
      if (contender instanceof IpAccessContender) {
        oursV4 = v4;
        oursV6 = v6;
      }
      out.append("| ").append(contender.label()).append(" | ").append(format(v4)).append(" | ")
          .append(v6 < 0 ? "n/a" : format(v6)).append(" |\n");
    }
    targets.append(target("Memory, IPv4", "<= 40 B/entry", format(oursV4) + " B/entry",
        oursV4 <= 40));
    targets.append(target("Memory, IPv6", "<= 64 B/entry", format(oursV6) + " B/entry",
        oursV6 <= 64));

    List<List<String>> lists = Workload.generate(Family.MIXED, ENTRIES_PER_ACCOUNT, ACCOUNTS,
        true).lists();
    long bestMs = Long.MAX_VALUE;
    List<Long> runs = new ArrayList<>();
    AllowLists loaded = null;
    for (int run = 0; run < LOAD_RUNS; run++) {
      long start = System.nanoTime();
      loaded = load(lists);
      long ms = (System.nanoTime() - start) / 1_000_000;
      runs.add(ms);
      bestMs = Math.min(bestMs, ms);
    }
    long registryBytes = GraphLayout.parseInstance(loaded).totalSize();
    out.append("\nLoading ").append(ACCOUNTS).append(" accounts x ").append(ENTRIES_PER_ACCOUNT)
        .append(" entries (mixed IPv4/IPv6; parse every entry, compile, install), ")
        .append(LOAD_RUNS).append(" runs in one JVM: ").append(runs).append(" ms. The loaded"
            + " registry, entries and their text included, holds ")
        .append(registryBytes / (1024 * 1024)).append(" MiB.\n");
    targets.append(target("Load 10,000 accounts x 100 entries", "< 2 s",
        bestMs + " ms (best of " + LOAD_RUNS + "; first " + runs.get(0) + " ms)",
        runs.get(0) < 2000));

    System.out.print(out);
    System.out.print(targets);
    Files.writeString(Path.of(args[0]), out);
    Files.writeString(Path.of(args[1]), targets);
  }

  private static AllowLists load(List<List<String>> lists) {
    AllowLists registry = new AllowLists();
    for (int account = 0; account < lists.size(); account++) {
      List<AllowListEntry> entries = new ArrayList<>();
      long id = 1;
      for (String text : lists.get(account)) {
        entries.add(new AllowListEntry(id++, IpRange.parseEntry(text), 0, 0));
      }
      registry.install(account, AllowList.of(1, entries));
    }
    return registry;
  }

  @SuppressWarnings("unchecked")
  private static double bytesPerEntry(Contender<?, ?> raw, Family family) {
    Contender<Object, Object> contender = (Contender<Object, Object>) raw;
    List<String> entries = disjoint(family);
    Object compiled = contender.compile(entries);
    if (compiled instanceof RangeMatcher matcher && matcher.size() != entries.size()) {
      throw new IllegalStateException("expected " + entries.size() + " entries");
    }
    return (double) GraphLayout.parseInstance(compiled).totalSize() / entries.size();
  }

  /** Entries that neither overlap nor touch: every other /32 (or /128) from a random start. */
  private static List<String> disjoint(Family family) {
    List<String> entries = new ArrayList<>(ENTRIES);
    for (int i = 0; i < ENTRIES; i++) {
      entries.add(family == Family.IPV4
          ? Addresses.v4Text(0x0B00_0000 + i * 1_024) + "/" + (i % 2 == 0 ? 32 : 28)
          : Addresses.v6Text(0x2001_0db8_0000_0000L + i * 0x1_0000L, 0) + "/"
              + (i % 2 == 0 ? 128 : 64));
    }
    return entries;
  }

  static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** One row of the targets table: what, target, measured, verdict. */
  static String target(String what, String goal, String measured, boolean met) {
    return what + "\t" + goal + "\t" + measured + "\t" + (met ? "met" : "MISSED") + "\n";
  }
}
