package io.ipaccess.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.net.IpRange;
import io.ipaccess.testing.Deadline;
import io.ipaccess.testing.TcpProxy;
import io.ipaccess.testing.TestStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change listener hears commits of other nodes through PostgreSQL and reconnects by itself
 * after its connection breaks. PostgreSQL only: the embedded store has nothing to listen to.
 */
class ChangeListenerTest {

  private static final Duration LIMIT = Duration.ofSeconds(10);

  private TestStore store;
  private TcpProxy proxy;
  private Database writer;
  private Database listening;
  private final StoreHealth health = new StoreHealth();
  private final AtomicInteger calls = new AtomicInteger();
  private final Set<Long> changedLists = ConcurrentHashMap.newKeySet();
  private ChangeListener listener;

  @BeforeEach
  void start() throws Exception {
    store = TestStore.postgresql();
    proxy = TcpProxy.to(store.postgres().location().jdbcUrl().split("/")[2]);
    writer = Database.open(store.location());
    listening = Database.open(store.postgres().locationVia(proxy.hostAndPort()));
    listener = ChangeListener.start(listening, new ChangeListener.Changes() {
      @Override
      public void listsChanged(Set<Long> accountIds) {
        changedLists.addAll(accountIds);
        calls.incrementAndGet();
      }

      @Override
      public void anythingChanged() {
        calls.incrementAndGet();
      }
    }, health);
    // The first call comes with the first connection, to catch up on anything missed.
    Deadline.await(LIMIT, "the listener connects", () -> calls.get() >= 1);
  }

  @AfterEach
  void stop() {
    listener.close();
    listening.close();
    writer.close();
    proxy.close();
    store.close();
  }

  @Test
  void commitOnAnotherNode_reachesTheListener() {
    int before = calls.get();

    new JdbiAccountStore(writer, Clock.systemUTC()).create("heard");

    Deadline.await(LIMIT, "the listener hears the commit", () -> calls.get() > before);
  }

  @Test
  void listChange_namesTheAccountSoThatOnlyItsListIsReloaded() {
    int before = calls.get();
    long accountId = new JdbiAccountStore(writer, Clock.systemUTC()).create("listed").id();
    // Heard alone first: arriving together with the list change, it would turn the report into
    // "anything changed", which reloads everything and is right, but names no account.
    Deadline.await(LIMIT, "the account's creation is heard", () -> calls.get() > before);

    new JdbiAllowListStore(writer).change(accountId,
        tx -> tx.insert(IpRange.parseEntry("192.0.2.0/24"), 1_000));

    Deadline.await(LIMIT, "the listener names the account",
        () -> changedLists.contains(accountId));
    assertThat(changedLists).containsExactly(accountId);
  }

  @Test
  void brokenConnection_isReportedAndTheListenerReconnectsByItself() {
    int beforeCut = calls.get();
    proxy.cut();
    Deadline.await(LIMIT, "health reports the store down", () -> !health.isUp());

    proxy.restore();
    Deadline.await(LIMIT, "health reports the store up", () -> health.isUp());
    // The reconnect itself calls once, to catch up on what was missed while away.
    Deadline.await(LIMIT, "the catch-up call after reconnecting", () -> calls.get() > beforeCut);
    int before = calls.get();
    new JdbiAccountStore(writer, Clock.systemUTC()).create("after-reconnect");

    Deadline.await(LIMIT, "the reconnected listener hears a commit", () -> calls.get() > before);
  }
}
