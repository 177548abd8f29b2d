package io.ipaccess.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Only a lost or refused connection counts as an outage; other failures are not hidden as one. */
class StoreOutageTest {

  @ParameterizedTest
  @CsvSource({
      "08006, true",   // connection failure: the socket broke mid-statement
      "08001, true",   // could not establish a connection
      "57P01, true",   // the server is shutting down (admin shutdown)
      "57P03, true",   // the server is starting and not yet accepting connections
      "23505, false",  // unique violation: a bug or a race to handle, not an outage
      "42P01, false",  // undefined table: a broken schema is not "try again later"
  })
  void sqlState_decidesWhetherAFailureIsAnOutage(String state, boolean outage) {
    UnableToExecuteStatementException failure = new UnableToExecuteStatementException(
        new SQLException("failed", state), null);

    assertThat(StoreOutage.isOutage(failure)).isEqualTo(outage);
  }

  @Test
  void poolTimeout_isAnOutage() {
    ConnectionException failure = new ConnectionException(
        new SQLTransientConnectionException("ipaccess-store - Connection is not available"));

    assertThat(StoreOutage.isOutage(failure)).isTrue();
  }

  @Test
  void failureWithoutSqlCause_isNotAnOutage() {
    assertThat(StoreOutage.isOutage(new IllegalStateException("bug"))).isFalse();
  }
}
