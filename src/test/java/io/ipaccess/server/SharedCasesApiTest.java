package io.ipaccess.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.ApiClient.Reply;
import io.ipaccess.testing.RunningServer;
import io.ipaccess.testing.SharedTestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code ../shared/testdata/entries.tsv} and {@code matching.tsv}, through the API:
 * entries by {@code POST}, matching by {@code check}.
 *
 * <p>The test calls from 127.0.0.3, an address no case uses, and keeps it on the list so that its
 * own requests stay allowed whatever the case's entries are.
 */
class SharedCasesApiTest {

  private static final String CALLER = "127.0.0.3";
  private static final String CALLER_ENTRY = "127.0.0.3/32";

  private static RunningServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    api = ApiClient.from(server, CALLER);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void emptyTheList() {
    JsonNode result = api.get("access_settings/whitelist").json().get("result");
    if (!result.isEmpty()) {
      api.delete("access_settings/whitelist", "{\"ids\":" + result.findValuesAsText("id") + "}");
    }
  }

  static Stream<Arguments> entries() {
    return SharedTestData.rows("testdata/entries.tsv").stream()
        .map(row -> Arguments.of(row.get(0), row.get(1)));
  }

  static Stream<Arguments> matching() {
    return SharedTestData.rows("testdata/matching.tsv").stream()
        .map(row -> Arguments.of(row.get(0), row.get(1), row.get(2)));
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
  @MethodSource("entries")
  void entry_isStoredCanonicallyOrRefused(String input, String expected) {
    Reply reply = api.post("access_settings/whitelist",
        ApiClient.ipsBody(List.of(input, CALLER)));

    if (expected.equals("reject")) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(400);
      JsonNode errors = reply.json().get("errors");
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).get("field").asText()).isEqualTo("ips[0].ip");
      assertThat(errors.get(0).get("message").asText()).isNotBlank();
      assertThat(api.entries()).isEmpty();
    } else {
      assertThat(reply.status()).as(reply.body()).isEqualTo(201);
      assertThat(reply.json().get("result").get(0).get("ip").asText()).isEqualTo(expected);
      assertThat(api.entries()).containsExactly(expected, CALLER_ENTRY);
    }
  }

  @ParameterizedTest(name = "[{index}] {0} / {1} -> {2}")
  @MethodSource("matching")
  void client_isJudgedAsTheCaseSays(String entries, String client, String expected) {
    List<String> list = new ArrayList<>(Arrays.asList(entries.split(" \\| ")));
    list.add(CALLER);
    assertThat(api.post("access_settings/whitelist", ApiClient.ipsBody(list)).status())
        .isEqualTo(201);

    // The client library encodes the query, including the '%' of a zone ID.
    Reply reply = api.get("access_settings/check?ip=" + client);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("allowed").asBoolean()).as(reply.body())
        .isEqualTo(expected.equals("allow"));
    assertThat(reply.json().get("enabled").asBoolean()).isTrue();
  }
}
