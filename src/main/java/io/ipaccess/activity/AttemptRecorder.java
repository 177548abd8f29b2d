package io.ipaccess.activity;

import io.ipaccess.net.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts access attempts in memory and writes them to the store in batches, so that a request
 * never waits on the database to be recorded.
 *
 * <p>Attempts are aggregated by account, address and door. The aggregates waiting to be written
 * are bounded: when a flood of distinct addresses fills the buffer, the least recently seen
 * aggregate is evicted and its attempts are counted as dropped. A batch that fails to be written
 * goes back into the buffer (within the same bound) and is tried again on the next flush.
 */
public final class AttemptRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AttemptRecorder.class);
  private static final long CLOSE_WAIT_SECONDS = 10;
  private static final int CHUNK = 1000;

  private final AttemptStore store;
  private final GeoLocator locator;
  private final int capacity;
  private final Object bufferLock = new Object();
  private final Object flushLock = new Object();
  private final AtomicLong droppedAttempts = new AtomicLong();
  private final ScheduledExecutorService flusher;
  private LinkedHashMap<Key, Tally> buffer = newBuffer();

  /**
   * @param capacity the most aggregates held in memory before the oldest is dropped
   * @param flushIntervalMs how often the buffer is written; 0 writes only on {@link #flush}
   */
  public AttemptRecorder(AttemptStore store, GeoLocator locator, int capacity,
      long flushIntervalMs) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.store = store;
    this.locator = locator;
    this.capacity = capacity;
    this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "attempt-flusher");
      thread.setDaemon(true);
      return thread;
    });
    if (flushIntervalMs > 0) {
      flusher.scheduleWithFixedDelay(
          this::flushQuietly, flushIntervalMs, flushIntervalMs, TimeUnit.MILLISECONDS);
    }
  }

  /** Counts one attempt. Never blocks on the store. */
  public void record(long accountId, IpAddress address, AuthMethod method, boolean allowed,
      long nowMs) {
    Key key = new Key(accountId, address, method);
    synchronized (bufferLock) {
      Tally tally = buffer.get(key);
      if (tally != null) {
        tally.add(nowMs, allowed, 1);
        return;
      }
      makeRoom();
      buffer.put(key, new Tally(nowMs, nowMs, allowed, 1));
    }
  }

  /**
   * Writes everything buffered so far, in chunks of {@value #CHUNK} aggregates, each in a
   * transaction of its own: a flood then never holds one huge transaction in memory. On failure
   * the chunks not yet written stay buffered and this throws; the written ones are not written
   * twice.
   */
  public void flush() {
    synchronized (flushLock) {
      Map<Key, Tally> batch;
      synchronized (bufferLock) {
        if (buffer.isEmpty()) {
          return;
        }
        batch = buffer;
        buffer = newBuffer();
      }
      Iterator<Map.Entry<Key, Tally>> pending = batch.entrySet().iterator();
      while (pending.hasNext()) {
        Map<Key, Tally> chunk = new LinkedHashMap<>();
        while (pending.hasNext() && chunk.size() < CHUNK) {
          Map.Entry<Key, Tally> entry = pending.next();
          chunk.put(entry.getKey(), entry.getValue());
        }
        try {
          store.upsert(toAttempts(chunk));
        } catch (RuntimeException e) {
          pending.forEachRemaining(entry -> chunk.put(entry.getKey(), entry.getValue()));
          requeue(chunk);
          throw e;
        }
      }
    }
  }

  /** How many attempts were dropped because the buffer was full. */
  public long droppedAttempts() {
    return droppedAttempts.get();
  }

  /** How many aggregates wait to be written. */
  public int buffered() {
    synchronized (bufferLock) {
      return buffer.size();
    }
  }

  @Override
  public void close() {
    // No interrupt: an interrupted write makes H2 close its file, and the batch would be lost.
    flusher.shutdown();
    try {
      if (!flusher.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("event=attempts_flush_slow_at_close waited_s={}", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("event=attempts_flush_failed buffered={} reason={}", buffered(), e.toString());
    }
  }

  private void requeue(Map<Key, Tally> batch) {
    synchronized (bufferLock) {
      LinkedHashMap<Key, Tally> newer = buffer;
      buffer = newBuffer();
      for (Map<Key, Tally> part : List.of(batch, newer)) {
        for (Map.Entry<Key, Tally> entry : part.entrySet()) {
          Tally held = buffer.get(entry.getKey());
          Tally tally = entry.getValue();
          if (held != null) {
            held.add(tally.firstAtMs, tally.allowed, 0);
            held.add(tally.lastAtMs, tally.allowed, tally.count);
          } else {
            makeRoom();
            buffer.put(entry.getKey(), tally);
          }
        }
      }
    }
  }

  // Called with bufferLock held.
  private void makeRoom() {
    if (buffer.size() < capacity) {
      return;
    }
    Iterator<Tally> oldest = buffer.values().iterator();
    droppedAttempts.addAndGet(oldest.next().count);
    oldest.remove();
  }

  private Map<Long, List<AccessAttempt>> toAttempts(Map<Key, Tally> batch) {
    Map<Long, List<AccessAttempt>> byAccount = new HashMap<>();
    Map<IpAddress, String> locations = new HashMap<>();
    for (Map.Entry<Key, Tally> entry : batch.entrySet()) {
      Key key = entry.getKey();
      Tally tally = entry.getValue();
      String location = locations.computeIfAbsent(key.address, locator::locate);
      byAccount.computeIfAbsent(key.accountId, id -> new ArrayList<>()).add(new AccessAttempt(
          key.address.toString(), key.method, tally.firstAtMs, tally.lastAtMs, tally.allowed,
          tally.count, location));
    }
    return byAccount;
  }

  // Access order, so that the eldest entry is the one seen least recently.
  private static LinkedHashMap<Key, Tally> newBuffer() {
    return new LinkedHashMap<>(256, 0.75f, true);
  }

  private record Key(long accountId, IpAddress address, AuthMethod method) {}

  private static final class Tally {
    long firstAtMs;
    long lastAtMs;
    boolean allowed;
    long count;

    Tally(long firstAtMs, long lastAtMs, boolean allowed, long count) {
      this.firstAtMs = firstAtMs;
      this.lastAtMs = lastAtMs;
      this.allowed = allowed;
      this.count = count;
    }

    void add(long atMs, boolean allowedThen, long attempts) {
      firstAtMs = Math.min(firstAtMs, atMs);
      if (atMs >= lastAtMs) {
        lastAtMs = atMs;
        allowed = allowedThen;
      }
      count += attempts;
    }
  }
}
