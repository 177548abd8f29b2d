package io.ipaccess.store;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can reach its store, as the last store operation that ran found it. The
 * watcher's poll and the change listener report here, so an outage shows within a poll interval
 * and a recovery as soon as either of them gets through again.
 */
public final class StoreHealth {

  private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);

  private final AtomicBoolean up = new AtomicBoolean(true);

  /** Whether the last operation that ran reached the store. */
  public boolean isUp() {
    return up.get();
  }

  /** Records that an operation reached the store. */
  public void reachable() {
    if (up.compareAndSet(false, true)) {
      LOG.info("event=store_reachable_again");
    }
  }

  /** Records that an operation could not reach the store; the first such report is logged. */
  public void unreachable(Throwable cause) {
    if (up.compareAndSet(true, false)) {
      LOG.warn("event=store_unreachable reason={}", StoreOutage.describe(cause));
    }
  }
}
