package io.ipaccess.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears, through PostgreSQL {@code LISTEN}, that another node committed a change, and tells
 * {@link Changes} at once, so that nodes need not wait for the next version poll.
 *
 * <p>The listener holds one connection of its own outside the pool. When that connection breaks it
 * reconnects by itself, backing off from {@link #FIRST_RETRY_MS} to {@link #MAX_RETRY_MS}, and
 * reports {@link Changes#anythingChanged} after every (re)connect, because notifications sent while
 * it was away are lost. A connection that stays silent is checked with a query every
 * {@link #IDLE_CHECK_MS}, so that a peer gone without a reset is noticed too. {@link Changes} must
 * return quickly; it is called on the listener's thread.
 *
 * <p>On the embedded store there is nothing to listen to and {@link #start} starts nothing: the
 * version poll alone picks up what the CLI changes.
 */
public final class ChangeListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);

  /** What the listener reports. */
  public interface Changes {

    /** The lists of these accounts changed, and nothing else. */
    void listsChanged(Set<Long> accountIds);

    /** Something else changed (accounts, keys), or changes may have been missed. */
    void anythingChanged();
  }

  static final long FIRST_RETRY_MS = 100;
  static final long MAX_RETRY_MS = 5_000;
  static final int IDLE_CHECK_MS = 5_000;

  private final Database database;
  private final Changes onChange;
  private final StoreHealth health;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private volatile Connection connection;

  private ChangeListener(Database database, Changes onChange, StoreHealth health) {
    this.database = database;
    this.onChange = onChange;
    this.health = health;
    this.thread = new Thread(this::run, "store-change-listener");
    thread.setDaemon(true);
  }

  /** Starts listening when the store is PostgreSQL; does nothing on the embedded store. */
  public static ChangeListener start(Database database, Changes onChange, StoreHealth health) {
    ChangeListener listener = new ChangeListener(database, onChange, health);
    if (database.dialect() == StoreDialect.POSTGRESQL) {
      listener.thread.start();
    }
    return listener;
  }

  @Override
  public void close() {
    stopped.countDown();
    closeQuietly(connection);
    thread.interrupt();
  }

  private void run() {
    long retryMs = FIRST_RETRY_MS;
    boolean failing = false;
    while (stopped.getCount() > 0) {
      try (Connection listening = database.openDedicatedConnection()) {
        connection = listening;
        try (Statement statement = listening.createStatement()) {
          statement.execute("LISTEN " + StoreDialect.CHANGE_CHANNEL);
        }
        if (failing) {
          LOG.info("event=change_listener_reconnected");
          failing = false;
        }
        retryMs = FIRST_RETRY_MS;
        health.reachable();
        onChange.anythingChanged();
        listen(listening.unwrap(PGConnection.class), listening);
      } catch (SQLException | RuntimeException e) {
        if (stopped.getCount() == 0) {
          return;
        }
        if (!failing) {
          LOG.warn("event=change_listener_lost reason={}", StoreOutage.describe(e));
          failing = true;
        }
        health.unreachable(e);
      }
      if (awaitStop(retryMs)) {
        return;
      }
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  }

  private void listen(PGConnection listening, Connection plain) throws SQLException {
    while (stopped.getCount() > 0) {
      PGNotification[] notifications = listening.getNotifications(IDLE_CHECK_MS);
      if (notifications != null && notifications.length > 0) {
        report(notifications);
        continue;
      }
      try (Statement statement = plain.createStatement()) {
        statement.execute("SELECT 1");
      }
    }
  }

  private void report(PGNotification[] notifications) {
    Set<Long> accountIds = new HashSet<>();
    for (PGNotification notification : notifications) {
      try {
        accountIds.add(Long.parseLong(notification.getParameter()));
      } catch (NumberFormatException e) {
        // Not a list change (an account or a key): everything is checked.
        onChange.anythingChanged();
        return;
      }
    }
    onChange.listsChanged(accountIds);
  }

  private boolean awaitStop(long waitMs) {
    try {
      return stopped.await(waitMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("event=change_listener_close_failed reason={}", e.toString());
    }
  }
}
