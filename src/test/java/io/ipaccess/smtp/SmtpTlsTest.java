package io.ipaccess.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipaccess.testing.RunningServer;
import io.ipaccess.testing.SmtpClient;
import io.ipaccess.testing.SmtpWire;
import io.ipaccess.testing.TestCertificate;
import jakarta.mail.MessagingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a certificate: STARTTLS and implicit TLS, and AUTH only over TLS. */
class SmtpTlsTest {

  @TempDir Path certDir;
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    TestCertificate cert = TestCertificate.create(certDir);
    server = RunningServer.startWithSmtp(SmtpConfig.builder().port(0).implicitTlsPort(0)
        .tls(new SmtpConfig.TlsFiles(cert.certificate(), cert.privateKey())).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void startTls_thenAuth_deliversToTheOutbox() throws Exception {
    SmtpClient client = SmtpClient.to(server.smtp().port()).startTls();

    client.send(client.message("over starttls", "secret body"));

    assertThat(outbox()).singleElement().satisfies(file ->
        assertThat(Files.readString(file)).contains("Subject: over starttls")
            .contains("secret body").contains("with ESMTPSA"));
  }

  @Test
  void implicitTlsPort_takesAuthAndMail() throws Exception {
    SmtpClient client = SmtpClient.implicitTls(server.smtp().implicitTlsPort().orElseThrow());

    client.send(client.message("over implicit tls", "body"));

    assertThat(outbox()).hasSize(1);
  }

  @Test
  void plainTextAuth_isRefusedWhenACertificateIsConfigured_evenFromLoopback() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", server.smtp().port())) {
      wire.reply();
      String ehlo = wire.command("EHLO client.example");

      assertThat(ehlo).contains("250-STARTTLS").doesNotContain("AUTH");
      assertThat(wire.command("AUTH PLAIN " + SmtpWire.plain(RunningServer.KEY)))
          .isEqualTo("538 5.7.11 Encryption required: send STARTTLS (or use the implicit TLS"
              + " port) before AUTH");
    }
  }

  @Test
  void clientThatSkipsStartTls_cannotAuthenticate() throws Exception {
    SmtpClient client = SmtpClient.to(server.smtp().port());

    assertThatThrownBy(() -> client.send(client.message("no tls", "body")))
        .isInstanceOf(MessagingException.class);
    assertThat(outbox()).isEmpty();
  }

  private List<Path> outbox() throws Exception {
    try (Stream<Path> files = Files.list(server.smtp().outbox())) {
      return files.toList();
    }
  }
}
