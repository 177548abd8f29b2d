package io.ipaccess.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipaccess.smtp.SmtpConfig.RetryPolicy;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.RunningServer;
import io.ipaccess.testing.SmtpClient;
import io.ipaccess.testing.SmtpUpstream;
import io.ipaccess.testing.SmtpWire;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay as a door: AUTH with {@code apikey} and an API key, then the account's allow list
 * decides on the client address; accepted mail reaches a real upstream (GreenMail) intact.
 */
class SmtpDoorTest {

  private SmtpUpstream upstream;
  private RunningServer server;

  @BeforeEach
  void start() {
    upstream = SmtpUpstream.start();
    server = RunningServer.startWithSmtp(SmtpConfig.builder().port(0)
        .upstream(new UpstreamConfig("127.0.0.1", upstream.port(), java.util.Optional.empty(),
            java.util.Optional.empty(), false, Duration.ofSeconds(5)))
        .retry(new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofDays(1)))
        .build());
  }

  @AfterEach
  void stop() {
    server.close();
    upstream.close();
  }

  @Test
  void allowedAddress_messageArrivesUpstreamIntact() throws Exception {
    byte[] attachment = new byte[50_000];
    new Random(7).nextBytes(attachment);
    SmtpClient client = SmtpClient.to(server.smtp().port());
    MimeMessage sent = client.withAttachment("Quarterly report", attachment);
    sent.setHeader("X-Custom-Trace", "abc-123");

    client.send(sent);

    MimeMessage got = upstream.awaitReceived(1, Duration.ofSeconds(10)).get(0);
    assertThat(got.getSubject()).isEqualTo("Quarterly report");
    assertThat(got.getMessageID()).isEqualTo(sent.getMessageID());
    assertThat(got.getHeader("X-Custom-Trace")).containsExactly("abc-123");
    assertThat(got.getHeader("Received")).anySatisfy(received -> assertThat(received)
        .contains("([127.0.0.1])").contains("(ipaccess) with ESMTPA"));
    MimeMultipart parts = (MimeMultipart) got.getContent();
    assertThat(parts.getBodyPart(0).getContent().toString()).isEqualTo("See the attached file.");
    assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("data.bin");
    assertThat(bytes(parts.getBodyPart(1).getInputStream())).isEqualTo(attachment);
    assertThat(upstream.received()).hasSize(1);
  }

  @Test
  void addressOffTheList_isRefusedWithItsAddressAndTheConnectionEnds() {
    ApiClient.of(server).add("127.0.0.1");

    try (SmtpWire wire = SmtpWire.connect("127.0.0.2", server.smtp().port())) {
      wire.reply();
      wire.command("EHLO client.example");
      String refused = wire.command("AUTH PLAIN " + SmtpWire.plain(RunningServer.KEY));

      assertThat(refused).isEqualTo("550 5.7.1 Access from 127.0.0.2 is not allowed: the address"
          + " is not on this account's IP allow list");
      assertThat(wire.closedByServer()).isTrue();
    }
  }

  @Test
  void addressOffTheList_clientLibrarySeesTheRefusal() throws Exception {
    ApiClient.of(server).add("127.0.0.1");
    SmtpClient client = SmtpClient.to(server.smtp().port()).from("127.0.0.2");

    assertThatThrownBy(() -> client.send(client.message("hi", "body")))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("550 5.7.1 Access from 127.0.0.2 is not allowed");
    assertThat(upstream.received()).isEmpty();
  }

  @Test
  void activity_showsSmtpAttemptsAllowedAndRefused() throws Exception {
    ApiClient api = ApiClient.of(server);
    api.add("127.0.0.1");
    SmtpClient allowed = SmtpClient.to(server.smtp().port());
    allowed.send(allowed.message("allowed", "body"));
    SmtpClient refused = SmtpClient.to(server.smtp().port()).from("127.0.0.2");
    assertThatThrownBy(() -> refused.send(refused.message("refused", "body")))
        .isInstanceOf(MessagingException.class);

    List<String> rows = new ArrayList<>();
    for (JsonNode row : api.get("access_settings/activity").json().get("result")) {
      rows.add(row.get("ip").asText() + " " + row.get("auth_method").asText() + " "
          + row.get("allowed").asBoolean());
    }

    assertThat(rows).contains("127.0.0.1 SMTP true", "127.0.0.2 SMTP false");
  }

  @Test
  void wrongKey_gets535AndNoAccess() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", server.smtp().port())) {
      wire.reply();
      wire.command("EHLO client.example");

      assertThat(wire.command("AUTH PLAIN " + SmtpWire.plain("ipa_not_a_key")))
          .isEqualTo("535 5.7.8 Authentication credentials invalid: the API key is not valid");
      assertThat(wire.command("MAIL FROM:<a@example.com>")).startsWith("530 5.7.0");
    }
  }

  @Test
  void wrongUserName_gets535NamingTheExpectedOne() throws Exception {
    SmtpClient client = SmtpClient.to(server.smtp().port()).user("admin");

    assertThatThrownBy(() -> client.send(client.message("hi", "body")))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("535 5.7.8 Authentication credentials invalid: the user name must"
            + " be 'apikey'");
  }

  @Test
  void authLogin_isAcceptedToo() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", server.smtp().port())) {
      wire.reply();
      wire.command("EHLO client.example");

      assertThat(wire.command("AUTH LOGIN")).startsWith("334 ");
      assertThat(wire.command(base64("apikey"))).startsWith("334 ");
      assertThat(wire.command(base64(RunningServer.KEY))).startsWith("235 2.7.0");
    }
  }

  @Test
  void mailFromWithoutAuth_gets530() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", server.smtp().port())) {
      wire.reply();
      wire.command("EHLO client.example");

      assertThat(wire.command("MAIL FROM:<a@example.com>"))
          .isEqualTo("530 5.7.0  Authentication required");
    }
  }

  @Test
  void clientLibraryWithoutAuth_isRefusedWith530() throws Exception {
    SmtpClient client = SmtpClient.to(server.smtp().port()).noAuth();

    assertThatThrownBy(() -> client.send(client.message("hi", "body")))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("530 5.7.0");
    assertThat(upstream.received()).isEmpty();
  }

  @Test
  void unknownMechanism_gets504ListingTheOffered() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", server.smtp().port())) {
      wire.reply();
      wire.command("EHLO client.example");

      assertThat(wire.command("AUTH CRAM-MD5")).isEqualTo("504 5.5.4 AUTH mechanism 'CRAM-MD5'"
          + " is not offered: use PLAIN or LOGIN");
    }
  }

  static String base64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
  }

  private static byte[] bytes(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
