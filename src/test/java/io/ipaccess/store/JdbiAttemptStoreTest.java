package io.ipaccess.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.account.Account;
import io.ipaccess.activity.AccessAttempt;
import io.ipaccess.activity.AuthMethod;
import io.ipaccess.testing.TestStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attempt upsert adds up what several nodes write, on the backend the build chose (H2 in the
 * first test run, PostgreSQL in the second).
 */
class JdbiAttemptStoreTest {

  private TestStore store;
  private Database database;
  private long accountId;

  @BeforeEach
  void open() {
    store = TestStore.create();
    database = Database.open(store.location());
    Account account = new JdbiAccountStore(database, Clock.systemUTC()).create("attempts");
    accountId = account.id();
  }

  @AfterEach
  void close() {
    database.close();
    store.close();
  }

  @Test
  void upsert_addsCountsKeepsEarliestFirstLatestLast_andAllowedOfTheLatest() {
    JdbiAttemptStore attempts = new JdbiAttemptStore(database);

    attempts.upsert(batch(attempt(1_000, 2_000, true, 3)));
    // Written later but seen earlier (a slower node): it must not take over allowed or last_at.
    attempts.upsert(batch(attempt(500, 1_500, false, 2)));

    assertThat(attempts.recent(accountId, 10))
        .containsExactly(new AccessAttempt("192.0.2.7", AuthMethod.API, 500, 2_000, true, 5, ""));
  }

  @Test
  void upsert_newerAttemptDecidesAllowed() {
    JdbiAttemptStore attempts = new JdbiAttemptStore(database);

    attempts.upsert(batch(attempt(1_000, 2_000, true, 1)));
    attempts.upsert(batch(attempt(3_000, 3_000, false, 1)));

    assertThat(attempts.recent(accountId, 10)).containsExactly(
        new AccessAttempt("192.0.2.7", AuthMethod.API, 1_000, 3_000, false, 2, ""));
  }

  @Test
  void concurrentUpserts_fromTwoNodesOnTheSameNewRows_addUpExactly() throws Exception {
    // Several nodes share only PostgreSQL. The embedded store has one node, whose recorder
    // writes one batch at a time, and H2's MERGE does fail on this race.
    Assumptions.assumeTrue(store.postgres() != null, "several nodes need PostgreSQL");
    int rounds = 30;
    int rowsPerBatch = 20;
    try (Database other = Database.open(store.location())) {
      List<JdbiAttemptStore> nodes =
          List.of(new JdbiAttemptStore(database), new JdbiAttemptStore(other));
      ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
      try {
        for (int round = 0; round < rounds; round++) {
          // Each round writes rows that do not exist yet, from both nodes at once: the case
          // where two MERGEs would both try to insert.
          runTogether(pool, nodes, round, rowsPerBatch);
        }
      } finally {
        pool.shutdownNow();
      }
    }

    List<AccessAttempt> stored = new JdbiAttemptStore(database).recent(accountId, 1000);
    assertThat(stored).hasSize(rounds * rowsPerBatch);
    assertThat(stored).allSatisfy(row -> assertThat(row.attempts()).isEqualTo(2));
  }

  private void runTogether(ExecutorService pool, List<JdbiAttemptStore> nodes, int round,
      int rowsPerBatch) throws Exception {
    List<AccessAttempt> rows = new ArrayList<>();
    for (int i = 0; i < rowsPerBatch; i++) {
      rows.add(new AccessAttempt("10.1." + round + "." + i, AuthMethod.API, 1, 1, false, 1, ""));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Void>> writes = new ArrayList<>();
    for (JdbiAttemptStore node : nodes) {
      writes.add(() -> {
        start.await();
        node.upsert(Map.of(accountId, rows));
        return null;
      });
    }
    List<Future<Void>> done = new ArrayList<>();
    writes.forEach(write -> done.add(pool.submit(write)));
    start.countDown();
    for (Future<Void> write : done) {
      write.get(30, TimeUnit.SECONDS);
    }
  }

  private Map<Long, List<AccessAttempt>> batch(AccessAttempt attempt) {
    return Map.of(accountId, List.of(attempt));
  }

  private static AccessAttempt attempt(long firstMs, long lastMs, boolean allowed, long count) {
    return new AccessAttempt("192.0.2.7", AuthMethod.API, firstMs, lastMs, allowed, count, "");
  }
}
