package io.ipaccess.allowlist;

import io.ipaccess.allowlist.HistoryEvent.Action;
import io.ipaccess.allowlist.InvalidEntriesException.EntryError;
import io.ipaccess.net.InvalidAddressException;
import io.ipaccess.net.IpAddress;
import io.ipaccess.net.IpRange;
import io.ipaccess.net.RangeMatcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Changes allow lists: the one place where entries are added and removed, whether the request
 * comes from the API, the console or the CLI, so that they all follow the same rules.
 *
 * <p>Every change is all-or-nothing. Entries are parsed before the transaction; the limit, the
 * duplicate check and the lockout guard are decided inside it, on the list as it is when the
 * account's lock is held, so two concurrent requests can never together break a rule. After the
 * commit the new list is compiled and installed on this node before the call returns.
 */
public final class AllowListService {

  /** The most entries one list may hold. */
  public static final int MAX_ENTRIES = 1000;

  private final AllowListStore store;
  private final AllowLists lists;
  private final Clock clock;

  public AllowListService(AllowListStore store, AllowLists lists, Clock clock) {
    this.store = store;
    this.lists = lists;
    this.clock = clock;
  }

  /** The list this node enforces for an account, loading it if the node has not yet. */
  public AllowList current(long accountId) {
    AllowList held = lists.forAccount(accountId);
    return held != null ? held : reload(accountId);
  }

  /** Reads an account's list from the store and installs it on this node. */
  public AllowList reload(long accountId) {
    install(accountId, store.load(accountId));
    return lists.forAccount(accountId);
  }

  /**
   * Adds entries. Entries already on the list come back as they are, with their ids.
   *
   * @return the entries the request named, in its order, without repeats
   * @throws InvalidEntriesException if any entry cannot be read
   * @throws ListFullException if the list would pass {@link #MAX_ENTRIES}
   * @throws OpenListException if the entries together would let every address in
   * @throws LockoutException if the list would not cover the caller's address
   */
  public List<AllowListEntry> add(long accountId, List<String> inputs, ChangeRequest request) {
    Set<IpRange> ranges = parseAll(inputs);
    long nowMs = clock.millis();

    return commit(accountId, tx -> {
      Map<IpRange, AllowListEntry> held = byRange(tx.entries());
      List<IpRange> fresh = ranges.stream().filter(r -> !held.containsKey(r)).toList();
      if (held.size() + fresh.size() > MAX_ENTRIES) {
        throw new ListFullException(MAX_ENTRIES, held.size(), fresh.size());
      }
      List<IpRange> after = new ArrayList<>(held.keySet());
      after.addAll(fresh);
      if (!fresh.isEmpty() && RangeMatcher.of(after).coversAWholeFamily()) {
        throw new OpenListException();
      }
      guardAgainstLockout(after, request);

      Map<IpRange, AllowListEntry> result = new LinkedHashMap<>();
      for (IpRange range : ranges) {
        AllowListEntry entry = held.get(range);
        result.put(range, entry != null ? entry : tx.insert(range, nowMs));
      }
      if (!fresh.isEmpty()) {
        tx.record(event(nowMs, Action.ENTRIES_ADDED, describe(fresh), request));
      }
      return List.copyOf(result.values());
    });
  }

  /**
   * Removes entries by id.
   *
   * @throws UnknownEntryException if any id is not on the list
   * @throws LockoutException if the list would stay on but not cover the caller's address
   */
  public void remove(long accountId, Collection<Long> entryIds, ChangeRequest request) {
    Set<Long> ids = new LinkedHashSet<>(entryIds);
    long nowMs = clock.millis();

    commit(accountId, tx -> {
      Map<Long, AllowListEntry> held = new HashMap<>();
      tx.entries().forEach(entry -> held.put(entry.id(), entry));
      List<Long> unknown = ids.stream().filter(id -> !held.containsKey(id)).toList();
      if (!unknown.isEmpty()) {
        throw new UnknownEntryException(unknown);
      }
      List<IpRange> after = held.values().stream()
          .filter(entry -> !ids.contains(entry.id()))
          .map(AllowListEntry::range)
          .toList();
      guardAgainstLockout(after, request);

      tx.delete(ids);
      List<IpRange> removed = ids.stream().map(id -> held.get(id).range()).toList();
      tx.record(event(nowMs, Action.ENTRIES_REMOVED, describe(removed), request));
      return null;
    });
  }

  /** Empties the list, which turns protection off. Always allowed. */
  public void disable(long accountId, ChangeRequest request) {
    long nowMs = clock.millis();
    commit(accountId, tx -> {
      List<AllowListEntry> held = tx.entries();
      tx.delete(held.stream().map(AllowListEntry::id).toList());
      String detail = held.isEmpty()
          ? "the list was already empty"
          : describe(held.stream().map(AllowListEntry::range).toList());
      tx.record(event(nowMs, Action.LIST_DISABLED, detail, request));
      return null;
    });
  }

  /**
   * Lets an operator restore a locked-out account: adds an address, recorded as a restore.
   * Duplicates and the lockout guard do not apply; the limit does.
   */
  public AllowListEntry restore(long accountId, String input, ChangeRequest request) {
    IpRange range = parseAll(List.of(input)).iterator().next();
    long nowMs = clock.millis();
    return commit(accountId, tx -> {
      Map<IpRange, AllowListEntry> held = byRange(tx.entries());
      AllowListEntry existing = held.get(range);
      if (existing != null) {
        return existing;
      }
      if (held.size() + 1 > MAX_ENTRIES) {
        throw new ListFullException(MAX_ENTRIES, held.size(), 1);
      }
      AllowListEntry entry = tx.insert(range, nowMs);
      tx.record(event(nowMs, Action.ACCESS_RESTORED, range.toString(), request));
      return entry;
    });
  }

  /** The account's list changes, the newest first, at most {@code limit} of them. */
  public List<HistoryEvent> history(long accountId, int limit) {
    return store.history(accountId, limit);
  }

  private <T> T commit(long accountId, AllowListStore.Change<T> change) {
    AllowListStore.Committed<T> committed = store.change(accountId, change);
    install(accountId, committed.list());
    return committed.value();
  }

  private void install(long accountId, AllowListStore.Snapshot snapshot) {
    lists.install(accountId, AllowList.of(snapshot.version(), snapshot.entries()));
  }

  private static Set<IpRange> parseAll(List<String> inputs) {
    Set<IpRange> ranges = new LinkedHashSet<>();
    List<EntryError> errors = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      try {
        ranges.add(IpRange.parseEntry(inputs.get(i)));
      } catch (InvalidAddressException e) {
        errors.add(new EntryError(i, e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidEntriesException(errors);
    }
    return ranges;
  }

  private static void guardAgainstLockout(List<IpRange> after, ChangeRequest request) {
    IpAddress caller = request.callerAddress();
    if (request.force() || caller == null || after.isEmpty()) {
      return;
    }
    if (after.stream().noneMatch(range -> range.contains(caller))) {
      throw new LockoutException(caller);
    }
  }

  private static Map<IpRange, AllowListEntry> byRange(List<AllowListEntry> entries) {
    Map<IpRange, AllowListEntry> byRange = new LinkedHashMap<>();
    entries.forEach(entry -> byRange.put(entry.range(), entry));
    return byRange;
  }

  private static HistoryEvent event(long nowMs, Action action, String detail,
      ChangeRequest request) {
    IpAddress caller = request.callerAddress();
    return new HistoryEvent(
        nowMs, action, detail, request.actor(), caller == null ? "" : caller.toString());
  }

  private static String describe(Collection<IpRange> ranges) {
    String all = ranges.stream().map(IpRange::toString).collect(Collectors.joining(", "));
    // The history column holds 2000 characters; a full list of 1000 entries would not fit.
    return all.length() <= 1990 ? all : all.substring(0, 1990) + " ...";
  }
}
