package io.ipaccess.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.ApiClient.Reply;
import io.ipaccess.testing.Deadline;
import io.ipaccess.testing.NodeProcess;
import io.ipaccess.testing.TcpProxy;
import io.ipaccess.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@code serve} processes reach PostgreSQL through a relay the test cuts and restores, while
 * the database itself keeps running: during the cut they go on enforcing, refuse changes with
 * 503 and report the store down; afterwards they recover by themselves and lose no attempt.
 */
class StoreOutageIT {

  private static final Duration LIMIT = Duration.ofSeconds(20);
  private static final String STORE_UNAVAILABLE = "the store (database) cannot be reached, so"
      + " this request cannot be carried out now and nothing was changed; access is still"
      + " enforced with the lists as they were last loaded; try again when GET /healthz reports"
      + " the store up";

  private TestPostgres database;
  private TcpProxy proxy;
  private NodeProcess nodeA;
  private NodeProcess nodeB;

  @BeforeEach
  void start() throws Exception {
    database = TestPostgres.create();
    proxy = TcpProxy.to(TestPostgres.server());
    nodeA = NodeProcess.start(database.locationVia(proxy.hostAndPort()));
    nodeB = NodeProcess.start(database.locationVia(proxy.hostAndPort()));
  }

  @AfterEach
  void stop() {
    try (NodeProcess a = nodeA; NodeProcess b = nodeB; TcpProxy relay = proxy) {
      // All stop here, then the database goes.
    } finally {
      database.close();
    }
  }

  @Test
  void cutDatabase_enforcementGoesOn_changesGet503_andEverythingResumesWithNoAttemptLost()
      throws Exception {
    ApiClient adminOnA = nodeA.client("127.0.0.1");
    ApiClient adminOnB = nodeB.client("127.0.0.1");
    ApiClient strangerOnA = nodeA.client("127.0.0.3");
    ApiClient strangerOnB = nodeB.client("127.0.0.3");
    assertThat(adminOnA.add("127.0.0.1").status()).isEqualTo(201);
    Deadline.await(LIMIT, "node B enforces the list", () -> status(strangerOnB) == 403);
    long refusedBeforeCut = 1;

    proxy.cut();
    for (NodeProcess node : new NodeProcess[] {nodeA, nodeB}) {
      Deadline.await(LIMIT, "/healthz reports the store down",
          () -> node.health().body().contains("\"store\":\"down\""));
      assertThat(node.health().status()).isEqualTo(200);
    }

    assertThat(status(adminOnA)).isEqualTo(200);
    assertThat(status(adminOnB)).isEqualTo(200);
    int refusedOnA = 25;
    int refusedOnB = 35;
    for (int i = 0; i < Math.max(refusedOnA, refusedOnB); i++) {
      if (i < refusedOnA) {
        assertThat(status(strangerOnA)).isEqualTo(403);
      }
      if (i < refusedOnB) {
        assertThat(status(strangerOnB)).isEqualTo(403);
      }
    }
    Reply addDuringCut = adminOnA.add("127.0.0.3");
    assertThat(addDuringCut.status()).isEqualTo(503);
    assertThat(addDuringCut.firstMessage()).isEqualTo(STORE_UNAVAILABLE);
    Reply removeDuringCut = adminOnB.delete("access_settings/whitelist/1", null);
    assertThat(removeDuringCut.status()).isEqualTo(503);
    assertThat(removeDuringCut.firstMessage()).isEqualTo(STORE_UNAVAILABLE);

    proxy.restore();
    for (NodeProcess node : new NodeProcess[] {nodeA, nodeB}) {
      Deadline.await(LIMIT, "/healthz reports the store up again",
          () -> node.health().body().contains("\"store\":\"up\""));
    }
    long expected = refusedBeforeCut + refusedOnA + refusedOnB;
    Deadline.await(LIMIT, "the buffered attempts are written",
        () -> storedAttempts("127.0.0.3") >= expected);
    assertThat(storedAttempts("127.0.0.3")).isEqualTo(expected);

    assertThat(adminOnA.add("127.0.0.3").status()).isEqualTo(201);
    Deadline.await(Duration.ofSeconds(1), "node B admits 127.0.0.3 after the add on A",
        () -> status(strangerOnB) == 200);
  }

  private static int status(ApiClient client) {
    return client.get("access_settings/current_ip").status();
  }

  private long storedAttempts(String ip) {
    try (Connection connection = database.connect();
        PreparedStatement query = connection.prepareStatement(
            "SELECT COALESCE(SUM(attempts), 0) FROM access_attempts WHERE ip = ?")) {
      query.setString(1, ip);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
