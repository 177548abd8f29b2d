package io.ipaccess.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.testing.RunningServer;
import io.ipaccess.testing.SmtpWire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's limits, each answered with its standard code; and the outbox without upstream. */
class SmtpLimitsTest {

  private static final int MAX_BYTES = 4096;

  private RunningServer server;

  @BeforeEach
  void start() {
    server = RunningServer.startWithSmtp(SmtpConfig.builder().port(0)
        .maxMessageBytes(MAX_BYTES).maxRecipients(2)
        .idleTimeout(Duration.ofMillis(500)).dataTimeout(Duration.ofMillis(400)).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void defaultSizeLimit_is30MiB() {
    assertThat(SmtpConfig.builder().build().maxMessageBytes()).isEqualTo(30 * 1024 * 1024);
  }

  @Test
  void ehlo_announcesTheSizeLimit() {
    try (SmtpWire wire = authenticated()) {
      assertThat(wire.command("EHLO again.example")).contains("250-SIZE " + MAX_BYTES);
    }
  }

  @Test
  void declaredSizeOverTheLimit_gets552AtMailFrom() {
    try (SmtpWire wire = authenticated()) {
      assertThat(wire.command("MAIL FROM:<a@example.com> SIZE=" + (MAX_BYTES + 1)))
          .startsWith("552 5.3.4");
    }
  }

  @Test
  void messageOverTheLimit_gets552AndIsNotKept() throws Exception {
    try (SmtpWire wire = authenticated()) {
      wire.command("MAIL FROM:<a@example.com>");
      wire.command("RCPT TO:<b@example.net>");
      assertThat(wire.command("DATA")).startsWith("354");
      wire.send("Subject: big\r\n\r\n" + "x".repeat(MAX_BYTES) + "\r\n.");

      assertThat(wire.reply()).isEqualTo("552 5.3.4 Message size exceeds the fixed maximum of "
          + MAX_BYTES + " bytes");
    }
    assertThat(outbox()).isEmpty();
  }

  @Test
  void recipientsOverTheLimit_get452() {
    try (SmtpWire wire = authenticated()) {
      wire.command("MAIL FROM:<a@example.com>");
      assertThat(wire.command("RCPT TO:<b1@example.net>")).startsWith("250");
      assertThat(wire.command("RCPT TO:<b2@example.net>")).startsWith("250");

      assertThat(wire.command("RCPT TO:<b3@example.net>")).startsWith("452");
    }
  }

  @Test
  void idleClient_gets421AndIsDisconnected() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", server.smtp().port())) {
      wire.reply();

      assertThat(wire.reply()).startsWith("421 ");
      assertThat(wire.closedByServer()).isTrue();
    }
  }

  @Test
  void slowData_gets421AfterTheDataTimeout() throws Exception {
    try (SmtpWire wire = authenticated()) {
      wire.command("MAIL FROM:<a@example.com>");
      wire.command("RCPT TO:<b@example.net>");
      wire.command("DATA");
      String reply = null;
      // A client that trickles lines, each within the idle timeout, never finishing.
      for (int i = 0; i < 20 && reply == null; i++) {
        wire.send("line " + i);
        Thread.sleep(100);
        reply = wire.replyIfReady();
      }

      assertThat(reply).isEqualTo("421 4.4.2 DATA took longer than the 400 ms allowed; closing"
          + " the connection");
    }
    assertThat(outbox()).isEmpty();
  }

  @Test
  void withoutUpstream_messageIsWrittenToTheOutboxWithItsEnvelope() throws Exception {
    try (SmtpWire wire = authenticated()) {
      wire.command("MAIL FROM:<a@example.com>");
      wire.command("RCPT TO:<b@example.net>");
      wire.command("DATA");
      wire.send("Subject: hello\r\n\r\nfirst line\r\n..dot-stuffed line\r\n.");

      assertThat(wire.reply()).startsWith("250 2.0.0 Ok: saved to the outbox as ");
    }
    assertThat(outbox()).singleElement().satisfies(file -> {
      assertThat(file.getFileName().toString()).endsWith(".eml");
      assertThat(Files.readString(file)).startsWith("Return-Path: <a@example.com>\r\n"
          + "X-Envelope-To: <b@example.net>\r\nReceived: from client.example ([127.0.0.1])")
          .endsWith("Subject: hello\r\n\r\nfirst line\r\n.dot-stuffed line\r\n");
    });
  }

  private SmtpWire authenticated() {
    SmtpWire wire = SmtpWire.connect("127.0.0.1", server.smtp().port());
    wire.reply();
    wire.command("EHLO client.example");
    assertThat(wire.command("AUTH PLAIN " + SmtpWire.plain(RunningServer.KEY)))
        .startsWith("235");
    return wire;
  }

  private Stream<Path> outboxFiles() throws Exception {
    return Files.list(server.smtp().outbox());
  }

  private java.util.List<Path> outbox() throws Exception {
    try (Stream<Path> files = outboxFiles()) {
      return files.toList();
    }
  }
}
