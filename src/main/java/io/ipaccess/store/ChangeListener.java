package io.ipaccess.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears, through PostgreSQL {@code LISTEN}, that another node committed a change, and calls
 * {@code onChange} at once, so that nodes need not wait for the next version poll.
 *
 * <p>The listener holds one connection of its own outside the pool. When that connection breaks it
 * reconnects by itself, backing off from {@link #FIRST_RETRY_MS} to {@link #MAX_RETRY_MS}, and
 * calls {@code onChange} after every (re)connect, because notifications sent while it was away are
 * lost. A connection that stays silent is checked with a query every {@link #IDLE_CHECK_MS}, so
 * that a peer gone without a reset is noticed too. {@code onChange} must return quickly; it runs
 * on the listener's thread.
 *
 * <p>On the embedded store there is nothing to listen to and {@link #start} starts nothing: the
 * version poll alone picks up what the CLI changes.
 */
public final class ChangeListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);

  static final long FIRST_RETRY_MS = 100;
  static final long MAX_RETRY_MS = 5_000;
  static final int IDLE_CHECK_MS = 5_000;

  private final Database database;
  private final Runnable onChange;
  private final StoreHealth health;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private volatile Connection connection;

  private ChangeListener(Database database, Runnable onChange, StoreHealth health) {
    this.database = database;
    this.onChange = onChange;
    this.health = health;
    this.thread = new Thread(this::run, "store-change-listener");
    thread.setDaemon(true);
  }

  /** Starts listening when the store is PostgreSQL; does nothing on the embedded store. */
  public static ChangeListener start(Database database, Runnable onChange, StoreHealth health) {
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
        onChange.run();
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
        onChange.run();
        continue;
      }
      try (Statement statement = plain.createStatement()) {
        statement.execute("SELECT 1");
      }
    }
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
