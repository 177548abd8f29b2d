package io.ipaccess.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;

/**
 * Tells a store outage (the database cannot be reached, or dropped the connection) apart from
 * any other store failure, which is a bug and must not be reported as "try again later".
 */
public final class StoreOutage {

  private StoreOutage() {}

  /** Whether the failure means the database could not be reached or the connection broke. */
  public static boolean isOutage(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectionException
          || cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message, for a log line or a health report; never carries credentials. */
  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  // SQLSTATE class 08 is "connection exception"; 57P01..57P03 are a server shutting down or not
  // yet accepting connections.
  private static boolean isConnectionState(String state) {
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }
}
