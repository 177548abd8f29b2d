package io.ipaccess.net;

/**
 * Thrown when text is not an acceptable client address or allow-list entry.
 *
 * <p>The message always starts with the offending text in single quotes and then says what is
 * allowed, e.g. {@code '10.1.2' is not an IPv4 address: it needs four parts, e.g. 10.1.2.0}.
 * Characters outside printable ASCII are shown as {@code \}uXXXX escapes so that a look-alike
 * digit such as U+0661 is visible, and long input is cut to its first {@value #SHOWN_CHARS}
 * characters. Callers map this exception to a client error (HTTP 400), never to a 500.
 */
public class InvalidAddressException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** How much of the input a message repeats; enough to recognise it, not to flood a log. */
  static final int SHOWN_CHARS = 64;

  private final String input;

  /**
   * Creates the exception for {@code input}; the message is the quoted input, a space, then
   * {@code problem}, which should already pass any user text through {@link #shown(String)}.
   */
  public InvalidAddressException(String input, String problem) {
    super("'" + shown(input) + "' " + problem);
    this.input = input;
  }

  /** The text that was refused; for an entry, without the outer white space it may have had. */
  public String input() {
    return input;
  }

  /** {@code text} made safe for a message: escaped as in the class comment and capped. */
  static String shown(String text) {
    boolean capped = text.length() > SHOWN_CHARS;
    int shownLength = capped ? SHOWN_CHARS : text.length();
    StringBuilder out = new StringBuilder(shownLength + 8);
    for (int i = 0; i < shownLength; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return capped ? out.append("...").toString() : out.toString();
  }
}
