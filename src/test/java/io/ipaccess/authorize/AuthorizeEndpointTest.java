package io.ipaccess.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipaccess.http.ClientIpHeader;
import io.ipaccess.http.TrustedProxies;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.LoopbackHttp;
import io.ipaccess.testing.LoopbackHttp.Reply;
import io.ipaccess.testing.RunningServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /authorize} on a running node: its answers, its header, and the attempts it records. */
class AuthorizeEndpointTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunningServer server;
  private final List<LoopbackHttp> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(LoopbackHttp::close);
    server.close();
  }

  @Test
  void listCoveringOnlyOtherAddress_refusesWith403AndTheJudgedAddress() {
    server = RunningServer.start();
    ApiClient.of(server).add("127.0.0.1");

    Reply refused = authorize("127.0.0.2", "GET", "/authorize", withKey());
    Reply allowed = authorize("127.0.0.1", "GET", "/authorize", withKey());

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.header(AuthorizeEndpoint.CLIENT_IP_HEADER)).isEqualTo("127.0.0.2");
    assertThat(firstMessage(refused)).isEqualTo("access from 127.0.0.2 is not allowed: the"
        + " address is not on this account's IP allow list");
    assertThat(allowed.status()).isEqualTo(204);
    assertThat(allowed.header(AuthorizeEndpoint.CLIENT_IP_HEADER)).isEqualTo("127.0.0.1");
    assertThat(allowed.body()).isEmpty();
  }

  @Test
  void missingKey_is401WithoutAJudgedAddress() {
    server = RunningServer.start();

    Reply reply = authorize("127.0.0.1", "GET", "/authorize", new LinkedHashMap<>());

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.header(AuthorizeEndpoint.CLIENT_IP_HEADER)).isNull();
    assertThat(firstMessage(reply)).isEqualTo("authorization required: send the account's API"
        + " key as 'Authorization: Bearer <key>'");
  }

  @Test
  void wrongKey_is401EvenFromAnAllowedAddress() {
    server = RunningServer.start();

    Reply reply = authorize("127.0.0.1", "GET", "/authorize",
        headers("Authorization", "Bearer ipa_not_a_key"));

    assertThat(reply.status()).isEqualTo(401);
    assertThat(firstMessage(reply)).isEqualTo("the API key is not valid");
  }

  @Test
  void anyMethodAndPathBelowIt_isDecided() {
    server = RunningServer.start();
    ApiClient.of(server).add("127.0.0.1");

    // Envoy's ext_authz appends the original path to the endpoint's.
    assertThat(authorize("127.0.0.2", "POST", "/authorize/orders/7?x=1", withKey()).status())
        .isEqualTo(403);
    assertThat(authorize("127.0.0.1", "DELETE", "/authorize/orders/7", withKey()).status())
        .isEqualTo(204);
    assertThat(authorize("127.0.0.1", "HEAD", "/authorize", withKey()).status()).isEqualTo(204);
  }

  @Test
  void eachDecision_isRecordedAsAnApiAttempt() {
    server = RunningServer.start();
    ApiClient api = ApiClient.of(server);
    api.add("127.0.0.1");

    authorize("127.0.0.2", "GET", "/authorize", withKey());

    List<String> rows = new ArrayList<>();
    api.get("access_settings/activity").json().get("result").forEach(row -> rows.add(
        row.get("ip").asText() + " " + row.get("auth_method").asText() + " "
            + row.get("allowed").asBoolean()));
    assertThat(rows).contains("127.0.0.2 API false");
  }

  @Test
  void withoutTrustedProxies_aSpoofedHeaderChangesNothing() {
    server = RunningServer.start();
    ApiClient.of(server).add("127.0.0.1");

    Map<String, List<String>> spoofed = withKey();
    spoofed.put("X-Forwarded-For", List.of("127.0.0.1"));
    spoofed.put("X-Real-IP", List.of("127.0.0.1"));
    spoofed.put("Forwarded", List.of("for=127.0.0.1"));
    Reply reply = authorize("127.0.0.2", "GET", "/authorize", spoofed);

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.header(AuthorizeEndpoint.CLIENT_IP_HEADER)).isEqualTo("127.0.0.2");
  }

  @Test
  void forwardedHeader_isReadWhenChosen() {
    server = RunningServer.start(config -> config.withClientAddress(
        TrustedProxies.parse(List.of("127.0.0.1")), ClientIpHeader.FORWARDED));

    Map<String, List<String>> headers = withKey();
    headers.put("Forwarded", List.of("for=\"[2001:db8::7]:443\";proto=https"));
    headers.put("X-Forwarded-For", List.of("192.0.2.1"));
    Reply reply = authorize("127.0.0.1", "GET", "/authorize", headers);

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.header(AuthorizeEndpoint.CLIENT_IP_HEADER)).isEqualTo("2001:db8::7");
  }

  @Test
  void apiAndDecisionEndpoint_judgeTheSameAddress() {
    server = RunningServer.start(config -> config.withClientAddress(
        TrustedProxies.parse(List.of("127.0.0.1")), ClientIpHeader.X_FORWARDED_FOR));

    for (String[] request : new String[][] {
        {"127.0.0.1", "198.51.100.1, 203.0.113.9"},
        {"127.0.0.1", "203.0.113.9, 127.0.0.1"},
        {"127.0.0.2", "203.0.113.9"}}) {
      Map<String, List<String>> headers = withKey();
      headers.put("X-Forwarded-For", List.of(request[1]));

      Reply decision = authorize(request[0], "GET", "/authorize", headers);
      Reply api = authorize(request[0], "GET", "/v3/access_settings/current_ip", headers);

      assertThat(decision.status()).isEqualTo(204);
      assertThat(api.status()).isEqualTo(200);
      assertThat(json(api).get("ip").asText()).as(request[1])
          .isEqualTo(decision.header(AuthorizeEndpoint.CLIENT_IP_HEADER));
    }
  }

  @Test
  void twoAuthorizationHeaders_areRefusedAtBothDoorsWhicheverComesFirst() {
    server = RunningServer.start();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Authorization", List.of("Bearer " + RunningServer.KEY, "Bearer ipa_not_a_key"));

    Reply decision = authorize("127.0.0.1", "GET", "/authorize", headers);
    Reply api = authorize("127.0.0.1", "GET", "/v3/access_settings/whitelist", headers);

    String message = "the request has 2 Authorization headers: send exactly one,"
        + " 'Authorization: Bearer <key>'";
    assertThat(decision.status()).isEqualTo(401);
    assertThat(firstMessage(decision)).isEqualTo(message);
    assertThat(api.status()).isEqualTo(401);
    assertThat(firstMessage(api)).isEqualTo(message);
  }

  @Test
  void consoleAndDecisionEndpoint_judgeTheSameAddress() {
    server = RunningServer.start(config -> config.withClientAddress(
        TrustedProxies.parse(List.of("127.0.0.1")), ClientIpHeader.X_FORWARDED_FOR));
    Map<String, List<String>> headers = withKey();
    headers.put("X-Forwarded-For", List.of("198.51.100.1, 203.0.113.9"));
    Map<String, List<String>> login = headers("X-Forwarded-For", "198.51.100.1, 203.0.113.9");
    login.put("Content-Type", List.of("application/json"));
    byte[] credentials = ("{\"username\":\"" + RunningServer.ADMIN_USER + "\",\"password\":\""
        + RunningServer.ADMIN_PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8);

    Reply decision = authorize("127.0.0.1", "GET", "/authorize", headers);
    LoopbackHttp http = LoopbackHttp.from("127.0.0.1");
    clients.add(http);
    Reply console = http.send("POST", server.baseUrl() + "/console/api/login", login,
        new ByteArrayInputStream(credentials), credentials.length);

    assertThat(console.status()).as(console.text()).isEqualTo(200);
    assertThat(json(console).get("ip").asText()).isEqualTo("203.0.113.9")
        .isEqualTo(decision.header(AuthorizeEndpoint.CLIENT_IP_HEADER));
  }

  @Test
  void unreadableHeaderFromTrustedProxy_is403AtBothDoorsEvenWithAnOpenList() {
    server = RunningServer.start(config -> config.withClientAddress(
        TrustedProxies.parse(List.of("127.0.0.1")), ClientIpHeader.X_FORWARDED_FOR));
    Map<String, List<String>> headers = withKey();
    headers.put("X-Forwarded-For", List.of("203.0.113.9, unknown"));

    Reply decision = authorize("127.0.0.1", "GET", "/authorize", headers);
    Reply api = authorize("127.0.0.1", "GET", "/v3/access_settings/whitelist", headers);

    String message = "the client address cannot be read from X-Forwarded-For: 'unknown'";
    assertThat(decision.status()).isEqualTo(403);
    assertThat(firstMessage(decision)).startsWith(message);
    assertThat(api.status()).isEqualTo(403);
    assertThat(firstMessage(api)).isEqualTo(firstMessage(decision));
  }

  private Reply authorize(String source, String method, String path,
      Map<String, List<String>> headers) {
    LoopbackHttp http = LoopbackHttp.from(source);
    clients.add(http);
    return http.send(method, server.baseUrl() + path, headers);
  }

  private static Map<String, List<String>> withKey() {
    return headers("Authorization", "Bearer " + RunningServer.KEY);
  }

  private static Map<String, List<String>> headers(String name, String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put(name, List.of(value));
    return headers;
  }

  private static JsonNode json(Reply reply) {
    try {
      return JSON.readTree(reply.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + reply.text(), e);
    }
  }

  private static String firstMessage(Reply reply) {
    return json(reply).get("errors").get(0).get("message").asText();
  }
}
