package io.ipaccess.allowlist;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled allow list of every known account on this node. Reads are lock-free; an update
 * replaces an account's list only with a newer version, so a slow reload can never undo a
 * faster one.
 */
public final class AllowLists {

  private final Map<Long, AllowList> byAccount = new ConcurrentHashMap<>();

  /** The account's list, or {@code null} for an account this node has never loaded. */
  public AllowList forAccount(long accountId) {
    return byAccount.get(accountId);
  }

  /** Installs a list unless the node already holds the same or a newer version. */
  public void install(long accountId, AllowList list) {
    byAccount.merge(
        accountId, list, (held, offered) -> offered.version() > held.version() ? offered : held);
  }

  /** The version held for an account, or -1 when it is unknown. */
  public long versionOf(long accountId) {
    AllowList list = byAccount.get(accountId);
    return list == null ? -1 : list.version();
  }
}
