package io.ipaccess.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.ApiClient.Reply;
import io.ipaccess.testing.RunningServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoints ipaccess adds for the console, called with an API key as a script would. */
class ConsoleAdditionsApiTest {

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
  void normalize_givesEachEntryAsStoredOrItsReason_andStoresNothing() {
    Reply reply = api.post("access_settings/normalize",
        ApiClient.ipsBody(List.of("192.168.100.14/24", "10.1.2")));

    assertThat(reply.status()).isEqualTo(200);
    JsonNode result = reply.json().get("result");
    assertThat(result.get(0).get("input").asText()).isEqualTo("192.168.100.14/24");
    assertThat(result.get(0).get("ip").asText()).isEqualTo("192.168.100.0/24");
    assertThat(result.get(1).get("error").asText())
        .isEqualTo("'10.1.2' is not an IPv4 address: it needs all four parts written out;"
            + " give the address you mean, e.g. 10.1.0.2 (as inet_aton reads it) or 10.1.2.0");
    assertThat(api.entries()).isEmpty();
  }

  @Test
  void normalize_withoutIps_isRefusedWithTheShape() {
    Reply reply = api.post("access_settings/normalize", "{}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.firstMessage()).startsWith("ips must be an array");
  }

  @Test
  void disable_emptiesTheListAndIsRecordedAsSuch() {
    api.add("127.0.0.1", "192.0.2.0/24");

    Reply reply = api.post("access_settings/disable", null);

    assertThat(reply.status()).isEqualTo(204);
    assertThat(api.entries()).isEmpty();
    JsonNode newest = api.get("access_settings/history").json().get("result").get(0);
    assertThat(newest.get("action").asText()).isEqualTo("list_disabled");
    assertThat(newest.get("detail").asText()).isEqualTo("127.0.0.1/32, 192.0.2.0/24");
    assertThat(newest.get("actor_kind").asText()).isEqualTo("api_key");
  }

  @Test
  void history_isNewestFirstAndHonoursTheLimit() {
    api.add("127.0.0.1");
    api.add("192.0.2.1");

    JsonNode result = api.get("access_settings/history?limit=1").json().get("result");

    assertThat(result).hasSize(1);
    assertThat(result.get(0).get("detail").asText()).isEqualTo("192.0.2.1/32");
  }

  @Test
  void history_withABadLimit_namesIt() {
    Reply reply = api.get("access_settings/history?limit=0");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.firstMessage()).isEqualTo("limit must be a whole number from 1 to 1000, not"
        + " '0'");
  }
}
