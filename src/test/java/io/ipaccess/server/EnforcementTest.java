package io.ipaccess.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.ApiClient.Reply;
import io.ipaccess.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API door: only addresses on a non-empty list reach the account's API. */
class EnforcementTest {

  private RunningServer server;
  private ApiClient local;
  private ApiClient other;

  @BeforeEach
  void start() {
    server = RunningServer.start();
    local = ApiClient.of(server);
    other = ApiClient.from(server, "127.0.0.2");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void emptyList_letsEveryAddressIn() {
    assertThat(other.get("access_settings/whitelist").status()).isEqualTo(200);
  }

  @Test
  void listOfOtherAddress_refusesClientWith403NamingItsAddress() {
    assertThat(local.add("127.0.0.1").status()).isEqualTo(201);

    Reply refused = other.get("access_settings/whitelist");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.firstMessage()).isEqualTo("access from 127.0.0.2 is not allowed: the"
        + " address is not on this account's IP allow list");
  }

  @Test
  void listCoveringClient_letsItIn() {
    local.add("127.0.0.1", "127.0.0.2/32");

    assertThat(other.get("access_settings/whitelist").status()).isEqualTo(200);
  }

  @Test
  void refusedClient_stillGets401ForABadKey() {
    local.add("127.0.0.1");
    ApiClient wrongKey = ApiClient.withKey(server, "ipa_not_a_key", "127.0.0.2");

    assertThat(wrongKey.get("access_settings/whitelist").status()).isEqualTo(401);
  }

  @Test
  void activity_showsAllowedAndRefusedAttempts() {
    other.get("access_settings/whitelist");
    local.add("127.0.0.1");
    other.get("access_settings/whitelist");

    JsonNode result = local.get("access_settings/activity").json().get("result");

    List<String> rows = new ArrayList<>();
    result.forEach(row -> rows.add(row.get("ip").asText() + " " + row.get("auth_method").asText()
        + " " + row.get("allowed").asBoolean()));
    assertThat(rows).containsExactlyInAnyOrder("127.0.0.1 API true", "127.0.0.2 API false");
  }

  @Test
  void activity_countsLatestDecisionPerAddress() {
    other.get("access_settings/whitelist");
    local.add("127.0.0.1");
    other.get("access_settings/whitelist");
    local.add("127.0.0.2");
    other.get("access_settings/whitelist");

    JsonNode row = rowFor(local.get("access_settings/activity").json(), "127.0.0.2");

    assertThat(row.get("allowed").asBoolean()).isTrue();
    assertThat(row.get("first_at").asLong()).isLessThanOrEqualTo(row.get("last_at").asLong());
    assertThat(row.get("location").asText()).isEqualTo("Loopback");
  }

  @Test
  void currentIp_reportsTheJudgedAddressAndCoverage() {
    local.add("127.0.0.1");

    JsonNode body = local.get("access_settings/current_ip").json();

    assertThat(body.get("ip").asText()).isEqualTo("127.0.0.1");
    assertThat(body.get("covered").asBoolean()).isTrue();
  }

  private static JsonNode rowFor(JsonNode activity, String ip) {
    for (JsonNode row : activity.get("result")) {
      if (row.get("ip").asText().equals(ip)) {
        return row;
      }
    }
    throw new AssertionError("no activity row for " + ip + " in " + activity);
  }
}
