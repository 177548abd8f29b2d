package io.ipaccess.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.ApiClient.Reply;
import io.ipaccess.testing.Deadline;
import io.ipaccess.testing.NodeProcess;
import io.ipaccess.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@code serve} processes from the packaged jar on one PostgreSQL database: a change made on
 * one is enforced by the other within a second, attempts seen by both add up, and concurrent
 * changes through both keep the list's rules.
 */
class MultiNodeIT {

  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static final int PROPAGATION_ROUNDS = 100;

  private TestPostgres database;
  private NodeProcess nodeA;
  private NodeProcess nodeB;

  @BeforeEach
  void start() {
    database = TestPostgres.create();
    nodeA = NodeProcess.start(database.location());
    nodeB = NodeProcess.start(database.location());
  }

  @AfterEach
  void stop() {
    try (NodeProcess a = nodeA; NodeProcess b = nodeB) {
      // Both stop here, then the database goes.
    } finally {
      database.close();
    }
  }

  @Test
  void entryRemovedOnA_refusesTheClientOnBWithinOneSecond() {
    ApiClient adminOnA = nodeA.client("127.0.0.1");
    ApiClient clientOnB = nodeB.client("127.0.0.2");
    assertThat(adminOnA.add("127.0.0.1").status()).isEqualTo(201);
    List<Long> propagationNanos = new ArrayList<>();
    List<Long> deleteNanos = new ArrayList<>();

    for (int round = 0; round < PROPAGATION_ROUNDS; round++) {
      Reply added = adminOnA.add("127.0.0.2");
      long id = added.json().get("result").get(0).get("id").asLong();
      Deadline.await(ONE_SECOND, "node B admits 127.0.0.2 after it was added on A",
          () -> currentIpStatus(clientOnB) == 200);

      long removedAt = System.nanoTime();
      assertThat(adminOnA.delete("access_settings/whitelist/" + id, null).status())
          .isEqualTo(204);
      deleteNanos.add(System.nanoTime() - removedAt);
      // Polled every millisecond rather than back to back, so that the probe does not starve
      // node B of the CPU it needs to apply the change (the machine has two cores).
      Deadline.await(ONE_SECOND, Duration.ofMillis(1),
          "node B refuses 127.0.0.2 after it was removed on A",
          () -> currentIpStatus(clientOnB) == 403);
      propagationNanos.add(System.nanoTime() - removedAt);
    }

    // Measured from sending the DELETE to A until B refuses: an upper bound of commit to
    // enforcement, including A's request and B's HTTP round trips.
    propagationNanos.sort(null);
    deleteNanos.sort(null);
    System.out.printf("MultiNodeIT propagation A->B over %d removals: p50=%.1f ms p99=%.1f ms"
        + " max=%.1f ms (of which the DELETE on A: p50=%.1f ms p99=%.1f ms)%n",
        propagationNanos.size(), percentileMs(propagationNanos, 50),
        percentileMs(propagationNanos, 99), percentileMs(propagationNanos, 100),
        percentileMs(deleteNanos, 50), percentileMs(deleteNanos, 99));
    assertThat(propagationNanos).allSatisfy(nanos ->
        assertThat(nanos).isLessThan(ONE_SECOND.toNanos()));
  }

  @Test
  void attemptsOnBothNodes_addUpExactly_andAllowedFollowsTheLatest() throws Exception {
    long startMs = System.currentTimeMillis();
    // The list is empty: these are allowed.
    int allowedOnA = 40;
    int allowedOnB = 60;
    callConcurrently("127.0.0.3", allowedOnA, allowedOnB, 200);
    long allowedDoneMs = System.currentTimeMillis();

    assertThat(nodeA.client("127.0.0.1").add("127.0.0.1").status()).isEqualTo(201);
    ApiClient probeOnB = nodeB.client("127.0.0.3");
    AtomicInteger probes = new AtomicInteger();
    Deadline.await(ONE_SECOND, "node B refuses 127.0.0.3", () -> {
      probes.incrementAndGet();
      return currentIpStatus(probeOnB) == 403;
    });
    int refusedOnA = 70;
    int refusedOnB = 30;
    callConcurrently("127.0.0.3", refusedOnA, refusedOnB, 403);

    // Reading the activity writes what each node still buffers.
    assertThat(nodeA.client("127.0.0.1").get("access_settings/activity").status()).isEqualTo(200);
    assertThat(nodeB.client("127.0.0.1").get("access_settings/activity").status()).isEqualTo(200);
    Row row = attemptsRow("127.0.0.3");
    // Every call from 127.0.0.3 counts once, on whichever node it reached, the probes included.
    assertThat(row.attempts())
        .isEqualTo(allowedOnA + allowedOnB + probes.get() + refusedOnA + refusedOnB);
    assertThat(row.allowed()).isFalse();
    assertThat(row.firstAtMs()).isBetween(startMs, allowedDoneMs);
    assertThat(row.lastAtMs()).isGreaterThanOrEqualTo(allowedDoneMs);
  }

  @Test
  void twentyConcurrentAddsAcrossBothNodes_neverPassTheLimitNorDuplicate() throws Exception {
    List<String> initial = new ArrayList<>(List.of("127.0.0.1"));
    for (int i = 1; i < 985; i++) {
      initial.add("10.0." + (i / 256) + "." + (i % 256));
    }
    assertThat(nodeA.client("127.0.0.1")
        .post("access_settings/whitelist", ApiClient.ipsBody(initial)).status()).isEqualTo(201);

    // Request i adds 10.200.0.i, .i+1 and .i+2: neighbours overlap, so the same address is
    // requested on both nodes at once, and together they want 22 new entries where 15 fit.
    List<List<String>> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      requests.add(List.of("10.200.0." + i, "10.200.0." + (i + 1), "10.200.0." + (i + 2)));
    }
    List<Integer> statuses = addConcurrently(requests);

    assertThat(statuses).containsOnly(201, 400).contains(201, 400);
    Set<String> expected = new HashSet<>();
    initial.forEach(ip -> expected.add(ip + "/32"));
    for (int i = 0; i < requests.size(); i++) {
      if (statuses.get(i) == 201) {
        requests.get(i).forEach(ip -> expected.add(ip + "/32"));
      }
    }
    List<String> stored = storedEntries();
    assertThat(stored).hasSizeLessThanOrEqualTo(1000).doesNotHaveDuplicates();
    assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(storedIds()).doesNotHaveDuplicates().hasSize(stored.size());
    ApiClient adminOnA = nodeA.client("127.0.0.1");
    ApiClient adminOnB = nodeB.client("127.0.0.1");
    Deadline.await(ONE_SECOND, "node B lists what node A lists",
        () -> adminOnB.entries().equals(adminOnA.entries()));
  }

  private List<Integer> addConcurrently(List<List<String>> requests) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      NodeProcess node = i % 2 == 0 ? nodeA : nodeB;
      String body = ApiClient.ipsBody(requests.get(i));
      ApiClient client = node.client("127.0.0.1");
      calls.add(() -> {
        go.await();
        return client.post("access_settings/whitelist", body).status();
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      calls.forEach(call -> futures.add(pool.submit(call)));
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> future : futures) {
        statuses.add(future.get());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  private void callConcurrently(String source, int onA, int onB, int expectedStatus)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> a = pool.submit(() -> call(nodeA.client(source), onA, expectedStatus));
      Future<?> b = pool.submit(() -> call(nodeB.client(source), onB, expectedStatus));
      a.get();
      b.get();
    } finally {
      pool.shutdownNow();
    }
  }

  private static void call(ApiClient client, int times, int expectedStatus) {
    for (int i = 0; i < times; i++) {
      assertThat(currentIpStatus(client)).isEqualTo(expectedStatus);
    }
  }

  private static int currentIpStatus(ApiClient client) {
    return client.get("access_settings/current_ip").status();
  }

  private record Row(long attempts, boolean allowed, long firstAtMs, long lastAtMs) {}

  private Row attemptsRow(String ip) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement query = connection.prepareStatement("SELECT attempts, allowed,"
            + " first_at_ms, last_at_ms FROM access_attempts"
            + " WHERE ip = ? AND auth_method = 'API'")) {
      query.setString(1, ip);
      try (ResultSet rs = query.executeQuery()) {
        assertThat(rs.next()).as("a stored row for " + ip).isTrue();
        return new Row(rs.getLong(1), rs.getBoolean(2), rs.getLong(3), rs.getLong(4));
      }
    }
  }

  private List<String> storedEntries() throws SQLException {
    return column("SELECT cidr FROM allow_entries");
  }

  private List<String> storedIds() throws SQLException {
    return column("SELECT CAST(id AS VARCHAR) FROM allow_entries");
  }

  private List<String> column(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = database.connect();
        PreparedStatement query = connection.prepareStatement(sql);
        ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  static double percentileMs(List<Long> sortedNanos, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.size()) - 1;
    return sortedNanos.get(Math.max(0, index)) / 1_000_000.0;
  }
}
