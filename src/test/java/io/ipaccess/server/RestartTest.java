package io.ipaccess.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Entries, keys and activity survive a restart on the same data directory. */
class RestartTest {

  private RunningServer server;

  @BeforeEach
  void start() {
    server = RunningServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void restart_keepsEntriesAndTheirIds() {
    ApiClient api = ApiClient.of(server);
    api.add("127.0.0.1", "2001:db8::/32");
    String before = api.get("access_settings/whitelist").body();

    server.restart();

    assertThat(ApiClient.of(server).get("access_settings/whitelist").body()).isEqualTo(before);
  }

  @Test
  void restart_keepsActivityAndEnforcement() {
    ApiClient.from(server, "127.0.0.2").get("access_settings/whitelist");
    ApiClient.of(server).add("127.0.0.1");

    server.restart();

    ApiClient api = ApiClient.of(server);
    assertThat(ApiClient.from(server, "127.0.0.2").get("access_settings/whitelist").status())
        .isEqualTo(403);
    JsonNode activity = api.get("access_settings/activity").json().get("result");
    assertThat(activity.findValuesAsText("ip")).contains("127.0.0.1", "127.0.0.2");
    for (JsonNode row : activity) {
      if (row.get("ip").asText().equals("127.0.0.2")) {
        // Two refused calls: one before the restart was allowed, one after refused.
        assertThat(row.get("allowed").asBoolean()).isFalse();
      }
    }
  }
}
