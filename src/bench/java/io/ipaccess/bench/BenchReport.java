package io.ipaccess.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoublePredicate;

/**
 * Writes BENCHMARKS.md from what {@code ./bench} left in its results folder: the JMH JSON of the
 * matcher and parse runs, and the Markdown and target rows of the other steps.
 *
 * <p>Usage: {@code BenchReport results-dir output-file}; system properties {@code bench.label}
 * (e.g. "short run"), {@code bench.commands} and {@code bench.seconds} describe the run.
 */
public final class BenchReport {

  private static final List<String> ORDER = List.of("ipaccess", "floor", "linear", "ipaddress",
      "netty", "jetty", "commonsnet", "spring");

  private final Path results;
  private final Map<String, Double> nanos = new LinkedHashMap<>();
  private final Map<String, Double> bytes = new LinkedHashMap<>();
  private final List<String> targetRows = new ArrayList<>();

  private BenchReport(Path results) {
    this.results = results;
  }

  public static void main(String[] args) throws IOException {
    BenchReport report = new BenchReport(Path.of(args[0]));
    try (var files = Files.list(report.results)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        report.readJmh(file);
      }
    }
    Files.writeString(Path.of(args[1]), report.render());
  }

  private void readJmh(Path path) throws IOException {
    for (JsonNode run : new ObjectMapper().readTree(path.toFile())) {
      String key = key(run.get("benchmark").asText(), run.get("params"));
      nanos.put(key, run.get("primaryMetric").get("score").asDouble());
      JsonNode norm = run.get("secondaryMetrics").get("gc.alloc.rate.norm");
      if (norm != null) {
        bytes.put(key, norm.get("score").asDouble());
      }
    }
  }

  private static String key(String benchmark, JsonNode params) {
    String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    if (params == null) {
      return method;
    }
    if (params.has("text")) {
      return method + "|" + params.get("text").asText();
    }
    return matcherKey(params.get("contender").asText(), params.get("family").asText(),
        params.get("listSize").asInt(), params.get("accounts").asInt(),
        params.get("hits").asBoolean());
  }

  private static String matcherKey(String contender, String family, int size, int accounts,
      boolean hits) {
    return contender + "|" + family + "|" + size + "|" + accounts + "|" + hits;
  }

  private String render() throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("# Benchmarks\n\n");
    String label = System.getProperty("bench.label", "");
    if (!label.isEmpty()) {
      out.append("> **").append(label).append("**\n\n");
    }
    out.append("Regenerate with `./bench` (full run, about ").append(
        System.getProperty("bench.estimate", "14 minutes")).append(" on 2 cores; `./bench"
            + " --short` for a quick look). This run took ")
        .append(System.getProperty("bench.seconds", "?")).append(" s.\n\n");
    out.append("## Machine\n\n").append(machine()).append("\n");
    out.append("## Commands\n\n```\n").append(System.getProperty("bench.commands", ""))
        .append("\n```\n\n");
    matcherSection(out);
    out.append("### Do they give the same answers?\n\n").append(read("agreement.md"))
        .append("\n");
    allocationSection(out);
    out.append("## Memory and load\n\n").append(read("memory.md")).append("\n");
    out.append("## Flood\n\n").append(read("flood.md")).append("\n")
        .append(read("flood-discard.md")).append("\n");
    out.append("## HTTP: the decision endpoint against nginx\n\n").append(read("http.md"))
        .append("\n");
    targetsSection(out);
    out.append("## What this means for a user\n\n").append(meaning()).append("\n");
    return out.toString();
  }

  private void matcherSection(StringBuilder out) {
    out.append("## Matcher: one lookup\n\n");
    out.append("Nanoseconds per lookup (JMH average time; lower is better), the same generated"
        + " lists and queries for every contender. `hit` queries fall inside an entry, `miss`"
        + " queries outside every entry (half of them just beside one). With 10,000 accounts each"
        + " query goes to a random account's own list. Contenders: ");
    List<String> labels = new ArrayList<>();
    for (String name : ORDER) {
      labels.add("`" + name + "` = " + Contender.named(name).label());
    }
    out.append(String.join("; ", labels)).append(". `floor` and `commonsnet` read IPv4 only."
        + " Spring's API takes the address as text, so its figure includes parsing it once per"
        + " entry.\n\n");
    for (int accounts : new int[] {1, 10_000}) {
      for (Family family : Family.values()) {
        table(out, accounts, family);
      }
    }
  }

  private void table(StringBuilder out, int accounts, Family family) {
    TreeSet<Integer> sizes = new TreeSet<>();
    for (String key : nanos.keySet()) {
      String[] parts = key.split("\\|");
      if (parts.length == 5 && parts[1].equals(family.name())
          && Integer.parseInt(parts[3]) == accounts) {
        sizes.add(Integer.parseInt(parts[2]));
      }
    }
    if (sizes.isEmpty()) {
      return;
    }
    out.append("### ").append(family).append(", ").append(accounts == 1 ? "1 account"
        : String.format(Locale.ROOT, "%,d accounts", accounts)).append("\n\n| entries | query |");
    for (String name : ORDER) {
      out.append(' ').append(name).append(" |");
    }
    out.append(" best peer's time / ipaccess's |\n|---:|---|").append("---:|".repeat(ORDER.size() + 1))
        .append('\n');
    for (int size : sizes) {
      for (boolean hits : new boolean[] {true, false}) {
        out.append("| ").append(size).append(" | ").append(hits ? "hit" : "miss").append(" |");
        double best = Double.MAX_VALUE;
        for (String name : ORDER) {
          Double ns = nanos.get(matcherKey(name, family.name(), size, accounts, hits));
          out.append(' ').append(ns == null ? "n/a" : format(ns)).append(" |");
          if (ns != null && !name.equals("ipaccess") && !name.equals("floor")) {
            best = Math.min(best, ns);
          }
        }
        Double ours = nanos.get(matcherKey("ipaccess", family.name(), size, accounts, hits));
        out.append(' ').append(ours == null || best == Double.MAX_VALUE ? "n/a"
            : String.format(Locale.ROOT, "%.1fx", best / ours)).append(" |\n");
      }
    }
    out.append('\n');
    if (accounts == 1 && sizes.contains(1000)) {
      matcherTargets(family);
    }
  }

  /** The issue's targets, at 1000 entries and one account, on the mean of hits and misses. */
  private void matcherTargets(Family family) {
    double ours = mean("ipaccess", family, 1000);
    if (Double.isNaN(ours)) {
      return;
    }
    if (family == Family.IPV4) {
      ratioTarget("Matcher, 1000 IPv4: vs int[] floor", "within 1.5x",
          ours / mean("floor", family, 1000), r -> r <= 1.5, "x the floor's time");
      ratioTarget("Matcher, 1000 IPv4: vs IPAddress trie", ">= 5x faster",
          mean("ipaddress", family, 1000) / ours, r -> r >= 5, "x faster");
      ratioTarget("Matcher, 1000 IPv4: vs Netty IpSubnetFilter", ">= 2x faster",
          mean("netty", family, 1000) / ours, r -> r >= 2, "x faster");
    } else if (family == Family.IPV6) {
      ratioTarget("Matcher, 1000 IPv6 vs 1000 IPv4", "within 2x",
          ours / mean("ipaccess", Family.IPV4, 1000), r -> r <= 2, "x the IPv4 time");
    }
  }

  private void ratioTarget(String what, String goal, double ratio,
      DoublePredicate met, String unit) {
    if (Double.isNaN(ratio)) {
      return;
    }
    targetRows.add(what + "\t" + goal + "\t" + String.format(Locale.ROOT, "%.2f", ratio) + unit
        + "\t" + (met.test(ratio) ? "met" : "MISSED"));
  }

  private double mean(String contender, Family family, int size) {
    Double hit = nanos.get(matcherKey(contender, family.name(), size, 1, true));
    Double miss = nanos.get(matcherKey(contender, family.name(), size, 1, false));
    return hit == null || miss == null ? Double.NaN : (hit + miss) / 2;
  }

  private void allocationSection(StringBuilder out) {
    out.append("## Allocation\n\n");
    out.append("Bytes allocated per operation (JMH `-prof gc`, `gc.alloc.rate.norm`).\n\n");
    out.append("| contender | IPv4 hit, 1000 entries | IPv6 hit, 1000 entries |\n"
        + "|---|---:|---:|\n");
    for (String name : ORDER) {
      Double v4 = bytes.get(matcherKey(name, "IPV4", 1000, 1, true));
      Double v6 = bytes.get(matcherKey(name, "IPV6", 1000, 1, true));
      out.append("| ").append(name).append(" | ").append(v4 == null ? "n/a" : format(v4))
          .append(" | ").append(v6 == null ? "n/a" : format(v6)).append(" |\n");
    }
    out.append("\nParsing a client address from text (one `IpAddress` is 32 bytes with"
        + " compressed class pointers):\n\n| input | `IpAddress.parse` ns | B/op |"
        + " `InetAddress.getByName` ns | B/op |\n|---|---:|---:|---:|---:|\n");
    double worstLookup = 0;
    double worstParse = 0;
    for (String key : new TreeSet<>(nanos.keySet())) {
      if (key.startsWith("ipaccess|")) {
        String text = key.substring("ipaccess|".length());
        String jdk = "jdkInetAddress|" + text;
        out.append("| `").append(text).append("` | ").append(format(nanos.get(key)))
            .append(" | ").append(format(bytes.getOrDefault(key, Double.NaN))).append(" | ")
            .append(format(nanos.getOrDefault(jdk, Double.NaN))).append(" | ")
            .append(format(bytes.getOrDefault(jdk, Double.NaN))).append(" |\n");
        worstParse = Math.max(worstParse, bytes.getOrDefault(key, Double.NaN));
      }
    }
    for (Map.Entry<String, Double> entry : bytes.entrySet()) {
      if (entry.getKey().startsWith("ipaccess|") && entry.getKey().split("\\|").length == 5) {
        worstLookup = Math.max(worstLookup, entry.getValue());
      }
    }
    out.append('\n');
    targetRows.add("Lookup allocates nothing\t0 B/op\t" + format(worstLookup)
        + " B/op (worst case over every ipaccess row)\t" + (worstLookup < 0.5 ? "met" : "MISSED"));
    targetRows.add("Parsing allocates at most one small object\t<= 32 B/op\t" + format(worstParse)
        + " B/op (worst input)\t" + (worstParse < 32.5 ? "met" : "MISSED"));
  }

  private void targetsSection(StringBuilder out) throws IOException {
    out.append("## Targets\n\n| target | goal | measured | verdict |\n|---|---|---|---|\n");
    List<String> rows = new ArrayList<>(targetRows);
    for (String file : List.of("memory.tsv", "flood.tsv", "flood-discard.tsv", "http.tsv")) {
      rows.addAll(read(file).lines().filter(line -> !line.isBlank()).toList());
    }
    List<String> notes = new ArrayList<>();
    Map<String, String> whyMissed = whyMissed();
    for (String row : rows) {
      String[] cells = row.split("\t");
      out.append("| ").append(String.join(" | ", cells)).append(" |\n");
      if (cells.length == 4 && !cells[3].equals("met")) {
        whyMissed.forEach((prefix, note) -> {
          if (cells[0].startsWith(prefix)) {
            notes.add("- **" + cells[0] + "** (" + cells[3] + "): " + note);
          }
        });
      }
    }
    if (!notes.isEmpty()) {
      out.append("\nWhy, and what would close the gap:\n\n").append(String.join("\n", notes))
          .append("\n");
    }
    out.append('\n');
  }

  /** src/bench/why-missed.tsv: target name prefix, tab, the note shown when it is not met. */
  private Map<String, String> whyMissed() throws IOException {
    Map<String, String> notes = new LinkedHashMap<>();
    Path file = Path.of(System.getProperty("bench.whyMissed", "src/bench/why-missed.tsv"));
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        int tab = line.indexOf('\t');
        if (tab > 0 && !line.startsWith("#")) {
          notes.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    }
    return notes;
  }

  private String meaning() {
    double ours = mean("ipaccess", Family.IPV4, 1000);
    String perCheck = Double.isNaN(ours) ? "well under a microsecond"
        : String.format(Locale.ROOT, "about %.0f ns", ours);
    return "Checking an address against a full list of 1000 entries costs " + perCheck
        + " on this machine and allocates nothing, so the matcher is not what limits a"
        + " server: a single core could answer millions of such checks a second, and the"
        + " per-request cost a user feels comes from HTTP handling, the key lookup and recording"
        + " the attempt, which the HTTP table measures end to end. The list's size hardly"
        + " matters (the lookup is a binary search over merged ranges), a list costs a few"
        + " dozen bytes per entry at most, and every peer that answered differently from the"
        + " reference above is a reason to prefer a matcher that is checked against one. Under a"
        + " flood of distinct addresses memory stays bounded and the excess attempts are"
        + " counted as dropped rather than kept; the flood table shows what that costs the"
        + " legitimate traffic at the same time.";
  }

  private String machine() throws IOException {
    String cpu = "unknown";
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.exists(cpuinfo)) {
      cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
    }
    return "- CPU: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores\n"
        + "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty(
            "java.runtime.version") + "\n- OS: " + System.getProperty("os.name") + " "
        + System.getProperty("os.version") + "\n- Load when the run started: "
        + System.getProperty("bench.load", "?") + "\n";
  }

  private String read(String file) throws IOException {
    Path path = results.resolve(file);
    return Files.exists(path) ? Files.readString(path) : "";
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
