package io.ipaccess.allowlist;

import java.util.List;

/** A request named one or more entries that cannot be read; nothing of it was applied. */
public final class InvalidEntriesException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<EntryError> errors;

  public InvalidEntriesException(List<EntryError> errors) {
    super(errors.size() + " invalid entries, first: " + errors.get(0).message());
    this.errors = List.copyOf(errors);
  }

  public List<EntryError> errors() {
    return errors;
  }

  /**
   * Why one entry of a request was refused.
   *
   * @param index the entry's position in the request, from 0
   * @param message what is wrong and what is allowed, quoting the entry
   */
  public record EntryError(int index, String message) {}
}
