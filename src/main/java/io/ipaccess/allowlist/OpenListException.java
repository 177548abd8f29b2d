package io.ipaccess.allowlist;

/**
 * A change would leave entries that together allow every IPv4 or every IPv6 address, such as
 * {@code 0.0.0.0/1} with {@code 128.0.0.0/1}: protection would look on while being off in effect.
 * Nothing of it was applied.
 */
public final class OpenListException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  OpenListException() {
    super("together, the entries would allow every IPv4 or every IPv6 address, which turns"
        + " protection off in effect: to open access, empty the list instead");
  }
}
