package io.ipaccess.allowlist;

/**
 * One change of an allow list, as the history shows it.
 *
 * @param atMs when, in epoch milliseconds
 * @param action what kind of change
 * @param detail the entries concerned, e.g. {@code 10.0.0.0/8, 192.0.2.7/32}
 * @param actor who made it
 * @param actorAddress the address they made it from, or an empty string for an operator
 */
public record HistoryEvent(long atMs, Action action, String detail, Actor actor,
    String actorAddress) {

  /** The kinds of change. */
  public enum Action {
    ENTRIES_ADDED,
    ENTRIES_REMOVED,
    LIST_DISABLED,
    ACCESS_RESTORED
  }
}
