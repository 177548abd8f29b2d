package io.ipaccess.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipaccess.testing.RunningServer;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests the API must refuse: each gets its status and the exact error a user reads, never a
 * stack trace, and leaves the allow list as it was. One server serves the whole class; no test
 * here may change its list, and every test checks that none did.
 */
class BadRequestTest {

  private static final String WHITELIST = "/v3/access_settings/whitelist";
  private static final String IPS_EXAMPLE = "{\"ips\": [{\"ip\": \"192.0.2.1\"}]}";
  private static final String IDS_EXAMPLE = "{\"ids\": [1, 2]}";
  private static final int ONE_MIB = 1024 * 1024;
  private static final String ONE_MIB_AND_ONE_BYTE = ipsBodyOfLength(ONE_MIB + 1);

  private static RunningServer server;
  private static RawApi api;
  private static JsonNode listBefore;
  private static long ownEntryId;
  private static long otherEntryId;

  @BeforeAll
  static void startServerWithTwoEntries() {
    server = RunningServer.start();
    api = new RawApi(server);
    JsonNode added = api.add("127.0.0.1", "192.0.2.1");
    ownEntryId = added.get(0).get("id").asLong();
    otherEntryId = added.get(1).get("id").asLong();
    listBefore = api.entries();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** A refused request: what is sent and the one error that must come back. */
  record Refusal(String name, String method, String path, String authorization, String body,
      int status, String field, String message) {

    static Refusal of(String name, String method, String path, String body, int status,
        String field, String message) {
      return new Refusal(name, method, path, "Bearer " + RunningServer.KEY, body, status, field,
          message);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refusal> refusals() {
    return Stream.of(
        Refusal.of("malformed JSON", "POST", WHITELIST, "{\"ips\": [", 400, null,
            "the request body is not valid JSON: Unexpected end-of-input: expected close marker"
                + " for Array (line 1, column 10)"),
        Refusal.of("empty body", "POST", WHITELIST, "", 400, null,
            "the request needs a JSON body"),
        Refusal.of("body is an array", "POST", WHITELIST, "[]", 400, null,
            "the request body must be a JSON object such as " + IPS_EXAMPLE + ", not an array"),
        Refusal.of("body is a string", "POST", WHITELIST, "\"192.0.2.7\"", 400, null,
            "the request body must be a JSON object such as " + IPS_EXAMPLE
                + ", not a string (\"192.0.2.7\")"),
        Refusal.of("ips missing", "POST", WHITELIST, "{}", 400, "ips",
            "ips must be an array, as in " + IPS_EXAMPLE + ", not missing"),
        Refusal.of("ips is a string", "POST", WHITELIST, "{\"ips\": \"192.0.2.7\"}", 400, "ips",
            "ips must be an array, as in " + IPS_EXAMPLE + ", not a string (\"192.0.2.7\")"),
        // A JSON null is present but not an array: it must not read as missing.
        Refusal.of("ips is null", "POST", WHITELIST, "{\"ips\": null}", 400, "ips",
            "ips must be an array, as in " + IPS_EXAMPLE + ", not null"),
        Refusal.of("ips empty", "POST", WHITELIST, "{\"ips\": []}", 400, "ips",
            "ips must hold at least one item, as in " + IPS_EXAMPLE),
        Refusal.of("item is a bare string", "POST", WHITELIST, "{\"ips\": [\"192.0.2.7\"]}", 400,
            "ips[0]", "ips[0] must be an object such as {\"ip\": \"192.0.2.1\"}, not a string"
                + " (\"192.0.2.7\")"),
        Refusal.of("ip is a number", "POST", WHITELIST, "{\"ips\": [{\"ip\": 7}]}", 400,
            "ips[0].ip", "ips[0].ip must be a string such as \"192.0.2.1\", not a number (7)"),
        Refusal.of("ip missing from item", "POST", WHITELIST, "{\"ips\": [{\"addr\": \"x\"}]}",
            400, "ips[0].ip", "ips[0].ip must be a string such as \"192.0.2.1\", not missing"),
        // Duplicate keys could hide which value was meant; the parser refuses them.
        Refusal.of("duplicate key", "POST", WHITELIST, "{\"ips\": [], \"ips\": []}", 400, null,
            "the request body is not valid JSON: Duplicate field 'ips' (line 1, column 18)"),
        Refusal.of("ids missing", "DELETE", WHITELIST, "{}", 400, "ids",
            "ids must be an array, as in " + IDS_EXAMPLE + ", not missing"),
        Refusal.of("ids empty", "DELETE", WHITELIST, "{\"ids\": []}", 400, "ids",
            "ids must hold at least one item, as in " + IDS_EXAMPLE),
        Refusal.of("id 0", "DELETE", WHITELIST, "{\"ids\": [0]}", 400, "ids[0]", idMessage(
            "a number (0)")),
        Refusal.of("id -1", "DELETE", WHITELIST, "{\"ids\": [-1]}", 400, "ids[0]", idMessage(
            "a number (-1)")),
        Refusal.of("id 1.5", "DELETE", WHITELIST, "{\"ids\": [1.5]}", 400, "ids[0]", idMessage(
            "a number (1.5)")),
        // A numeric string is still a string: SendGrid's ids are JSON integers.
        Refusal.of("id \"1\"", "DELETE", WHITELIST, "{\"ids\": [\"1\"]}", 400, "ids[0]",
            idMessage("a string (\"1\")")),
        Refusal.of("id null", "DELETE", WHITELIST, "{\"ids\": [null]}", 400, "ids[0]",
            idMessage("null")),
        Refusal.of("limit 0", "GET", "/v3/access_settings/activity?limit=0", null, 400, "limit",
            "limit must be a whole number from 1 to 1000, not '0'"),
        Refusal.of("limit 1001", "GET", "/v3/access_settings/activity?limit=1001", null, 400,
            "limit", "limit must be a whole number from 1 to 1000, not '1001'"),
        Refusal.of("limit abc", "GET", "/v3/access_settings/activity?limit=abc", null, 400,
            "limit", "limit must be a whole number from 1 to 1000, not 'abc'"),
        Refusal.of("force=yes on POST", "POST", WHITELIST + "?force=yes",
            "{\"ips\": [{\"ip\": \"192.0.2.9\"}]}", 400, "force",
            "force must be true or false, not 'yes'"),
        Refusal.of("force=yes on DELETE", "DELETE", WHITELIST + "/" + Long.MAX_VALUE
            + "?force=yes", null, 400, "force", "force must be true or false, not 'yes'"),
        Refusal.of("rule_id abc on GET", "GET", WHITELIST + "/abc", null, 400, "rule_id",
            ruleIdMessage("abc")),
        Refusal.of("rule_id abc on DELETE", "DELETE", WHITELIST + "/abc", null, 400, "rule_id",
            ruleIdMessage("abc")),
        Refusal.of("rule_id 0", "GET", WHITELIST + "/0", null, 400, "rule_id",
            ruleIdMessage("0")),
        Refusal.of("body of 1 MiB + 1 byte", "POST", WHITELIST, ONE_MIB_AND_ONE_BYTE, 413, null,
            "the request body is larger than 1048576 bytes (1 MiB)"),
        Refusal.of("halves of the IPv4 space", "POST", WHITELIST,
            "{\"ips\": [{\"ip\": \"0.0.0.0/1\"}, {\"ip\": \"128.0.0.0/1\"}]}", 400, "ips",
            "together, the entries would allow every IPv4 or every IPv6 address, which turns"
                + " protection off in effect: to open access, empty the list instead"),
        Refusal.of("text after the JSON value", "POST", WHITELIST,
            "{\"ips\": [{\"ip\": \"127.0.0.1\"}]} {\"ips\": []}", 400, null,
            "the request body has more text after its JSON value: send exactly one JSON object"),
        Refusal.of("force given twice", "DELETE", WHITELIST + "/1?force=true&force=false", null,
            400, "force", "force is given 2 times: give it once"),
        Refusal.of("a range to check", "GET", "/v3/access_settings/check?ip=10.0.0.0/8", null,
            400, "ip", "'10.0.0.0/8' is a range: check takes one address, e.g. ?ip=192.0.2.1"),
        Refusal.of("rule_id with a sign", "GET", WHITELIST + "/+1", null, 400, "rule_id",
            "'+1' is not an entry id: ids are positive integers, as GET"
                + " /v3/access_settings/whitelist lists them"),
        Refusal.of("rule_id with a leading zero", "GET", WHITELIST + "/01", null, 400, "rule_id",
            "'01' is not an entry id: ids are positive integers, as GET"
                + " /v3/access_settings/whitelist lists them"),
        Refusal.of("unknown endpoint", "GET", "/v3/access_settings/nope", null, 404, null,
            "no such endpoint: GET /v3/access_settings/nope"),
        Refusal.of("unknown rule_id on GET", "GET", WHITELIST + "/987654", null, 404, "rule_id",
            "no entry with id 987654 on this account's allow list"),
        Refusal.of("unknown rule_id on DELETE", "DELETE", WHITELIST + "/987654", null, 404,
            "rule_id",
            "no entry with id 987654 on this account's allow list; list the entries with GET"
                + " /v3/access_settings/whitelist"),
        new Refusal("missing key", "GET", WHITELIST, null, null, 401, null,
            "authorization required: send the account's API key as 'Authorization: Bearer"
                + " <key>'"),
        // Basic auth is not a bearer key, even with the right secret in it.
        new Refusal("Basic instead of Bearer", "GET", WHITELIST, "Basic " + RunningServer.KEY,
            null, 401, null, "authorization required: send the account's API key as"
                + " 'Authorization: Bearer <key>'"),
        new Refusal("wrong key", "POST", WHITELIST, "Bearer ipa_wrong_key_000000000000000000",
            "{\"ips\": [{\"ip\": \"192.0.2.9\"}]}", 401, null, "the API key is not valid"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusedRequest_getsItsStatusAndExactError(Refusal refusal) {
    HttpResponse<String> response =
        api.send(refusal.method(), refusal.path(), refusal.authorization(), refusal.body());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(refusal.status());
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    JsonNode errors = RawApi.parse(response.body()).get("errors");
    assertThat(errors).as(response.body()).hasSize(1);
    assertThat(errors.get(0).get("field").isNull() ? null : errors.get(0).get("field").asText())
        .isEqualTo(refusal.field());
    assertThat(errors.get(0).get("message").asText()).isEqualTo(refusal.message());
  }

  static Stream<Refusal> refusedChanges() {
    return refusals().filter(refusal -> !refusal.method().equals("GET"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedChanges")
  void refusedChange_leavesTheListUnchanged(Refusal refusal) {
    api.send(refusal.method(), refusal.path(), refusal.authorization(), refusal.body());

    assertThat(api.entries()).isEqualTo(listBefore);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusedRequest_showsNoStackTrace(Refusal refusal) {
    HttpResponse<String> response =
        api.send(refusal.method(), refusal.path(), refusal.authorization(), refusal.body());

    assertThat(response.body()).doesNotContain("Exception", "at io.", "at java.");
  }

  @Test
  void queryThatIsNotUrlEncoding_isRefusedSayingSo() throws Exception {
    // java.net.URI refuses to build such a request, so it goes over a plain socket.
    String response;
    try (Socket socket = new Socket("127.0.0.1", URI.create(server.baseUrl()).getPort())) {
      socket.getOutputStream().write(("GET /v3/access_settings/activity?limit=%zz HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nAuthorization: Bearer " + RunningServer.KEY + "\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(response).startsWith("HTTP/1.1 400 ").contains("{\"errors\":[{\"field\":null,"
        + "\"message\":\"the query string is not valid URL encoding: a '%' must be followed by"
        + " two hex digits, e.g. %25 for '%' itself\"}]}");
  }

  @Test
  void postWithOneGoodAndOneBadEntry_addsNothing() {
    HttpResponse<String> response = api.send("POST", WHITELIST,
        "{\"ips\": [{\"ip\": \"192.0.2.50\"}, {\"ip\": \"192.0.2.300\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(api.entries()).isEqualTo(listBefore);
  }

  @Test
  void postWithTwoBadEntries_reportsOneErrorForEach() {
    HttpResponse<String> response = api.send("POST", WHITELIST,
        "{\"ips\": [{\"ip\": \"10.1.2\"}, {\"ip\": \"192.0.2.50\"}, {\"ip\": \"nope\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode errors = RawApi.parse(response.body()).get("errors");
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).get("field").asText()).isEqualTo("ips[0].ip");
    assertThat(errors.get(0).get("message").asText()).startsWith("'10.1.2' ");
    assertThat(errors.get(1).get("field").asText()).isEqualTo("ips[2].ip");
    assertThat(errors.get(1).get("message").asText()).startsWith("'nope' ");
  }

  @Test
  void duplicatePost_returnsTheExistingIdAndAddsNothing() {
    HttpResponse<String> response =
        api.send("POST", WHITELIST, "{\"ips\": [{\"ip\": \"192.0.2.1\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode result = RawApi.parse(response.body()).get("result");
    assertThat(result).hasSize(1);
    assertThat(result.get(0).get("id").asLong()).isEqualTo(otherEntryId);
    assertThat(api.entries()).isEqualTo(listBefore);
  }

  @Test
  void deleteNamingAnUnknownId_deletesNoneOfTheKnownOnes() {
    HttpResponse<String> response =
        api.send("DELETE", WHITELIST, "{\"ids\": [" + otherEntryId + ", 987654]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    JsonNode error = RawApi.parse(response.body()).get("errors").get(0);
    assertThat(error.get("field").asText()).isEqualTo("ids");
    assertThat(error.get("message").asText()).isEqualTo("no entry with id 987654 on this"
        + " account's allow list; list the entries with GET /v3/access_settings/whitelist");
    assertThat(api.entries()).isEqualTo(listBefore);
  }

  @Test
  void deletingTheCallersOwnEntry_isRefusedWith409NamingItsAddress() {
    HttpResponse<String> response = api.send("DELETE", WHITELIST + "/" + ownEntryId, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    assertThat(RawApi.parse(response.body()).get("errors").get(0).get("message").asText())
        .startsWith("this change would block your own address 127.0.0.1: ");
    assertThat(api.entries()).isEqualTo(listBefore);
  }

  @Test
  void addingOnlyOtherAddressesToAnEmptyList_isRefusedWith409() {
    try (RunningServer fresh = RunningServer.start()) {
      RawApi freshApi = new RawApi(fresh);

      HttpResponse<String> response =
          freshApi.send("POST", WHITELIST, "{\"ips\": [{\"ip\": \"192.0.2.1\"}]}");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
      assertThat(freshApi.entries()).isEmpty();
    }
  }

  @Test
  void bodyOfExactlyOneMebibyte_isReadNotRefusedAsTooLarge() {
    HttpResponse<String> response = api.send("POST", WHITELIST, ipsBodyOfLength(ONE_MIB));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(RawApi.parse(response.body()).get("errors").get(0).get("field").asText())
        .isEqualTo("ips[0].ip");
  }

  /** {@code {"ips":[{"ip":"999..."}]}}, padded to exactly {@code length} bytes. */
  private static String ipsBodyOfLength(int length) {
    String head = "{\"ips\":[{\"ip\":\"";
    String tail = "\"}]}";
    return head + "9".repeat(length - head.length() - tail.length()) + tail;
  }

  private static String idMessage(String given) {
    return "ids[0] must be a positive integer id, as GET /v3/access_settings/whitelist lists"
        + " them, not " + given;
  }

  private static String ruleIdMessage(String given) {
    return "'" + given + "' is not an entry id: ids are positive integers, as GET"
        + " /v3/access_settings/whitelist lists them";
  }
}
