package io.ipaccess.allowlist;

/** A change would take the list past its limit; nothing of it was applied. */
public final class ListFullException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ListFullException(int limit, int held, int adding) {
    super(String.format(
        "an allow list holds at most %d entries: it has %d, so %d more fit, and this request"
            + " adds %d new %s",
        limit, held, limit - held, adding, adding == 1 ? "one" : "ones"));
  }
}
