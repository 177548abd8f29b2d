package io.ipaccess.allowlist;

import io.ipaccess.net.IpRange;
import java.util.Collection;
import java.util.List;

/** Where allow lists are kept. Implemented by the store package. */
public interface AllowListStore {

  /** An account's entries at the version they were read at, oldest first. */
  Snapshot load(long accountId);

  /**
   * Runs a change in one transaction that holds the account's lock, so that concurrent changes of
   * the same list run one after the other. A change that throws leaves the list as it was.
   */
  <T> Committed<T> change(long accountId, Change<T> change);

  /** An account's list changes, the newest first. */
  List<HistoryEvent> history(long accountId, int limit);

  /** A list as read: its version and entries. */
  record Snapshot(long version, List<AllowListEntry> entries) {}

  /** What a committed change returned, and the list it left. */
  record Committed<T>(T value, Snapshot list) {}

  /** A change of one list. */
  @FunctionalInterface
  interface Change<T> {
    T apply(Transaction transaction);
  }

  /** The operations a change may make, all inside its transaction. */
  interface Transaction {

    List<AllowListEntry> entries();

    AllowListEntry insert(IpRange range, long nowMs);

    void delete(Collection<Long> entryIds);

    void record(HistoryEvent event);
  }
}
