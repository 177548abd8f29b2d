package io.ipaccess.http;

import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code for=} node of each element of an RFC 7239 {@code Forwarded} header line, e.g.
 * {@code for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711"}.
 *
 * <p>The grammar is followed strictly: elements are separated by commas, pairs by semicolons, a
 * value is a token or a quoted string, and a parameter may appear once per element. A line that
 * breaks it cannot be split into elements reliably, so it is refused as a whole. An element
 * without {@code for=} yields {@code null}, which the caller refuses only if it decides.
 */
final class ForwardedHeader {

  private final String line;
  private int at;

  private ForwardedHeader(String line) {
    this.line = line;
  }

  /** Appends the {@code for=} value of each element of {@code line}, unquoted, to {@code out}. */
  static void forValues(String line, List<String> out) {
    new ForwardedHeader(line).readElements(out);
  }

  private void readElements(List<String> out) {
    while (true) {
      out.add(readElement());
      skipSpaces();
      if (at == line.length()) {
        return;
      }
      expect(',');
    }
  }

  private String readElement() {
    String forValue = null;
    boolean seenFor = false;
    while (true) {
      skipSpaces();
      if (at < line.length() && line.charAt(at) != ',' && line.charAt(at) != ';') {
        String name = readToken("a parameter name").toLowerCase(Locale.ROOT);
        expect('=');
        String value = readValue();
        if (name.equals("for")) {
          if (seenFor) {
            throw unreadable("has two for= parameters in one element");
          }
          seenFor = true;
          forValue = value;
        }
      }
      skipSpaces();
      if (at == line.length() || line.charAt(at) == ',') {
        return forValue;
      }
      expect(';');
    }
  }

  private String readValue() {
    if (at < line.length() && line.charAt(at) == '"') {
      return readQuoted();
    }
    return readToken("a value");
  }

  private String readQuoted() {
    StringBuilder value = new StringBuilder();
    at++;
    while (at < line.length()) {
      char c = line.charAt(at++);
      if (c == '"') {
        return value.toString();
      }
      if (c == '\\' && at < line.length()) {
        c = line.charAt(at++);
      }
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw unreadable("has a control character in a quoted value");
      }
      value.append(c);
    }
    throw unreadable("has a quoted value without its closing '\"'");
  }

  private String readToken(String what) {
    int start = at;
    while (at < line.length() && isTokenChar(line.charAt(at))) {
      at++;
    }
    if (start == at) {
      throw unreadable(at < line.length()
          ? "has '" + line.charAt(at) + "' where " + what + " should be"
          : "ends where " + what + " should be");
    }
    return line.substring(start, at);
  }

  private void expect(char wanted) {
    if (at < line.length() && line.charAt(at) == wanted) {
      at++;
      return;
    }
    throw unreadable(at < line.length()
        ? "has '" + line.charAt(at) + "' where '" + wanted + "' should be"
        : "ends where '" + wanted + "' should be");
  }

  private void skipSpaces() {
    while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
      at++;
    }
  }

  private UnreadableClientAddressException unreadable(String problem) {
    return new UnreadableClientAddressException("the client address cannot be read from the"
        + " Forwarded header '" + shown(line) + "': it " + problem);
  }

  /** The RFC 7230 token characters. */
  private static boolean isTokenChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  static String shown(String text) {
    StringBuilder out = new StringBuilder();
    int shownChars = Math.min(text.length(), 100);
    for (int i = 0; i < shownChars; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return text.length() > shownChars ? out + "..." : out.toString();
  }
}
