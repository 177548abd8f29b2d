package io.ipaccess.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.smtp.SmtpConfig.RetryPolicy;
import io.ipaccess.testing.RunningServer;
import io.ipaccess.testing.SmtpClient;
import io.ipaccess.testing.SmtpUpstream;
import io.ipaccess.testing.SmtpWire;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing that got a 250 is lost: with the upstream down, messages are spooled durably, survive
 * a restart of ipaccess, and reach the upstream once it is back, each exactly once.
 */
class SmtpSpoolTest {

  private static final int MESSAGES = 5;

  private SmtpUpstream upstream;
  private RunningServer server;

  @BeforeEach
  void start() {
    upstream = SmtpUpstream.start();
    server = RunningServer.startWithSmtp(SmtpConfig.builder().port(0)
        .upstream(new UpstreamConfig("127.0.0.1", upstream.port(), Optional.empty(),
            Optional.empty(), false, Duration.ofSeconds(5)))
        .retry(new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(500),
            Duration.ofDays(1)))
        .build());
  }

  @AfterEach
  void stop() {
    server.close();
    upstream.close();
  }

  @Test
  void upstreamDown_messagesAreSpooled_andDeliveredOnceAfterRestartAndReturn()
      throws Exception {
    upstream.stop();
    List<String> subjects = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      SmtpClient client = SmtpClient.to(server.smtp().port());
      subjects.add("spooled " + i);
      client.send(client.message("spooled " + i, "body " + i));
    }
    assertThat(server.smtp().queuedCount()).isEqualTo(MESSAGES);

    server.restart();
    assertThat(server.smtp().queuedCount()).isEqualTo(MESSAGES);
    upstream.startAgain();
    upstream.awaitReceived(MESSAGES, Duration.ofSeconds(30));
    awaitQueueEmpty();

    List<String> received = new ArrayList<>();
    for (MimeMessage message : upstream.received()) {
      received.add(message.getSubject());
    }
    assertThat(received).containsExactlyInAnyOrderElementsOf(subjects);
  }

  @Test
  void upstreamUp_messageIsRelayedBeforeThe250_andNothingIsSpooled() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", server.smtp().port())) {
      wire.reply();
      wire.command("EHLO client.example");
      wire.command("AUTH PLAIN " + SmtpWire.plain(RunningServer.KEY));
      wire.command("MAIL FROM:<a@example.com>");
      wire.command("RCPT TO:<b@example.net>");
      wire.command("DATA");

      assertThat(wire.command("Subject: direct\r\n\r\nbody\r\n."))
          .isEqualTo("250 2.0.0 Ok: relayed");
    }
    assertThat(upstream.received()).hasSize(1);
    assertThat(server.smtp().queuedCount()).isZero();
  }

  @Test
  void upstreamDown_reply250SaysQueued() {
    upstream.stop();
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", server.smtp().port())) {
      wire.reply();
      wire.command("EHLO client.example");
      wire.command("AUTH PLAIN " + SmtpWire.plain(RunningServer.KEY));
      wire.command("MAIL FROM:<a@example.com>");
      wire.command("RCPT TO:<b@example.net>");
      wire.command("DATA");

      assertThat(wire.command("Subject: later\r\n\r\nbody\r\n."))
          .startsWith("250 2.0.0 Ok: queued as ").endsWith("; the upstream cannot take it now,"
              + " delivery will be retried");
    }
    assertThat(server.smtp().queuedCount()).isEqualTo(1);
  }

  @Test
  void restart_dropsHalfReceivedFiles_forWhichNo250WasSent() throws Exception {
    Path incoming = server.dataDir().resolve("spool/incoming/0000000000000-half.tmp");
    Files.writeString(incoming, "{\"from\":\"a@example.com\"");

    server.restart();

    assertThat(incoming).doesNotExist();
    assertThat(server.smtp().queuedCount()).isZero();
  }

  private void awaitQueueEmpty() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (server.smtp().queuedCount() > 0) {
      assertThat(System.nanoTime()).as("queue empties in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
