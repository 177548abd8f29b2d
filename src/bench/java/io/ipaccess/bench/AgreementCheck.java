package io.ipaccess.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks every contender the same questions on the benchmark's lists before anything is timed, and
 * reports each one that answers differently from the reference, with an example. Besides the
 * benchmark's hits and misses it asks the edges: each entry's first and last address, the
 * addresses just outside it, and the IPv4-mapped IPv6 spelling ({@code ::ffff:a.b.c.d}) of IPv4
 * addresses, which a server sees on a dual-stack socket.
 *
 * <p>Usage: {@code AgreementCheck [markdown-output]}; prints the report and, given a path,
 * writes it there too.
 */
public final class AgreementCheck {

  private static final int[] SIZES = {1, 10, 100, 1000};
  private static final int EXAMPLES_PER_KIND = 3;

  private AgreementCheck() {}

  public static void main(String[] args) throws IOException {
    Map<String, Disagreement> byKind = new LinkedHashMap<>();
    long questions = 0;
    for (Family family : Family.values()) {
      for (int size : SIZES) {
        List<String> entries = Workload.generate(family, size, 1, true).lists().get(0);
        List<String> queries = questions(family, size, entries);
        Workload.Reference reference = Workload.Reference.of(entries);
        for (Contender<?, ?> contender : Contender.all()) {
          if (contender.supports(family)) {
            questions += ask(contender, family, entries, queries, reference, byKind);
          }
        }
      }
    }
    String report = report(byKind, questions);
    System.out.println(report);
    if (args.length > 0) {
      Files.writeString(Path.of(args[0]), report);
    }
  }

  private static List<String> questions(Family family, int size, List<String> entries) {
    List<String> queries = new ArrayList<>(Workload.generate(family, size, 1, true).queries());
    queries.addAll(Workload.generate(family, size, 1, false).queries());
    for (String entry : entries) {
      String[] bounds = Addresses.bounds(entry);
      queries.add(bounds[0]);
      queries.add(bounds[1]);
      for (boolean above : new boolean[] {false, true}) {
        String beside = Addresses.beside(entry, above);
        if (beside != null) {
          queries.add(beside);
        }
      }
      if (!entry.contains(":")) {
        queries.add("::ffff:" + bounds[0]);
      }
    }
    return queries;
  }

  @SuppressWarnings("unchecked")
  private static long ask(Contender<?, ?> raw, Family family, List<String> entries,
      List<String> queries, Workload.Reference reference, Map<String, Disagreement> byKind) {
    Contender<Object, Object> contender = (Contender<Object, Object>) raw;
    Object list = contender.compile(entries);
    for (String query : queries) {
      boolean expected = reference.matches(query);
      String answer;
      try {
        answer = Boolean.toString(contender.matches(list, contender.query(query)));
      } catch (RuntimeException e) {
        answer = "throws " + e.getClass().getSimpleName();
      }
      if (!answer.equals(Boolean.toString(expected))) {
        String kind = contender.name() + " " + family + " expected " + expected + ", " + answer;
        Disagreement found = byKind.computeIfAbsent(kind,
            k -> new Disagreement(contender.label(), family, expected, new ArrayList<>()));
        found.count++;
        if (found.examples.size() < EXAMPLES_PER_KIND) {
          found.examples.add("`" + query + "`: " + covering(entries, query) + "; "
              + culprits(contender, entries, query, answer) + " (list of " + entries.size()
              + ")");
        }
      }
    }
    return queries.size();
  }

  /** The entries that hold the query, or "no entry holds it". */
  private static String covering(List<String> entries, String query) {
    List<String> holding = new ArrayList<>();
    for (String entry : entries) {
      if (Workload.Reference.of(List.of(entry)).matches(query)) {
        holding.add(entry);
      }
    }
    return holding.isEmpty() ? "no entry holds it" : "held by " + String.join(", ", holding);
  }

  /** For a false "yes", the entries that the contender alone, one by one, says hold the query. */
  private static String culprits(Contender<Object, Object> contender, List<String> entries,
      String query, String answer) {
    if (!answer.equals("true")) {
      return "answers " + answer;
    }
    List<String> culprits = new ArrayList<>();
    for (String entry : entries) {
      if (contender.matches(contender.compile(List.of(entry)), contender.query(query))) {
        culprits.add(entry);
      }
    }
    return "answers true because of " + String.join(", ", culprits);
  }

  private static String report(Map<String, Disagreement> byKind, long questions) {
    StringBuilder out = new StringBuilder();
    out.append("Asked ").append(questions).append(" questions (benchmark hits and misses, entry"
        + " bounds, the addresses just outside each entry, IPv4-mapped IPv6 spellings) of every"
        + " contender on the lists of sizes 1, 10, 100 and 1000 in each family. The reference is"
        + " a byte-wise mask loop over `InetAddress`.\n\n");
    if (byKind.isEmpty()) {
      out.append("Every contender gave the reference's answer to every question.\n");
      return out.toString();
    }
    out.append("| contender | family | reference says | contender says | times | examples |\n");
    out.append("|---|---|---|---|---:|---|\n");
    for (Map.Entry<String, Disagreement> entry : byKind.entrySet()) {
      Disagreement d = entry.getValue();
      String said = entry.getKey().substring(entry.getKey().lastIndexOf(", ") + 2);
      out.append("| ").append(d.label).append(" | ").append(d.family).append(" | ")
          .append(d.expected).append(" | ").append(said).append(" | ").append(d.count)
          .append(" | ").append(String.join("<br>", d.examples)).append(" |\n");
    }
    return out.toString();
  }

  private static final class Disagreement {
    final String label;
    final Family family;
    final boolean expected;
    final List<String> examples;
    int count;

    Disagreement(String label, Family family, boolean expected, List<String> examples) {
      this.label = label;
      this.family = family;
      this.expected = expected;
      this.examples = examples;
    }
  }
}
