package io.ipaccess.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.net.IpRange;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.RunningServer;
import io.ipaccess.testing.SmtpWire;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PROXY-protocol port: a trusted balancer (127.0.0.1 here) names the client, anyone else is
 * cut off, and a header anywhere but the first bytes of that port ends the connection.
 */
class SmtpProxyProtocolTest {

  private RunningServer server;
  private int proxyPort;

  @BeforeEach
  void start() {
    server = RunningServer.startWithSmtp(SmtpConfig.builder().port(0).proxyProtocolPort(0)
        .trustedProxies(List.of(IpRange.parseEntry("127.0.0.1"))).build());
    proxyPort = server.smtp().proxyProtocolPort().orElseThrow();
    ApiClient.of(server).add("127.0.0.1", "192.0.2.0/24");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void trustedBalancer_v1Header_clientIsJudgedByTheHeader() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", proxyPort)) {
      wire.send("PROXY TCP4 127.0.0.2 127.0.0.1 40000 2525");

      assertThat(wire.reply()).startsWith("220 ");
      wire.command("EHLO lb.example");
      assertThat(wire.command("AUTH PLAIN " + SmtpWire.plain(RunningServer.KEY)))
          .isEqualTo("550 5.7.1 Access from 127.0.0.2 is not allowed: the address is not on"
              + " this account's IP allow list");
      assertThat(wire.closedByServer()).isTrue();
    }
  }

  @Test
  void trustedBalancer_v2Header_allowedClientGetsIn() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", proxyPort)) {
      wire.write(HexFormat.of().parseHex("0D0A0D0A000D0A515549540A" + "2111000C"
          + "7F000001" + "7F000001" + "9C40" + "09DD"));

      assertThat(wire.reply()).startsWith("220 ");
      wire.command("EHLO lb.example");
      assertThat(wire.command("AUTH PLAIN " + SmtpWire.plain(RunningServer.KEY)))
          .startsWith("235 ");
    }
  }

  @Test
  void untrustedPeer_sameHeader_connectionEndsWithoutGreeting() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.2", proxyPort)) {
      wire.send("PROXY TCP4 127.0.0.1 127.0.0.1 40000 2525");

      String reply = wire.reply();
      assertThat(reply == null || reply.startsWith("554 ")).as("reply %s", reply).isTrue();
      assertThat(wire.closedByServer()).isTrue();
    }
  }

  @Test
  void trustedPeer_withoutHeader_connectionEnds() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", proxyPort)) {
      wire.send("EHLO client.example");

      assertThat(wire.reply()).isEqualTo("554 5.5.2 the connection does not start with a PROXY"
          + " header (v1 or v2)");
      assertThat(wire.closedByServer()).isTrue();
    }
  }

  @Test
  void trustedPeer_malformedHeader_connectionEnds() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", proxyPort)) {
      wire.send("PROXY TCP4 127.0.0.256 127.0.0.1 40000 2525");

      assertThat(wire.reply()).startsWith("554 5.5.2 the PROXY header's address is not valid");
      assertThat(wire.closedByServer()).isTrue();
    }
  }

  @Test
  void secondHeader_endsTheConnection() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", proxyPort)) {
      wire.send("PROXY TCP4 127.0.0.1 127.0.0.1 40000 2525");
      wire.reply();

      assertThat(wire.command("PROXY TCP4 192.0.2.1 127.0.0.1 40000 2525"))
          .startsWith("554 5.7.1 A PROXY header is accepted only");
      assertThat(wire.closedByServer()).isTrue();
    }
  }

  @Test
  void headerOnThePlainPort_endsTheConnection() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", server.smtp().port())) {
      wire.reply();

      assertThat(wire.command("PROXY TCP4 192.0.2.1 127.0.0.1 40000 2525")).startsWith("554 ");
      assertThat(wire.closedByServer()).isTrue();
    }
  }

  @Test
  void nonLoopbackClient_withoutTls_isNotOfferedAuth_andAuthGets538() {
    try (SmtpWire wire = SmtpWire.connect("127.0.0.1", proxyPort)) {
      wire.write("PROXY TCP4 192.0.2.10 127.0.0.1 40000 2525\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      wire.reply();

      assertThat(wire.command("EHLO far.example")).doesNotContain("AUTH");
      assertThat(wire.command("AUTH PLAIN " + SmtpWire.plain(RunningServer.KEY)))
          .isEqualTo("538 5.7.11 Encryption required: this relay has no TLS certificate, so"
              + " AUTH over plain text is accepted only from loopback clients");
    }
  }
}
