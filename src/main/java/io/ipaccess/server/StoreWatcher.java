package io.ipaccess.server;

import io.ipaccess.account.AccountStore;
import io.ipaccess.account.KeyRing;
import io.ipaccess.allowlist.AllowListService;
import io.ipaccess.allowlist.AllowLists;
import io.ipaccess.store.ChangeListener;
import io.ipaccess.store.StoreHealth;
import io.ipaccess.store.StoreOutage;
import io.ipaccess.store.StoreVersion;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's lists and keys in step with the store, for changes made elsewhere: by the CLI
 * on the same data directory, or by another node. It polls the store's global version, a one-row
 * read, and reloads only the lists whose version moved.
 *
 * <p>Lists are reloaded before keys, so that a newly accepted key's account always has its list.
 *
 * <p>On PostgreSQL a {@link ChangeListener} reports each commit of another node at once: a changed
 * list is reloaded alone, anything else brings a full refresh. The poll is the fallback for a
 * notification that was missed. Both run
 * on the one poller thread, so refreshes never overlap. While the store cannot be reached the
 * node keeps what it last loaded: enforcement goes on with the last known lists.
 */
final class StoreWatcher implements ChangeListener.Changes, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreWatcher.class);

  private final StoreVersion versions;
  private final AllowListService service;
  private final AllowLists lists;
  private final AccountStore accounts;
  private final KeyRing keys;
  private final StoreHealth health;
  private final ScheduledExecutorService poller;
  private final AtomicBoolean refreshPending = new AtomicBoolean();
  private final Set<Long> listsToReload = ConcurrentHashMap.newKeySet();
  private long seenVersion = -1;
  private boolean failing;

  StoreWatcher(StoreVersion versions, AllowListService service, AllowLists lists,
      AccountStore accounts, KeyRing keys, StoreHealth health) {
    this.versions = versions;
    this.service = service;
    this.lists = lists;
    this.accounts = accounts;
    this.keys = keys;
    this.health = health;
    this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "store-watcher");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Loads everything now, then keeps polling. */
  void start(long pollIntervalMs) {
    refresh();
    poller.scheduleWithFixedDelay(
        this::refreshQuietly, pollIntervalMs, pollIntervalMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void listsChanged(Set<Long> accountIds) {
    listsToReload.addAll(accountIds);
    submit(this::reloadChangedLists);
  }

  @Override
  public void anythingChanged() {
    refreshSoon();
  }

  /**
   * Asks for a refresh on the poller thread as soon as it is free. Calls that arrive while one is
   * waiting fold into it; one that arrives while a refresh runs causes another, so that a change
   * committed during a refresh is never missed.
   */
  void refreshSoon() {
    if (refreshPending.compareAndSet(false, true)) {
      submit(() -> {
        refreshPending.set(false);
        refreshQuietly();
      });
    }
  }

  private void submit(Runnable task) {
    try {
      poller.execute(task);
    } catch (RejectedExecutionException e) {
      // Closing: nothing more to load.
      refreshPending.set(false);
    }
  }

  // A list that fails to load here is not lost: its version is newer than the one held, so the
  // next full refresh (by poll, or after the listener reconnects) loads it.
  private void reloadChangedLists() {
    Iterator<Long> pending = listsToReload.iterator();
    while (pending.hasNext()) {
      long accountId = pending.next();
      pending.remove();
      try {
        service.reload(accountId);
        health.reachable();
      } catch (RuntimeException e) {
        if (StoreOutage.isOutage(e)) {
          health.unreachable(e);
        }
        LOG.warn("event=list_reload_failed account={} reason={}", accountId, e.toString());
        refreshSoon();
        return;
      }
    }
  }

  /** Brings lists and keys up to date with the store, if it changed since the last look. */
  synchronized void refresh() {
    long version = versions.current();
    if (version == seenVersion) {
      return;
    }
    for (Map.Entry<Long, Long> account : versions.listVersions().entrySet()) {
      if (account.getValue() > lists.versionOf(account.getKey())) {
        service.reload(account.getKey());
      }
    }
    keys.replace(accounts.accountsByKeyHash());
    seenVersion = version;
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      // A refresh in flight finishes (or fails) before the store it reads is closed under it.
      poller.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
      health.reachable();
      if (failing) {
        LOG.info("event=store_poll_recovered");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (StoreOutage.isOutage(e)) {
        health.unreachable(e);
      }
      if (!failing) {
        LOG.warn("event=store_poll_failed reason={}", e.toString());
        failing = true;
      }
    }
  }
}
