package io.ipaccess.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.ApiClient.Reply;
import io.ipaccess.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A list holds at most 1000 entries, even under concurrent requests. */
class ListLimitTest {

  private RunningServer server;
  private ApiClient api;

  @BeforeEach
  void start() {
    server = RunningServer.start();
    api = ApiClient.of(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void thousandthEntry_fitsAndTheNextIsRefusedNamingTheLimit() {
    assertThat(api.post("access_settings/whitelist", ApiClient.ipsBody(addresses(0, 1000)))
        .status()).isEqualTo(201);

    Reply refused = api.add("10.9.9.9");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.firstMessage()).isEqualTo("an allow list holds at most 1000 entries: it"
        + " has 1000, so 0 more fit, and this request adds 1 new one");
    assertThat(api.entries()).hasSize(1000).doesNotContain("10.9.9.9/32");
  }

  @Test
  void requestPassingTheLimit_addsNothingAndSaysHowManyFit() {
    api.post("access_settings/whitelist", ApiClient.ipsBody(addresses(0, 998)));

    Reply refused = api.post("access_settings/whitelist", ApiClient.ipsBody(addresses(998, 1003)));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.firstMessage()).contains("it has 998, so 2 more fit");
    assertThat(api.entries()).hasSize(998);
  }

  @Test
  void entriesAlreadyOnTheList_doNotCountAgainstTheLimit() {
    api.post("access_settings/whitelist", ApiClient.ipsBody(addresses(0, 1000)));

    assertThat(api.post("access_settings/whitelist", ApiClient.ipsBody(addresses(0, 10)))
        .status()).isEqualTo(201);
  }

  @Test
  void concurrentRequests_neverTogetherPassTheLimit() throws Exception {
    api.post("access_settings/whitelist", ApiClient.ipsBody(addresses(0, 900)));
    List<Callable<Integer>> requests = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      List<String> batch = addresses(900 + i * 60, 960 + i * 60);
      requests.add(() -> ApiClient.of(server)
          .post("access_settings/whitelist", ApiClient.ipsBody(batch)).status());
    }

    ExecutorService pool = Executors.newFixedThreadPool(requests.size());
    List<Integer> statuses = new ArrayList<>();
    try {
      for (Future<Integer> status : pool.invokeAll(requests)) {
        statuses.add(status.get());
      }
    } finally {
      pool.shutdown();
    }

    // 900 + 60 fits once; a second batch of 60 would make 1020.
    assertThat(statuses).containsOnly(201, 400).containsOnlyOnce(201);
    assertThat(api.entries()).hasSize(960);
  }

  /** 127.0.0.1 first (so the lockout guard is satisfied), then distinct 10.x addresses. */
  private static List<String> addresses(int from, int to) {
    List<String> addresses = new ArrayList<>();
    for (int i = from; i < to; i++) {
      addresses.add(i == 0 ? "127.0.0.1" : "10.0." + (i / 256) + "." + (i % 256));
    }
    return addresses;
  }
}
