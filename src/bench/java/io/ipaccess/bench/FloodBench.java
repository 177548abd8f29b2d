package io.ipaccess.bench;

import io.ipaccess.activity.AccessAttempt;
import io.ipaccess.activity.AttemptRecorder;
import io.ipaccess.activity.AttemptStore;
import io.ipaccess.activity.AuthMethod;
import io.ipaccess.activity.GeoLocator;
import io.ipaccess.net.IpAddress;
import io.ipaccess.store.Database;
import io.ipaccess.store.JdbiAccountStore;
import io.ipaccess.store.JdbiAttemptStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One million distinct addresses through the attempt recorder, as the server wires it (buffer of
 * 100,000 aggregates, flushed every second to the embedded H2 store), while a steady client keeps
 * recording attempts from 1,000 known addresses.
 *
 * <p>Measured: the steady client's attempts per second before and during the flood, the heap's
 * live set (the pools' usage after the last collection, sampled every 100 ms) before and at its
 * highest during the flood, and the attempts the recorder's bound dropped. The flood is paced
 * ({@code FLOOD_PER_SECOND}) rather than run flat out, so that on a small machine it measures the
 * recorder's cost, not the flood thread's share of the CPU.
 *
 * <p>Usage: {@code FloodBench markdown-output targets-output [discard]}. With {@code discard} the
 * store throws every batch away, which separates the recorder's own cost (lock, map, eviction)
 * from the cost of writing the flood to the database.
 */
public final class FloodBench {

  private static final int FLOOD_ADDRESSES = 1_000_000;
  private static final int FLOOD_PER_SECOND = 200_000;
  private static final int STEADY_ADDRESSES = 1_000;
  private static final int BUFFER = 100_000;
  private static final long FLUSH_INTERVAL_MS = 1_000;
  private static final long BEFORE_MS = 4_000;

  private FloodBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 2 && args[2].equals("discard")) {
      try (AttemptRecorder recorder = new AttemptRecorder(new DiscardingStore(),
          GeoLocator.withoutDatabase(), BUFFER, FLUSH_INTERVAL_MS)) {
        run(recorder, 1, 2, "a store that discards every batch", args);
      }
      return;
    }
    Path dataDir = Files.createTempDirectory("ipaccess-flood");
    try (Database database = Database.openEmbedded(dataDir);
        AttemptRecorder recorder = new AttemptRecorder(new JdbiAttemptStore(database),
            GeoLocator.withoutDatabase(), BUFFER, FLUSH_INTERVAL_MS)) {
      JdbiAccountStore accounts = new JdbiAccountStore(database, Clock.systemUTC());
      long steadyAccount = accounts.create("steady").id();
      long floodedAccount = accounts.create("flooded").id();
      run(recorder, steadyAccount, floodedAccount, "embedded H2", args);
    } finally {
      deleteTree(dataDir);
    }
  }

  private static void run(AttemptRecorder recorder, long steadyAccount, long floodedAccount,
      String storeName, String[] args) throws Exception {
    IpAddress[] steady = new IpAddress[STEADY_ADDRESSES];
    for (int i = 0; i < steady.length; i++) {
      steady[i] = IpAddress.ofV4(0x0A00_0000 + i);
    }
    steadyRate(recorder, steadyAccount, steady, 1_000, new AtomicBoolean(true));
    System.gc();
    long liveBefore = liveHeap();
    double before =
        steadyRate(recorder, steadyAccount, steady, BEFORE_MS, new AtomicBoolean(true));

    AtomicBoolean flooding = new AtomicBoolean(true);
    long[] liveMax = {liveHeap()};
    Thread flood = new Thread(() -> flood(recorder, floodedAccount, flooding), "flood");
    Thread sampler = new Thread(() -> sample(flooding, liveMax), "heap-sampler");
    long floodStart = System.nanoTime();
    flood.start();
    sampler.start();
    double during = steadyRate(recorder, steadyAccount, steady, Long.MAX_VALUE, flooding);
    flood.join();
    sampler.join();
    double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
    long dropped = recorder.droppedAttempts();

    double change = (during - before) / before * 100;
    double growthMb = (liveMax[0] - liveBefore) / (1024.0 * 1024);
    String report = String.format(Locale.ROOT, "%,d distinct addresses (half IPv4,"
        + " half IPv6) at %,d/s for %.1f s, recorder buffer %,d aggregates flushed every %d ms to"
        + " %s, while one thread records attempts from %,d known addresses.%n%n"
        + "| measure | value |%n|---|---:|%n"
        + "| steady attempts/s before | %,.0f |%n| steady attempts/s during the flood | %,.0f |%n"
        + "| change | %+.1f%% |%n| live heap before | %.1f MiB |%n"
        + "| live heap, highest during the flood | %.1f MiB |%n| growth | %.1f MiB |%n"
        + "| attempts dropped by the bound | %,d of %,d flood attempts |%n",
        FLOOD_ADDRESSES, FLOOD_PER_SECOND, floodSeconds, BUFFER, FLUSH_INTERVAL_MS,
        storeName, STEADY_ADDRESSES, before, during, change, liveBefore / 1048576.0,
        liveMax[0] / 1048576.0, growthMb, dropped, FLOOD_ADDRESSES);
    String store = storeName.startsWith("a store") ? " (discarding store)" : "";
    String targets = MemoryBench.target("Flood: heap growth" + store, "<= 64 MB",
        MemoryBench.format(growthMb) + " MiB", growthMb <= 64)
        + MemoryBench.target("Flood: steady throughput" + store, "at most -10%",
            String.format(Locale.ROOT, "%+.1f%%", change), change >= -10);
    System.out.print(report);
    System.out.print(targets);
    Files.writeString(Path.of(args[0]), report);
    Files.writeString(Path.of(args[1]), targets);
  }

  /** Attempts per second from the steady addresses, for {@code ms} or while {@code going}. */
  private static double steadyRate(AttemptRecorder recorder, long account, IpAddress[] steady,
      long ms, AtomicBoolean going) {
    long start = System.nanoTime();
    long deadline = ms == Long.MAX_VALUE ? Long.MAX_VALUE : start + ms * 1_000_000;
    long attempts = 0;
    long now = start;
    while (going.get() && now < deadline) {
      for (int i = 0; i < 1024; i++) {
        recorder.record(account, steady[(int) (attempts++ % steady.length)], AuthMethod.API, true,
            now / 1_000_000);
      }
      now = System.nanoTime();
    }
    return attempts / ((now - start) / 1e9);
  }

  private static void flood(AttemptRecorder recorder, long account, AtomicBoolean flooding) {
    long start = System.nanoTime();
    for (int i = 0; i < FLOOD_ADDRESSES; i++) {
      IpAddress address = i % 2 == 0
          ? IpAddress.ofV4(0x6440_0000 + i)
          : IpAddress.ofV6(0x2001_0db8_0000_0000L, i);
      recorder.record(account, address, AuthMethod.SMTP, false, System.currentTimeMillis());
      if (i % 1000 == 999) {
        long dueNanos = start + (long) (i + 1) * 1_000_000_000L / FLOOD_PER_SECOND;
        while (System.nanoTime() < dueNanos) {
          Thread.onSpinWait();
          Thread.yield();
        }
      }
    }
    flooding.set(false);
  }

  private static void sample(AtomicBoolean flooding, long[] liveMax) {
    while (flooding.get()) {
      liveMax[0] = Math.max(liveMax[0], liveHeap());
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The heap in use right after the last collection of each pool: the live set, roughly. */
  private static long liveHeap() {
    long live = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterGc = pool.getCollectionUsage();
      if (pool.getType() == MemoryType.HEAP && afterGc != null) {
        live += afterGc.getUsed();
      }
    }
    return live;
  }

  /** Throws every batch away, so that the flood's cost is the recorder's alone. */
  private static final class DiscardingStore implements AttemptStore {
    @Override
    public void upsert(Map<Long, List<AccessAttempt>> attemptsByAccount) {
      // Nothing is kept: this store exists to leave the database out of the measurement.
    }

    @Override
    public List<AccessAttempt> recent(long accountId, int limit) {
      return List.of();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
