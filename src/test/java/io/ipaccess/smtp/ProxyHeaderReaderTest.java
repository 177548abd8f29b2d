package io.ipaccess.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipaccess.net.IpAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** PROXY protocol v1 and v2 headers: what is read, and the malformed ones that are refused. */
class ProxyHeaderReaderTest {

  private static final String V2_SIGNATURE = "0D0A0D0A000D0A515549540A";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PROXY TCP4 192.0.2.10 198.51.100.1 56324 2525 | 192.0.2.10",
      "PROXY TCP6 2001:db8::7 2001:db8::1 56324 2525 | 2001:db8::7",
      // A balancer on a dual-stack socket may report an IPv4 client as mapped IPv6.
      "PROXY TCP6 ::ffff:192.0.2.10 ::1 1 2 | 192.0.2.10",
      "PROXY TCP4 0.0.0.0 255.255.255.255 0 65535 | 0.0.0.0",
  })
  void v1_validHeader_namesTheSource(String line, String source) throws Exception {
    assertThat(read(line + "\r\n").source()).contains(IpAddress.parse(source));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "PROXY TCP4 192.0.2.10 198.51.100.1 56324\r\n", // a field missing
      "PROXY TCP4 192.0.2.10 198.51.100.1 56324 2525 extra\r\n",
      "PROXY  TCP4 192.0.2.10 198.51.100.1 1 2\r\n", // two spaces
      "PROXY TCP4 192.0.2.10 198.51.100.1 1 2\n", // bare LF
      "PROXY TCP4 192.0.2.10 198.51.100.1 1 2", // no line end at all
      "PROXY tcp4 192.0.2.10 198.51.100.1 1 2\r\n", // the protocol is upper case
      "PROXY UDP4 192.0.2.10 198.51.100.1 1 2\r\n",
      "PROXY UNKNOWN\r\n", // names no client: refused rather than judged by the balancer
      "PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n",
      "PROXY TCP4 2001:db8::1 198.51.100.1 1 2\r\n", // family and text disagree
      "PROXY TCP6 192.0.2.10 2001:db8::1 1 2\r\n",
      "PROXY TCP4 ::ffff:192.0.2.10 198.51.100.1 1 2\r\n", // TCP4 takes a dotted quad only
      "PROXY TCP6 fe80::1%eth0 2001:db8::1 1 2\r\n", // a zone means nothing on another host
      "PROXY TCP4 192.0.2.010 198.51.100.1 1 2\r\n", // leading zero: octal to some parsers
      "PROXY TCP4 192.0.2 198.51.100.1 1 2\r\n",
      "PROXY TCP4 192.0.2.10 198.51.100.1 65536 2\r\n",
      "PROXY TCP4 192.0.2.10 198.51.100.1 01 2\r\n",
      "PROXY TCP4 192.0.2.10 198.51.100.1 -1 2\r\n",
      "PROXY TCP4 192.0.2.10 198.51.100.1 1 2\u0000\r\n",
      "PROXX TCP4 192.0.2.10 198.51.100.1 1 2\r\n",
      "EHLO client.example\r\n", // plain SMTP where a header must come first
      "",
  })
  void v1_malformedHeader_isRefused(String header) {
    assertThatThrownBy(() -> read(header)).isInstanceOf(ProxyHeaderException.class);
  }

  @Test
  void v1_longerThanTheSpecificationAllows_isRefused() {
    String line = "PROXY TCP6 " + "2001:db8::1".repeat(9) + " ::1 1 2\r\n";

    assertThatThrownBy(() -> read(line)).isInstanceOf(ProxyHeaderException.class)
        .hasMessage("the PROXY v1 header is longer than 107 bytes");
  }

  @Test
  void v1_errorMessage_quotesTheHeader() {
    assertThatThrownBy(() -> read("PROXY TCP4 192.0.2.10 198.51.100.1 1\r\n"))
        .hasMessage("'PROXY TCP4 192.0.2.10 198.51.100.1 1' is not a PROXY v1 header: expected"
            + " 'PROXY TCP4|TCP6 source destination source-port destination-port' separated by"
            + " single spaces");
  }

  @Test
  void v1_leavesTheSmtpThatFollowsInTheStream() throws Exception {
    InputStream in = stream("PROXY TCP4 192.0.2.10 198.51.100.1 1 2\r\nEHLO x\r\n"
        .getBytes(StandardCharsets.US_ASCII));

    ProxyHeaderReader.read(in);

    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("EHLO x\r\n");
  }

  @Test
  void v2_tcp4_namesTheSource_andSkipsTlvs() throws Exception {
    byte[] header = v2("21", "11", "C000020A" + "C6336401" + "DC04" + "09DD" + "0300040000ABCD");

    assertThat(ProxyHeaderReader.read(stream(header)).source())
        .contains(IpAddress.parse("192.0.2.10"));
  }

  @Test
  void v2_tcp6_namesTheSource() throws Exception {
    byte[] header = v2("21", "21", "20010DB8000000000000000000000007"
        + "20010DB8000000000000000000000001" + "DC04" + "09DD");

    assertThat(ProxyHeaderReader.read(stream(header)).source())
        .contains(IpAddress.parse("2001:db8::7"));
  }

  @Test
  void v2_tcp6_mappedIpv4Source_isJudgedAsIpv4() throws Exception {
    byte[] header = v2("21", "21", "00000000000000000000FFFFC000020A"
        + "00000000000000000000000000000001" + "0001" + "0002");

    assertThat(ProxyHeaderReader.read(stream(header)).source())
        .contains(IpAddress.parse("192.0.2.10"));
  }

  @Test
  void v2_local_meansTheBalancersOwnConnection() throws Exception {
    assertThat(ProxyHeaderReader.read(stream(v2("20", "00", ""))).source())
        .isEqualTo(Optional.empty());
  }

  @Test
  void v2_readsExactlyTheHeader() throws Exception {
    byte[] header = v2("21", "11", "C000020AC633640100010002");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(header);
    bytes.write("EHLO x\r\n".getBytes(StandardCharsets.US_ASCII));
    InputStream in = stream(bytes.toByteArray());

    ProxyHeaderReader.read(in);

    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("EHLO x\r\n");
  }

  @ParameterizedTest
  @CsvSource({
      // version/command, family, payload (hex)
      "11, 11, C000020AC633640100010002", // version 1 in the binary form
      "22, 11, C000020AC633640100010002", // command 2 does not exist
      "21, 12, C000020AC633640100010002", // UDP: not a TCP client
      "21, 31, ''", // UNIX socket: no address to check
      "21, 00, ''", // PROXY with UNSPEC family: no client named
      "21, 11, C000020AC6336401", // too short for two IPv4 addresses and ports
      "21, 21, C000020AC633640100010002", // too short for IPv6
  })
  void v2_malformedHeader_isRefused(String versionCommand, String family, String payload) {
    assertThatThrownBy(() -> ProxyHeaderReader.read(stream(v2(versionCommand, family, payload))))
        .isInstanceOf(ProxyHeaderException.class);
  }

  @Test
  void v2_wrongSignature_isRefused() {
    byte[] header = v2("21", "11", "C000020AC633640100010002");
    header[7] = 'X';

    assertThatThrownBy(() -> ProxyHeaderReader.read(stream(header)))
        .isInstanceOf(ProxyHeaderException.class)
        .hasMessageContaining("the v2 signature does not match");
  }

  @Test
  void v2_truncatedPayload_isRefused() {
    byte[] full = v2("21", "11", "C000020AC633640100010002");
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);

    assertThatThrownBy(() -> ProxyHeaderReader.read(stream(cut)))
        .hasMessage("the connection closed inside the PROXY v2 payload");
  }

  @Test
  void v2_declaredPayloadOverTheLimit_isRefusedBeforeReadingIt() {
    byte[] header = HexFormat.of().parseHex(V2_SIGNATURE + "2111" + "FFFF");

    assertThatThrownBy(() -> ProxyHeaderReader.read(stream(header)))
        .hasMessage("PROXY v2 payload of 65535 bytes: at most 4096 are accepted");
  }

  private static byte[] v2(String versionCommand, String family, String payloadHex) {
    byte[] payload = HexFormat.of().parseHex(payloadHex);
    String length = String.format("%04X", payload.length);
    return HexFormat.of().parseHex(V2_SIGNATURE + versionCommand + family + length
        + payloadHex);
  }

  private static ProxyHeader read(String text) throws Exception {
    return ProxyHeaderReader.read(stream(text.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private static InputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }
}
