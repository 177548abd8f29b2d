package io.ipaccess.smtp;

import io.ipaccess.net.InvalidAddressException;
import io.ipaccess.net.IpAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one PROXY protocol header (version 1 text or version 2 binary, as HAProxy's
 * proxy-protocol.txt defines them) from the start of a connection, and nothing after it: the
 * SMTP conversation that follows stays in the stream.
 *
 * <p>Strict, because the address it yields decides access: anything but a complete, well-formed
 * TCP over IPv4 or IPv6 header (or a v2 {@code LOCAL}) is refused with a reason, never guessed
 * at. In particular v1 {@code UNKNOWN} and v2 UDP or UNIX sockets are refused: they name no
 * client address that a list could be checked against. Examples of accepted headers:
 *
 * <pre>
 * PROXY TCP4 192.0.2.10 198.51.100.1 56324 2525\r\n
 * PROXY TCP6 2001:db8::7 2001:db8::1 56324 2525\r\n
 * \r\n\r\n\0\r\nQUIT\n + 0x21 0x11 0x00 0x0C + 12 address bytes   (v2, TCP over IPv4)
 * </pre>
 */
final class ProxyHeaderReader {

  /** The longest v1 line the specification allows, CRLF included. */
  static final int V1_MAX_LENGTH = 107;
  /** TLVs after the addresses are allowed and skipped, but not without bound. */
  static final int V2_MAX_PAYLOAD = 4096;

  private static final byte[] V2_SIGNATURE = {
      0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
  private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);

  private ProxyHeaderReader() {}

  /**
   * Reads the header at the start of {@code in}.
   *
   * @throws ProxyHeaderException if the connection does not start with a valid header
   * @throws IOException if reading fails or times out
   */
  static ProxyHeader read(InputStream in) throws IOException, ProxyHeaderException {
    int first = in.read();
    if (first == 'P') {
      return readV1(in);
    }
    if (first == 0x0D) {
      return readV2(in);
    }
    throw new ProxyHeaderException(first < 0
        ? "the connection closed before a PROXY header"
        : "the connection does not start with a PROXY header (v1 or v2)");
  }

  private static ProxyHeader readV1(InputStream in) throws IOException, ProxyHeaderException {
    byte[] line = new byte[V1_MAX_LENGTH];
    line[0] = 'P';
    int length = 1;
    while (true) {
      int next = in.read();
      if (next < 0) {
        throw new ProxyHeaderException("the PROXY v1 header ends before its CRLF");
      }
      if (length == V1_MAX_LENGTH) {
        throw new ProxyHeaderException("the PROXY v1 header is longer than 107 bytes");
      }
      line[length++] = (byte) next;
      if (next == '\n') {
        break;
      }
    }
    if (length < 2 || line[length - 2] != '\r') {
      throw new ProxyHeaderException("the PROXY v1 header must end with CRLF, not a bare LF");
    }
    for (int i = 0; i < V1_PREFIX.length; i++) {
      if (line[i] != V1_PREFIX[i]) {
        throw new ProxyHeaderException("a PROXY v1 header starts with 'PROXY '");
      }
    }
    for (int i = 0; i < length - 2; i++) {
      if (line[i] < 0x20 || line[i] > 0x7E) {
        throw new ProxyHeaderException("the PROXY v1 header holds a byte that is not printable"
            + " ASCII");
      }
    }
    return parseV1(new String(line, 0, length - 2, StandardCharsets.US_ASCII));
  }

  /** Parses a v1 line without its CRLF, e.g. {@code PROXY TCP4 192.0.2.1 192.0.2.2 1 2}. */
  static ProxyHeader parseV1(String text) throws ProxyHeaderException {
    String[] fields = text.split(" ", -1);
    if (fields.length >= 2 && fields[1].equals("UNKNOWN")) {
      throw new ProxyHeaderException("'" + text + "' names no client (UNKNOWN): a client that"
          + " cannot be checked against a list is refused");
    }
    if (fields.length != 6) {
      throw new ProxyHeaderException("'" + text + "' is not a PROXY v1 header: expected"
          + " 'PROXY TCP4|TCP6 source destination source-port destination-port' separated by"
          + " single spaces");
    }
    boolean v6;
    if (fields[1].equals("TCP4")) {
      v6 = false;
    } else if (fields[1].equals("TCP6")) {
      v6 = true;
    } else {
      throw new ProxyHeaderException("'" + fields[1] + "' is not a PROXY v1 protocol: expected"
          + " TCP4 or TCP6");
    }
    IpAddress source = v1Address(fields[2], v6);
    v1Address(fields[3], v6);
    v1Port(fields[4]);
    v1Port(fields[5]);
    return ProxyHeader.forwarded(source);
  }

  private static IpAddress v1Address(String text, boolean v6) throws ProxyHeaderException {
    // IpAddress.parse would accept an IPv6 zone and an IPv4-mapped address under TCP4; the
    // header's family must agree with the text, and a zone has no meaning across hosts.
    boolean looksV6 = text.indexOf(':') >= 0;
    if (looksV6 != v6 || text.indexOf('%') >= 0) {
      throw new ProxyHeaderException("'" + text + "' is not an " + (v6 ? "IPv6" : "IPv4")
          + " address as the PROXY header's " + (v6 ? "TCP6" : "TCP4") + " requires");
    }
    try {
      return IpAddress.parse(text);
    } catch (InvalidAddressException e) {
      throw new ProxyHeaderException("the PROXY header's address is not valid: " + e.getMessage());
    }
  }

  private static void v1Port(String text) throws ProxyHeaderException {
    boolean digits = !text.isEmpty() && text.length() <= 5 && text.chars().allMatch(
        c -> c >= '0' && c <= '9');
    if (!digits || (text.length() > 1 && text.charAt(0) == '0')
        || Integer.parseInt(text) > 65535) {
      throw new ProxyHeaderException("'" + text + "' is not a port: expected 0 to 65535 without"
          + " leading zeros");
    }
  }

  private static ProxyHeader readV2(InputStream in) throws IOException, ProxyHeaderException {
    byte[] header = new byte[16];
    header[0] = 0x0D;
    readFully(in, header, 1, 15, "header");
    for (int i = 0; i < V2_SIGNATURE.length; i++) {
      if (header[i] != V2_SIGNATURE[i]) {
        throw new ProxyHeaderException("the connection does not start with a PROXY header:"
            + " the v2 signature does not match");
      }
    }
    int versionCommand = header[12] & 0xFF;
    int family = header[13] & 0xFF;
    int payloadLength = ((header[14] & 0xFF) << 8) | (header[15] & 0xFF);
    if (versionCommand >> 4 != 2) {
      throw new ProxyHeaderException("PROXY v2 header with version " + (versionCommand >> 4)
          + ": only version 2 exists");
    }
    if (payloadLength > V2_MAX_PAYLOAD) {
      throw new ProxyHeaderException("PROXY v2 payload of " + payloadLength + " bytes: at most "
          + V2_MAX_PAYLOAD + " are accepted");
    }
    byte[] payload = new byte[payloadLength];
    readFully(in, payload, 0, payloadLength, "payload");

    int command = versionCommand & 0x0F;
    if (command == 0) {
      // LOCAL: the balancer's own connection; the payload carries nothing to believe.
      return ProxyHeader.local();
    }
    if (command != 1) {
      throw new ProxyHeaderException("PROXY v2 command " + command + ": expected 0 (LOCAL) or"
          + " 1 (PROXY)");
    }
    return switch (family) {
      case 0x11 -> ProxyHeader.forwarded(v2Address(payload, 4));
      case 0x21 -> ProxyHeader.forwarded(v2Address(payload, 16));
      default -> throw new ProxyHeaderException(String.format("PROXY v2 family/transport 0x%02X:"
          + " only TCP over IPv4 (0x11) or IPv6 (0x21) names a client that can be checked",
          family));
    };
  }

  private static IpAddress v2Address(byte[] payload, int addressBytes)
      throws ProxyHeaderException {
    int needed = 2 * addressBytes + 4;
    if (payload.length < needed) {
      throw new ProxyHeaderException("PROXY v2 payload of " + payload.length + " bytes is too"
          + " short for its addresses: needs " + needed);
    }
    return ClientAddresses.fromBytes(Arrays.copyOf(payload, addressBytes));
  }

  private static void readFully(InputStream in, byte[] into, int offset, int length, String part)
      throws IOException, ProxyHeaderException {
    int read = in.readNBytes(into, offset, length);
    if (read < length) {
      throw new ProxyHeaderException("the connection closed inside the PROXY v2 " + part);
    }
  }
}
