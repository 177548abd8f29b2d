package io.ipaccess.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.RejectException;

/**
 * Decides what becomes of a received message, and so what the sender is told. The rule: 250 only
 * once the upstream has taken the message or it is durably in the spool (or, without an
 * upstream, in the outbox); a message that can be neither gets a 4xx, so that the sender keeps
 * it.
 *
 * <p>With an upstream the relay first tries to hand the message on at once, so that the sender
 * learns of a permanent refusal (a 5xx it can bounce); only when the upstream cannot take it now
 * is it queued for {@link SpoolDeliverer}.
 */
final class Relay {

  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

  private final Spool spool;
  private final Optional<UpstreamSender> upstream;
  private final Optional<SpoolDeliverer> deliverer;

  Relay(Spool spool, Optional<UpstreamSender> upstream, Optional<SpoolDeliverer> deliverer) {
    this.spool = spool;
    this.upstream = upstream;
    this.deliverer = deliverer;
  }

  /**
   * What precedes the message in its incoming file: the envelope line of a queue file, or, for
   * the outbox, the headers a final delivery adds (RFC 5321 section 4.4).
   */
  byte[] prefix(Envelope envelope) throws IOException {
    if (upstream.isPresent()) {
      return spool.envelopeLine(envelope);
    }
    StringBuilder headers = new StringBuilder("Return-Path: <").append(envelope.from())
        .append(">\r\n");
    for (String recipient : envelope.recipients()) {
      headers.append("X-Envelope-To: <").append(recipient).append(">\r\n");
    }
    return headers.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Takes a received, forced incoming file and returns the text of the 250 reply.
   *
   * @throws RejectException with a 4xx when the message could not be kept, or the upstream's
   *     5xx when it refused every recipient for good
   */
  String accept(Path incoming, Envelope envelope) throws RejectException {
    try {
      if (upstream.isEmpty()) {
        Path saved = spool.commitToOutbox(incoming);
        return "2.0.0 Ok: saved to the outbox as " + saved.getFileName();
      }
      return relay(incoming, envelope);
    } catch (IOException e) {
      LOG.error("event=smtp_spool_failed file={} reason=\"{}\"", incoming, e.toString());
      throw new RejectException(451, "4.3.0 The message could be neither relayed nor spooled;"
          + " please try again later");
    } finally {
      deleteQuietly(incoming);
    }
  }

  private String relay(Path incoming, Envelope envelope) throws IOException, RejectException {
    SpoolDeliverer queue = deliverer.orElseThrow();
    DeliveryReport report;
    if (queue.upstreamRecentlyFailed()) {
      report = DeliveryReport.retryAll(envelope.recipients(), 0, "the upstream failed recently");
    } else {
      try (Spool.SpooledMessage message = spool.open(incoming)) {
        report = upstream.orElseThrow().send(envelope, message.message());
      }
    }
    if (report.complete()) {
      return "2.0.0 Ok: relayed";
    }
    if (!report.refused().isEmpty()) {
      if (report.refused().size() == envelope.recipients().size()) {
        int code = report.code() >= 500 ? report.code() : 554;
        throw new RejectException(code, "5.0.0 The upstream refused the message: "
            + report.detail());
      }
      LOG.warn("event=smtp_recipients_refused account={} recipients={} reason=\"{}\"",
          envelope.accountId(), report.refused(), report.detail());
    }
    if (report.retry().isEmpty()) {
      return "2.0.0 Ok: relayed; the upstream refused " + report.refused();
    }
    Path queued = report.retry().size() == envelope.recipients().size()
        ? spool.commitToQueue(incoming)
        : spool.requeue(envelope.withRecipients(report.retry()), incoming);
    queue.noteFailure();
    queue.wake();
    LOG.info("event=smtp_queued file={} recipients={} reason=\"{}\"", queued.getFileName(),
        report.retry().size(), report.detail());
    return "2.0.0 Ok: queued as " + queued.getFileName() + "; the upstream cannot take it now,"
        + " delivery will be retried";
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("event=smtp_incoming_delete_failed file={} reason=\"{}\"", file, e.toString());
    }
  }
}
