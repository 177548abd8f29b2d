package io.ipaccess.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.ipaccess.testing.RunningServer;
import io.ipaccess.testing.SendGridClients;
import io.ipaccess.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every response of the six SendGrid operations whose status the spec documents is checked against
 * SendGrid's OpenAPI document with the Atlassian validator.
 *
 * <p>The document says {@code openapi: 3.1.0}. The validator on this Java 17 build (2.x) reads a
 * 3.1 document without complaint but then drops every {@code type} keyword, so a response with
 * an id of the wrong type would pass; its successor with real 3.1 support (3.x) needs Java 21.
 * The document uses no 3.1 schema feature (its one nullable field is written the 3.0 way, with
 * {@code nullable: true}), so it is loaded under a 3.0.3 header (less the 3.1-only
 * {@code info.summary}), which restores the type checks;
 * {@link #specUsesNoSchemaFeatureNewerThan30} keeps that assumption honest, and
 * {@link #validator_refusesAnIdOfTheWrongType} shows the checks are live.
 */
class SpecConformanceTest {

  private static final String WHITELIST = "access_settings/whitelist";
  private static final String OWN_ADDRESS = "127.0.0.1";

  private static String spec;
  private static OpenApiInteractionValidator validator;

  private RunningServer server;
  private SendGrid sendGrid;

  @BeforeAll
  static void loadSpec() throws IOException {
    spec = Files.readString(
        SharedTestData.file("spec/sendgrid-ip-access-management-v3.yaml"), StandardCharsets.UTF_8);
    assertThat(spec).startsWith("openapi: 3.1.0\n");
    validator = OpenApiInteractionValidator.createForInlineApiSpecification(as30(spec)).build();
  }

  /** The document under a 3.0.3 header, less {@code info.summary}, which 3.0 does not have. */
  private static String as30(String yaml) throws IOException {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    ObjectNode document = (ObjectNode) mapper.readTree(yaml);
    document.put("openapi", "3.0.3");
    ((ObjectNode) document.get("info")).remove("summary");
    return mapper.writeValueAsString(document);
  }

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
  void specUsesNoSchemaFeatureNewerThan30() {
    assertThat(spec).doesNotContain("type: [", "- 'null'", "- \"null\"", "const:", "$defs",
        "prefixItems", "unevaluated", "exclusiveMinimum: ", "exclusiveMaximum: ", "webhooks:");
  }

  @Test
  void validator_refusesAResponseWithoutResult() {
    ValidationReport report = validate("/v3/access_settings/whitelist", Request.Method.GET,
        200, "{\"entries\":[]}");

    assertThat(report.hasErrors()).as("report for a body without result").isTrue();
  }

  @Test
  void validator_refusesAnIdOfTheWrongType() {
    ValidationReport report = validate("/v3/access_settings/whitelist", Request.Method.GET,
        200, "{\"result\":[{\"id\":\"one\",\"ip\":\"192.0.2.1/32\",\"created_at\":1,"
            + "\"updated_at\":1}]}");

    assertThat(report.hasErrors()).as("report for an id that is a string").isTrue();
  }

  @Test
  void validator_refusesAStatusTheOperationDoesNotDocument() {
    // The spec gives GET /whitelist/{rule_id} no 404, though ipaccess (like SendGrid) sends one.
    ValidationReport report = validate("/v3/access_settings/whitelist/7", Request.Method.GET,
        404, "{\"errors\":[{\"field\":\"rule_id\",\"message\":\"no entry\"}]}");

    assertThat(report.hasErrors()).as("report for an undocumented 404").isTrue();
  }

  @Test
  void listEntries_200_conforms() {
    call(Method.POST, WHITELIST, ipsBody(OWN_ADDRESS, "192.0.2.1"));

    assertConforms("/v3/access_settings/whitelist", Request.Method.GET, 200,
        call(Method.GET, WHITELIST, null));
  }

  @Test
  void listEntries_200_conformsWhenEmpty() {
    assertConforms("/v3/access_settings/whitelist", Request.Method.GET, 200,
        call(Method.GET, WHITELIST, null));
  }

  @Test
  void addEntries_201_conforms() {
    assertConforms("/v3/access_settings/whitelist", Request.Method.POST, 201,
        call(Method.POST, WHITELIST, ipsBody(OWN_ADDRESS, "192.0.2.1", "198.51.100.*")));
  }

  @Test
  void getEntry_200_conforms() {
    long id = firstId(call(Method.POST, WHITELIST, ipsBody(OWN_ADDRESS)));

    assertConforms("/v3/access_settings/whitelist/" + id, Request.Method.GET, 200,
        call(Method.GET, WHITELIST + "/" + id, null));
  }

  @Test
  void deleteEntry_204_conforms() {
    call(Method.POST, WHITELIST, ipsBody(OWN_ADDRESS));
    long id = firstId(call(Method.POST, WHITELIST, ipsBody("192.0.2.1")));

    assertConforms("/v3/access_settings/whitelist/" + id, Request.Method.DELETE, 204,
        call(Method.DELETE, WHITELIST + "/" + id, null));
  }

  @Test
  void deleteEntries_204_conforms() {
    call(Method.POST, WHITELIST, ipsBody(OWN_ADDRESS));
    long id = firstId(call(Method.POST, WHITELIST, ipsBody("192.0.2.1")));

    assertConforms("/v3/access_settings/whitelist", Request.Method.DELETE, 204,
        call(Method.DELETE, WHITELIST, "{\"ids\":[" + id + "]}"));
  }

  @Test
  void deleteEntries_404_conformsForAnUnknownId() {
    call(Method.POST, WHITELIST, ipsBody(OWN_ADDRESS));

    assertConforms("/v3/access_settings/whitelist", Request.Method.DELETE, 404,
        call(Method.DELETE, WHITELIST, "{\"ids\":[987654]}"));
  }

  @Test
  void activity_200_conforms() {
    call(Method.POST, WHITELIST, ipsBody(OWN_ADDRESS));

    assertConforms("/v3/access_settings/activity", Request.Method.GET, 200,
        call(Method.GET, "access_settings/activity?limit=5", null));
  }

  /** The four operations whose spec documents 401, 403 and 404, with a body each can send. */
  static Stream<Arguments> guardedOperations() {
    return Stream.of(
        Arguments.of(Method.GET, "access_settings/activity", null),
        Arguments.of(Method.GET, WHITELIST, null),
        Arguments.of(Method.POST, WHITELIST, ipsBody("192.0.2.1")),
        Arguments.of(Method.DELETE, WHITELIST, "{\"ids\":[1]}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("guardedOperations")
  void wrongKey_401_conforms(Method method, String endpoint, String body) {
    SendGrid wrongKey = SendGridClients.client(server, "ipa_not_a_key_of_this_server_0000000");

    Response response = SendGridClients.call(wrongKey, method, endpoint, body);

    assertConforms("/v3/" + endpoint, Request.Method.valueOf(method.name()), 401, response);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("guardedOperations")
  void addressNotOnList_403_conforms(Method method, String endpoint, String body) {
    call(Method.POST, WHITELIST, ipsBody(OWN_ADDRESS));
    SendGrid elsewhere = SendGridClients.client(server, RunningServer.KEY, "127.0.0.2");

    Response response = SendGridClients.call(elsewhere, method, endpoint, body);

    assertConforms("/v3/" + endpoint, Request.Method.valueOf(method.name()), 403, response);
  }

  private Response call(Method method, String endpoint, String body) {
    return SendGridClients.call(sendGrid, method, endpoint, body);
  }

  private static String ipsBody(String... ips) {
    return Stream.of(ips).map(ip -> "{\"ip\":\"" + ip + "\"}")
        .collect(Collectors.joining(",", "{\"ips\":[", "]}"));
  }

  private static long firstId(Response added) {
    assertThat(added.getStatusCode()).as(added.getBody()).isEqualTo(201);
    return RawApi.parse(added.getBody()).get("result").get(0).get("id").asLong();
  }

  private static void assertConforms(String path, Request.Method method, int expectedStatus,
      Response response) {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(expectedStatus);
    String body = response.getBody();
    ValidationReport report = validate(path, method, response.getStatusCode(),
        body == null || body.isEmpty() ? null : body, contentType(response.getHeaders()));

    assertThat(report.getMessages())
        .as("%s %s -> %d %s%n%s", method, path, expectedStatus, body, report)
        .filteredOn(message -> message.getLevel() == ValidationReport.Level.ERROR)
        .isEmpty();
  }

  private static ValidationReport validate(String path, Request.Method method, int status,
      String body) {
    return validate(path, method, status, body, "application/json");
  }

  private static ValidationReport validate(String path, Request.Method method, int status,
      String body, String contentType) {
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
    if (contentType != null) {
      response.withContentType(contentType);
    }
    if (body != null) {
      response.withBody(body);
    }
    return validator.validateResponse(path, method, response.build());
  }

  private static String contentType(Map<String, String> headers) {
    return headers.entrySet().stream()
        .filter(header -> header.getKey().equalsIgnoreCase("Content-Type"))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
