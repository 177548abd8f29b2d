package io.ipaccess.allowlist;

import io.ipaccess.net.IpAddress;
import io.ipaccess.net.RangeMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One account's allow list at one version, compiled for lookups. Immutable: a change builds a new
 * one and {@link AllowLists} swaps it in, so a request never sees a half-applied change and never
 * takes a lock.
 */
public final class AllowList {

  /** The list of an account that has no entries: protection is off. */
  public static final AllowList EMPTY = new AllowList(0, List.of());

  private final long version;
  private final List<AllowListEntry> entries;
  private final RangeMatcher matcher;

  private AllowList(long version, List<AllowListEntry> entries) {
    this.version = version;
    this.entries = List.copyOf(entries);
    List<io.ipaccess.net.IpRange> ranges = new ArrayList<>(entries.size());
    for (AllowListEntry entry : entries) {
      ranges.add(entry.range());
    }
    this.matcher = RangeMatcher.of(ranges);
  }

  /** Compiles the entries of an account at a list version. */
  public static AllowList of(long version, List<AllowListEntry> entries) {
    return new AllowList(version, entries);
  }

  public long version() {
    return version;
  }

  public List<AllowListEntry> entries() {
    return entries;
  }

  /** Whether protection is on: the list has at least one entry. */
  public boolean isEnabled() {
    return !entries.isEmpty();
  }

  /** Whether some entry covers the address; an empty list covers nothing. */
  public boolean covers(IpAddress address) {
    return matcher.matches(address);
  }

  /** Whether the address may pass: the list is empty (access is open) or covers it. */
  public boolean admits(IpAddress address) {
    return entries.isEmpty() || matcher.matches(address);
  }

  /** The most specific entry that covers the address, for explaining a decision. */
  public Optional<AllowListEntry> coveringEntry(IpAddress address) {
    AllowListEntry best = null;
    for (AllowListEntry entry : entries) {
      if (entry.range().contains(address)
          && (best == null || entry.range().prefixLength() > best.range().prefixLength())) {
        best = entry;
      }
    }
    return Optional.ofNullable(best);
  }
}
