package io.ipaccess.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.ipaccess.testing.RunningServer;
import io.ipaccess.testing.SendGridClients;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official SendGrid Java client, used as a SendGrid customer would use it, against ipaccess:
 * each of the six access settings operations works and reads back what was written.
 */
class SendGridClientTest {

  private static final String WHITELIST = "access_settings/whitelist";

  private RunningServer server;
  private SendGrid sendGrid;

  @BeforeEach
  void startServer() {
    server = RunningServer.start();
    sendGrid = SendGridClients.client(server, RunningServer.KEY);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void addEntries_returnsEachWithIdAndTimestamps() throws IOException {
    Response response = addEntries("127.0.0.1", "192.0.2.10", "198.51.100.*");

    assertThat(response.getStatusCode()).isEqualTo(201);
    JsonNode result = RawApi.parse(response.getBody()).get("result");
    assertThat(ips(result)).containsExactly("127.0.0.1/32", "192.0.2.10/32", "198.51.100.0/24");
    for (JsonNode entry : result) {
      assertThat(entry.get("id").isIntegralNumber()).as("id of %s", entry).isTrue();
      assertThat(entry.get("created_at").asLong()).as("created_at of %s", entry).isPositive();
      assertThat(entry.get("updated_at").asLong()).as("updated_at of %s", entry).isPositive();
    }
  }

  @Test
  void listEntries_returnsWhatWasAdded() throws IOException {
    JsonNode added = result(addEntries("127.0.0.1", "192.0.2.10"));

    Response response = sendGrid.api(request(Method.GET, WHITELIST, null));

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(result(response)).isEqualTo(added);
  }

  @Test
  void getEntryById_returnsThatEntryAlone() throws IOException {
    JsonNode added = result(addEntries("127.0.0.1", "192.0.2.10"));
    JsonNode second = added.get(1);

    Response response =
        sendGrid.api(request(Method.GET, WHITELIST + "/" + second.get("id").asLong(), null));

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(result(response)).containsExactly(second);
  }

  @Test
  void deleteEntryById_removesOnlyThatEntry() throws IOException {
    JsonNode added = result(addEntries("127.0.0.1", "192.0.2.10", "192.0.2.11"));
    long id = added.get(1).get("id").asLong();

    Response response = sendGrid.api(request(Method.DELETE, WHITELIST + "/" + id, null));

    assertThat(response.getStatusCode()).isEqualTo(204);
    assertThat(ips(listed())).containsExactly("127.0.0.1/32", "192.0.2.11/32");
  }

  @Test
  void deleteEntriesWithIdsInBody_removesAllNamed() throws IOException {
    JsonNode added = result(addEntries("127.0.0.1", "192.0.2.10", "192.0.2.11", "192.0.2.12"));
    String body = "{\"ids\":[" + added.get(1).get("id") + "," + added.get(3).get("id") + "]}";

    Response response = sendGrid.api(request(Method.DELETE, WHITELIST, body));

    assertThat(response.getStatusCode()).isEqualTo(204);
    assertThat(ips(listed())).containsExactly("127.0.0.1/32", "192.0.2.11/32");
  }

  @Test
  void activity_showsTheClientsOwnAttemptsAsAllowedApiCalls() throws IOException {
    addEntries("127.0.0.1");

    Request activity = request(Method.GET, "access_settings/activity", null);
    activity.addQueryParam("limit", "10");
    Response response = sendGrid.api(activity);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonNode attempts = result(response);
    assertThat(attempts).hasSize(1);
    JsonNode attempt = attempts.get(0);
    assertThat(attempt.get("ip").asText()).isEqualTo("127.0.0.1");
    assertThat(attempt.get("auth_method").asText()).isEqualTo("API");
    assertThat(attempt.get("allowed").asBoolean()).isTrue();
    assertThat(attempt.get("location").asText()).isEqualTo("Loopback");
    assertThat(attempt.get("first_at").asLong()).isPositive()
        .isLessThanOrEqualTo(attempt.get("last_at").asLong());
  }

  private Response addEntries(String... ips) throws IOException {
    List<String> items = new ArrayList<>();
    for (String ip : ips) {
      items.add("{\"ip\":\"" + ip + "\"}");
    }
    return sendGrid.api(
        request(Method.POST, WHITELIST, "{\"ips\":[" + String.join(",", items) + "]}"));
  }

  private JsonNode listed() throws IOException {
    return result(sendGrid.api(request(Method.GET, WHITELIST, null)));
  }

  private static Request request(Method method, String endpoint, String body) {
    Request request = new Request();
    request.setMethod(method);
    request.setEndpoint(endpoint);
    if (body != null) {
      request.setBody(body);
    }
    return request;
  }

  private static JsonNode result(Response response) {
    return RawApi.parse(response.getBody()).get("result");
  }

  private static List<String> ips(JsonNode result) {
    List<String> ips = new ArrayList<>();
    result.forEach(entry -> ips.add(entry.get("ip").asText()));
    return ips;
  }
}
