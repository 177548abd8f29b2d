package io.ipaccess.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One lookup, "does the list of this request's account hold this address?", for each contender
 * on the same generated lists and queries ({@link Workload}).
 *
 * <p>Each call takes the next of {@value Workload#QUERIES} queries, so that neither the branch
 * predictor nor the cache sees one address over and over; with many accounts each query goes to a
 * random account's list, so the list is usually not in cache. The contender under test is a
 * parameter, and JMH forks a JVM per parameter set, so the call site only ever sees one
 * contender and is inlined as it would be in a server that uses one of them.
 *
 * <p>The setup asks the contender all the queries first and prints how many answers differ from
 * the reference; {@link AgreementCheck} reports them in detail.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MatcherBenchmark {

  @Param({"ipaccess", "floor", "linear", "ipaddress", "netty", "jetty", "commonsnet", "spring"})
  public String contender;

  @Param({"IPV4", "IPV6", "MIXED"})
  public Family family;

  @Param({"1", "10", "100", "1000"})
  public int listSize;

  @Param({"1"})
  public int accounts;

  @Param({"true", "false"})
  public boolean hits;

  private Contender<Object, Object> matcher;
  private Object[] lists;
  private Object[] queries;
  private int[] accountOfQuery;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    matcher = Contender.named(contender);
    if (!matcher.supports(family)) {
      throw new IllegalStateException(contender + " does not support " + family
          + ": leave it out of this run with -p");
    }
    Workload workload = Workload.generate(family, listSize, accounts, hits);
    List<List<String>> entries = workload.lists();
    lists = new Object[entries.size()];
    for (int i = 0; i < lists.length; i++) {
      lists[i] = matcher.compile(entries.get(i));
    }
    queries = new Object[Workload.QUERIES];
    for (int q = 0; q < queries.length; q++) {
      queries[q] = matcher.query(workload.queries().get(q));
    }
    accountOfQuery = workload.accountOfQuery();
    int wrong = 0;
    for (int q = 0; q < queries.length; q++) {
      if (matcher.matches(lists[accountOfQuery[q]], queries[q]) != workload.expected()[q]) {
        wrong++;
      }
    }
    System.out.println("agreement: " + contender + " answered " + wrong + " of "
        + queries.length + " queries differently from the reference");
  }

  @Benchmark
  public boolean lookup() {
    int q = next;
    next = (q + 1) & (Workload.QUERIES - 1);
    return matcher.matches(lists[accountOfQuery[q]], queries[q]);
  }
}
