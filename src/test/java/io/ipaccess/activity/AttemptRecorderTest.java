package io.ipaccess.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipaccess.account.Account;
import io.ipaccess.net.IpAddress;
import io.ipaccess.store.Database;
import io.ipaccess.store.JdbiAccountStore;
import io.ipaccess.store.JdbiAttemptStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attempts are aggregated in a bounded buffer and written to the real embedded store. */
class AttemptRecorderTest {

  private static final IpAddress ONE = IpAddress.parse("192.0.2.1");
  private static final IpAddress TWO = IpAddress.parse("192.0.2.2");
  private static final IpAddress THREE = IpAddress.parse("192.0.2.3");

  @TempDir Path dataDir;
  private Database database;
  private JdbiAttemptStore store;
  private long accountId;

  @BeforeEach
  void open() {
    database = Database.openEmbedded(dataDir);
    Account account = new JdbiAccountStore(database, Clock.systemUTC()).create("acme");
    accountId = account.id();
    store = new JdbiAttemptStore(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void attemptsOfOneAddressAndDoor_addUpIntoOneRow() {
    AttemptRecorder recorder = recorder(store, 10);
    recorder.record(accountId, ONE, AuthMethod.API, true, 1_000);
    recorder.record(accountId, ONE, AuthMethod.API, false, 5_000);
    recorder.record(accountId, ONE, AuthMethod.API, true, 3_000);

    recorder.flush();

    assertThat(store.recent(accountId, 10)).containsExactly(
        new AccessAttempt("192.0.2.1", AuthMethod.API, 1_000, 5_000, false, 3, "Reserved"));
  }

  @Test
  void batchesFlushedSeparately_addUpInTheStore() {
    AttemptRecorder recorder = recorder(store, 10);
    recorder.record(accountId, ONE, AuthMethod.SMTP, false, 2_000);
    recorder.flush();
    recorder.record(accountId, ONE, AuthMethod.SMTP, true, 9_000);
    recorder.record(accountId, ONE, AuthMethod.SMTP, true, 1_000);
    recorder.flush();

    assertThat(store.recent(accountId, 10)).containsExactly(
        new AccessAttempt("192.0.2.1", AuthMethod.SMTP, 1_000, 9_000, true, 3, "Reserved"));
  }

  @Test
  void olderBatchWrittenLate_doesNotOverrideTheLatestOutcome() {
    store.upsert(Map.of(accountId, List.of(
        new AccessAttempt("192.0.2.1", AuthMethod.API, 5_000, 9_000, true, 2, ""))));
    store.upsert(Map.of(accountId, List.of(
        new AccessAttempt("192.0.2.1", AuthMethod.API, 1_000, 4_000, false, 1, ""))));

    assertThat(store.recent(accountId, 10)).containsExactly(
        new AccessAttempt("192.0.2.1", AuthMethod.API, 1_000, 9_000, true, 3, ""));
  }

  @Test
  void doors_areCountedApart() {
    AttemptRecorder recorder = recorder(store, 10);
    recorder.record(accountId, ONE, AuthMethod.API, true, 1_000);
    recorder.record(accountId, ONE, AuthMethod.WEB, false, 2_000);

    recorder.flush();

    assertThat(store.recent(accountId, 10)).extracting(AccessAttempt::method)
        .containsExactly(AuthMethod.WEB, AuthMethod.API);
  }

  @Test
  void fullBuffer_dropsTheLeastRecentlySeenAndCountsItsAttempts() {
    AttemptRecorder recorder = recorder(store, 2);
    recorder.record(accountId, ONE, AuthMethod.API, true, 1_000);
    recorder.record(accountId, ONE, AuthMethod.API, true, 1_001);
    recorder.record(accountId, TWO, AuthMethod.API, true, 1_002);
    recorder.record(accountId, ONE, AuthMethod.API, true, 1_003);

    recorder.record(accountId, THREE, AuthMethod.API, true, 1_004);

    assertThat(recorder.droppedAttempts()).isEqualTo(1);
    recorder.flush();
    assertThat(store.recent(accountId, 10)).extracting(AccessAttempt::ip)
        .containsExactlyInAnyOrder("192.0.2.1", "192.0.2.3");
  }

  @Test
  void failedWrite_keepsTheBatchForTheNextFlush() {
    FailingStore failing = new FailingStore(store);
    AttemptRecorder recorder = recorder(failing, 10);
    recorder.record(accountId, ONE, AuthMethod.API, true, 1_000);
    failing.failing = true;

    assertThatThrownBy(recorder::flush).isInstanceOf(IllegalStateException.class);
    recorder.record(accountId, ONE, AuthMethod.API, false, 2_000);
    failing.failing = false;
    recorder.flush();

    assertThat(store.recent(accountId, 10)).containsExactly(
        new AccessAttempt("192.0.2.1", AuthMethod.API, 1_000, 2_000, false, 2, "Reserved"));
    assertThat(recorder.droppedAttempts()).isZero();
  }

  @Test
  void writeFailingAfterTheFirstChunk_keepsOnlyTheUnwrittenChunksForTheNextFlush() {
    FailingStore failing = new FailingStore(store);
    AttemptRecorder recorder = recorder(failing, 10_000);
    for (int i = 0; i < 1500; i++) {
      recorder.record(accountId, IpAddress.ofV4(0x0a000000 + i), AuthMethod.API, true, 1_000);
    }
    failing.failFromCall = 2;

    assertThatThrownBy(recorder::flush).isInstanceOf(IllegalStateException.class);
    assertThat(recorder.buffered()).isEqualTo(500);
    failing.failFromCall = Integer.MAX_VALUE;
    recorder.flush();

    List<AccessAttempt> stored = store.recent(accountId, 2000);
    assertThat(stored).hasSize(1500).allMatch(attempt -> attempt.attempts() == 1);
  }

  @Test
  void capacityBelowOne_isRefusedWithTheValue() {
    assertThatThrownBy(() -> recorder(store, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be at least 1, was 0");
  }

  private static AttemptRecorder recorder(AttemptStore store, int capacity) {
    return new AttemptRecorder(store, GeoLocator.withoutDatabase(), capacity, 0);
  }

  /** The real store, with writes that can be made to fail, as during a database outage. */
  private static final class FailingStore implements AttemptStore {
    private final AttemptStore real;
    volatile boolean failing;
    volatile int failFromCall = Integer.MAX_VALUE;
    private int calls;

    FailingStore(AttemptStore real) {
      this.real = real;
    }

    @Override
    public void upsert(Map<Long, List<AccessAttempt>> attemptsByAccount) {
      calls++;
      if (failing || calls >= failFromCall) {
        throw new IllegalStateException("store unavailable");
      }
      real.upsert(attemptsByAccount);
    }

    @Override
    public List<AccessAttempt> recent(long accountId, int limit) {
      return real.recent(accountId, limit);
    }
  }
}
