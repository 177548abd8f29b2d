package io.ipaccess.store;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can reach its store, as the last store operation that ran found it. The
 * watcher's poll and the change listener report here, so an outage shows within a poll interval
 * and a recovery as soon as either of them gets through again.
 */
public final class StoreHealth {

  private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);

  /**
   * What a node knows about its store.
   *
   * @param up whether the last operation reached it
   * @param problem why it was not reached, or empty when up
   */
  public record State(boolean up, String problem) {}

  private final AtomicReference<State> state = new AtomicReference<>(new State(true, ""));

  /** The current state. */
  public State state() {
    return state.get();
  }

  /** Records that an operation reached the store. */
  public void reachable() {
    State before = state.getAndSet(new State(true, ""));
    if (!before.up()) {
      LOG.info("event=store_reachable_again");
    }
  }

  /** Records that an operation could not reach the store, and why. */
  public void unreachable(Throwable cause) {
    State before = state.getAndSet(new State(false, StoreOutage.describe(cause)));
    if (before.up()) {
      LOG.warn("event=store_unreachable reason={}", StoreOutage.describe(cause));
    }
  }
}
