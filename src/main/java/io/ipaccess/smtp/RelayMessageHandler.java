package io.ipaccess.smtp;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.MessageHandlerFactory;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

/**
 * One mail transaction: collects the envelope, writes the message to an incoming spool file
 * (with a Received header first) within the size limit and the DATA deadline, forces it to disk
 * and hands it to the {@link Relay}, whose answer becomes the reply to DATA.
 */
final class RelayMessageHandler implements MessageHandler {

  private final Session session;
  private final Limits limits;
  private final Relay relay;
  private final Spool spool;
  private final Clock clock;
  private final List<String> recipients = new ArrayList<>();
  private String from;

  /** The limits of one transaction. */
  record Limits(int maxMessageBytes, long dataTimeoutMs) {}

  private RelayMessageHandler(Session session, Limits limits, Relay relay, Spool spool,
      Clock clock) {
    this.session = session;
    this.limits = limits;
    this.relay = relay;
    this.spool = spool;
    this.clock = clock;
  }

  static MessageHandlerFactory factory(Limits limits, Relay relay, Spool spool, Clock clock) {
    return (MessageContext context) ->
        new RelayMessageHandler((Session) context, limits, relay, spool, clock);
  }

  @Override
  public void from(String address) {
    this.from = address;
  }

  @Override
  public void recipient(String address) {
    recipients.add(address);
  }

  @Override
  public String data(InputStream data) throws RejectException, IOException {
    ApiKeyLogin login = (ApiKeyLogin) session.getAuthenticationHandler().orElseThrow();
    Envelope envelope = new Envelope(from, recipients, login.account().id(),
        AuthPolicy.judged(session).toString(), clock.millis());
    Path incoming = spool.newIncoming();
    try {
      long size = write(incoming, envelope, data);
      if (size > limits.maxMessageBytes()) {
        throw new RejectException(552, "5.3.4 Message size exceeds the fixed maximum of "
            + limits.maxMessageBytes() + " bytes");
      }
      return relay.accept(incoming, envelope);
    } finally {
      Files.deleteIfExists(incoming);
    }
  }

  /** Writes the incoming file and returns the message's size; past the limit only counts. */
  private long write(Path file, Envelope envelope, InputStream data)
      throws IOException, DropConnectionException {
    long deadline = clock.millis() + limits.dataTimeoutMs();
    long size = 0;
    try (FileOutputStream out = Spool.create(file);
        OutputStream buffered = new BufferedOutputStream(out, 64 * 1024)) {
      buffered.write(relay.prefix(envelope));
      buffered.write(receivedHeader().getBytes(StandardCharsets.UTF_8));
      byte[] buffer = new byte[16 * 1024];
      InputStream raw = session.getRawInput();
      int read;
      // The library's DATA stream fills the whole buffer before it returns, so a client that
      // trickles bytes would never reach the deadline check: ask only for what has arrived
      // (at least one byte), and the check runs each time something arrives.
      while ((read = data.read(buffer, 0, Math.max(1, Math.min(raw.available(), buffer.length))))
          != -1) {
        if (clock.millis() > deadline) {
          throw new DropConnectionException(421, "4.4.2 DATA took longer than the "
              + limits.dataTimeoutMs() + " ms allowed; closing the connection");
        }
        if (size + read <= limits.maxMessageBytes()) {
          buffered.write(buffer, 0, read);
        }
        size += read;
      }
      Spool.force(out, buffered);
    }
    return size;
  }

  private String receivedHeader() {
    String protocol = (session.isTLSStarted() ? "ESMTPS" : "ESMTP") + "A";
    return "Received: from " + session.getHelo().orElse("unknown") + " (["
        + AuthPolicy.judged(session) + "])\r\n\tby " + session.getServer().getHostName()
        + " (ipaccess) with " + protocol + " id " + session.getSessionId() + ";\r\n\t"
        + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(clock)) + "\r\n";
  }

  @Override
  public void done() {
    // Nothing to release: data() deletes its incoming file whatever happens.
  }
}
