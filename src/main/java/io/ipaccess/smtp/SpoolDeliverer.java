package io.ipaccess.smtp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the spool's queue to the upstream, with back-off, on one thread.
 *
 * <p>One thread is what makes delivery once-only from the spool's side: no two attempts on the
 * same file can overlap, and a file is deleted (durably) before the next is taken. The edge
 * that remains is the crash between the upstream's 250 and that delete: after a restart the
 * message is sent again. Mail is at-least-once across such a crash, as with any relay; the
 * message's own Message-ID lets the receiving side tell the copies apart.
 *
 * <p>The back-off is kept in memory, so after a restart every queued message is tried at once.
 * Its age for giving up comes from the envelope, so that survives.
 */
final class SpoolDeliverer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolDeliverer.class);

  private final Spool spool;
  private final UpstreamSender upstream;
  private final SmtpConfig.RetryPolicy retry;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private final Map<String, Attempts> attempts = new HashMap<>();
  /** When the upstream last failed, or -1 if it has not since start. */
  private volatile long lastFailureMs = -1;

  private record Attempts(int count, long nextAtMs) {}

  SpoolDeliverer(Spool spool, UpstreamSender upstream, SmtpConfig.RetryPolicy retry,
      Clock clock) {
    this.spool = spool;
    this.upstream = upstream;
    this.retry = retry;
    this.clock = clock;
    this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread worker = new Thread(runnable, "smtp-spool");
      worker.setDaemon(true);
      return worker;
    });
  }

  void start() {
    long tickMs = Math.min(retry.initial().toMillis(), 1000);
    thread.scheduleWithFixedDelay(this::pass, 0, tickMs, TimeUnit.MILLISECONDS);
  }

  /** Asks for a pass soon, e.g. after a message was queued. */
  void wake() {
    if (!thread.isShutdown()) {
      thread.execute(this::pass);
    }
  }

  /** Whether the upstream failed within the initial retry interval: then new mail queues. */
  boolean upstreamRecentlyFailed() {
    long failedAt = lastFailureMs;
    return failedAt >= 0 && clock.millis() - failedAt < retry.initial().toMillis();
  }

  void noteFailure() {
    lastFailureMs = clock.millis();
  }

  private void pass() {
    try {
      for (Path file : spool.queued()) {
        Attempts previous = attempts.get(file.getFileName().toString());
        if (previous == null || previous.nextAtMs() <= clock.millis()) {
          deliver(file, previous == null ? 0 : previous.count());
        }
      }
    } catch (IOException | RuntimeException e) {
      // The next tick tries again; a pass must never end the scheduled task.
      LOG.error("event=smtp_spool_pass_failed reason=\"{}\"", e.toString());
    }
  }

  private void deliver(Path file, int failedBefore) throws IOException {
    String name = file.getFileName().toString();
    Envelope envelope;
    DeliveryReport report;
    try (Spool.SpooledMessage message = spool.open(file)) {
      envelope = message.envelope();
      report = upstream.send(envelope, message.message());
    } catch (IOException | RuntimeException e) {
      LOG.error("event=smtp_spool_unreadable file={} reason=\"{}\"", name, e.toString());
      spool.fail(file);
      attempts.remove(name);
      return;
    }

    if (report.complete()) {
      spool.delete(file);
      attempts.remove(name);
      LOG.info("event=smtp_delivered file={} attempts={}", name, failedBefore + 1);
      return;
    }
    if (!report.refused().isEmpty()) {
      LOG.warn("event=smtp_recipients_refused file={} recipients={} reason=\"{}\"", name,
          report.refused(), report.detail());
    }
    boolean expired = clock.millis() - envelope.receivedAtMs() > retry.giveUp().toMillis();
    if (report.retry().isEmpty() || expired) {
      if (expired) {
        LOG.warn("event=smtp_expired file={} recipients={} reason=\"{}\"", name,
            report.retry(), report.detail());
      }
      spool.fail(file);
      attempts.remove(name);
      return;
    }

    noteFailure();
    int failed = failedBefore + 1;
    long nextAt = clock.millis() + retry.delayAfter(failed).toMillis();
    Path next = file;
    if (report.retry().size() < envelope.recipients().size()) {
      next = spool.requeue(envelope.withRecipients(report.retry()), file);
      spool.delete(file);
      attempts.remove(name);
    }
    attempts.put(next.getFileName().toString(), new Attempts(failed, nextAt));
    LOG.warn("event=smtp_delivery_deferred file={} attempts={} retry_in_ms={} reason=\"{}\"",
        next.getFileName(), failed, nextAt - clock.millis(), report.detail());
  }

  /** How many messages wait in the queue (for tests and the log). */
  int queuedCount() throws IOException {
    return spool.queued().size();
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
