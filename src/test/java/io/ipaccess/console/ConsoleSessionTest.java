package io.ipaccess.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipaccess.cli.Main;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.ConsoleClient;
import io.ipaccess.testing.ConsoleClient.Reply;
import io.ipaccess.testing.RunningServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's door over plain HTTP: login, cookies, throttling, the allow list, CSRF. */
class ConsoleSessionTest {

  private static final String USER = RunningServer.ADMIN_USER;
  private static final String PASSWORD = RunningServer.ADMIN_PASSWORD;

  private RunningServer server;
  private final List<ConsoleClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = RunningServer.start();
  }

  @AfterEach
  void stop() {
    clients.forEach(ConsoleClient::close);
    server.close();
  }

  @Test
  void login_setsAnHttpOnlyStrictSessionCookie() {
    Reply reply = client("127.0.0.1").login(USER, PASSWORD);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.setCookies()).singleElement().satisfies(cookie -> assertThat(cookie)
        .startsWith(Console.COOKIE + "=")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        .doesNotContain("Secure"));
    assertThat(reply.json().get("username").asText()).isEqualTo("admin");
    assertThat(reply.json().get("account").asText()).isEqualTo("default");
  }

  @Test
  void wrongPasswordAndUnknownUser_getTheSameRefusal() {
    ConsoleClient client = client("127.0.0.1");

    Reply wrongPassword = client.login(USER, "not-the-password-at-all");
    Reply unknownUser = client.login("nobody", PASSWORD);

    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(wrongPassword.firstMessage()).isEqualTo("wrong user name or password");
    assertThat(unknownUser.status()).isEqualTo(401);
    assertThat(unknownUser.firstMessage()).isEqualTo("wrong user name or password");
  }

  @Test
  void fiveFailedLogins_lockTheNameAtThatAddressEvenForTheRightPassword() {
    ConsoleClient client = client("127.0.0.1");
    for (int i = 0; i < 5; i++) {
      assertThat(client.login(USER, "wrong-password-" + i).status()).isEqualTo(401);
    }

    Reply reply = client.login(USER, PASSWORD);

    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.firstMessage())
        .isEqualTo("too many failed logins for 'admin' from 127.0.0.1: try again in 15 minutes");
    assertThat(client("127.0.0.2").login(USER, PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void loginFromAnAddressTheListDoesNotCover_isRefusedNamingTheAddress() {
    ApiClient.of(server).add("127.0.0.1");

    Reply reply = client("127.0.0.2").login(USER, PASSWORD);

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json().get("ip").asText()).isEqualTo("127.0.0.2");
    assertThat(reply.firstMessage()).startsWith("access from 127.0.0.2 is not allowed: the"
        + " address is not on this account's IP allow list.");
    assertThat(reply.setCookies()).isEmpty();
  }

  @Test
  void loginFromAnAddressTheListDoesNotCover_getsTheSameRefusalWhateverThePassword() {
    ApiClient.of(server).add("127.0.0.1");

    Reply rightPassword = client("127.0.0.2").login(USER, PASSWORD);
    Reply wrongPassword = client("127.0.0.2").login(USER, "not-the-password-at-all");

    assertThat(wrongPassword.status()).isEqualTo(rightPassword.status()).isEqualTo(403);
    assertThat(wrongPassword.body()).isEqualTo(rightPassword.body());
  }

  @Test
  void consoleAttempts_areRecordedAsWeb_allowedAndRefusedAlike() {
    ApiClient api = ApiClient.of(server);
    api.add("127.0.0.1");
    client("127.0.0.1").login(USER, PASSWORD);
    client("127.0.0.2").login(USER, PASSWORD);

    JsonNode attempts = api.get("access_settings/activity").json().get("result");

    assertThat(attempts).anySatisfy(attempt -> {
      assertThat(attempt.get("ip").asText()).isEqualTo("127.0.0.1");
      assertThat(attempt.get("auth_method").asText()).isEqualTo("Web");
      assertThat(attempt.get("allowed").asBoolean()).isTrue();
    });
    assertThat(attempts).anySatisfy(attempt -> {
      assertThat(attempt.get("ip").asText()).isEqualTo("127.0.0.2");
      assertThat(attempt.get("auth_method").asText()).isEqualTo("Web");
      assertThat(attempt.get("allowed").asBoolean()).isFalse();
    });
  }

  @Test
  void session_isRefusedOnItsNextRequestOnceTheListStopsCoveringIt() {
    ConsoleClient console = client("127.0.0.2");
    console.login(USER, PASSWORD);
    assertThat(console.get("/v3/access_settings/whitelist").status()).isEqualTo(200);

    ApiClient.of(server).add("127.0.0.1");

    Reply page = console.get("/console/api/session");
    Reply api = console.get("/v3/access_settings/whitelist");
    assertThat(page.status()).isEqualTo(403);
    assertThat(page.json().get("ip").asText()).isEqualTo("127.0.0.2");
    assertThat(api.status()).isEqualTo(403);
    assertThat(api.firstMessage()).isEqualTo("access from 127.0.0.2 is not allowed: the address"
        + " is not on this account's IP allow list");
  }

  @Test
  void changeWithoutTheCsrfToken_isRefusedAndNothingChanges() {
    ConsoleClient console = client("127.0.0.1");
    console.login(USER, PASSWORD);

    Reply reply = console.postWithoutCsrf("/v3/access_settings/whitelist",
        ApiClient.ipsBody(List.of("127.0.0.1")));

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.firstMessage()).startsWith("the request lacks this session's CSRF token");
    assertThat(ApiClient.of(server).entries()).isEmpty();
  }

  @Test
  void changeBySession_isRecordedInTheHistoryAsTheUser_andByKeyAsTheKey() {
    ConsoleClient console = client("127.0.0.1");
    console.login(USER, PASSWORD);
    assertThat(console.post("/v3/access_settings/whitelist",
        ApiClient.ipsBody(List.of("127.0.0.1"))).status()).isEqualTo(201);
    ApiClient.of(server).add("192.0.2.0/24");

    JsonNode history = ApiClient.of(server).get("access_settings/history").json().get("result");

    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("actor_kind").asText()).isEqualTo("api_key");
    assertThat(history.get(0).get("actor").asText()).isEqualTo("ipa_test_k");
    assertThat(history.get(0).get("detail").asText()).isEqualTo("192.0.2.0/24");
    assertThat(history.get(1).get("actor_kind").asText()).isEqualTo("user");
    assertThat(history.get(1).get("actor").asText()).isEqualTo("admin");
    assertThat(history.get(1).get("action").asText()).isEqualTo("entries_added");
    assertThat(history.get(1).get("ip").asText()).isEqualTo("127.0.0.1");
  }

  @Test
  void logout_endsTheSessionOnTheServer() {
    ConsoleClient console = client("127.0.0.1");
    console.login(USER, PASSWORD);

    Reply logout = console.post("/console/api/logout", null);

    assertThat(logout.status()).isEqualTo(204);
    assertThat(logout.setCookies()).singleElement().satisfies(cookie ->
        assertThat(cookie).startsWith(Console.COOKIE + "=;").contains("Max-Age=0"));
    assertThat(console.get("/console/api/session").status()).isEqualTo(401);
  }

  @Test
  void newPassword_endsTheUsersSessions() {
    ConsoleClient console = client("127.0.0.1");
    console.login(USER, PASSWORD);

    StringWriter out = new StringWriter();
    assertThat(Main.commandLine().setOut(new PrintWriter(out)).execute("users", "passwd",
        server.storeArg(), USER)).isZero();
    assertThat(out.toString()).startsWith("set the password of admin; its sessions are ended");

    assertThat(console.get("/console/api/session").status()).isEqualTo(401);
    assertThat(client("127.0.0.1").login(USER, PASSWORD).status()).isEqualTo(401);
  }

  @Test
  void loginSentAsAForm_isRefused() {
    Reply reply = client("127.0.0.1").postWithoutCsrf("/console/api/login", null);

    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.firstMessage()).isEqualTo("send the login as application/json, e.g."
        + " {\"username\": \"admin\", \"password\": \"...\"}");
  }

  @Test
  void loginWithoutAPassword_namesTheMissingField() {
    Reply reply = client("127.0.0.1").postWithoutCsrf("/console/api/login",
        "{\"username\": \"admin\"}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("errors").get(0).get("field").asText()).isEqualTo("password");
    assertThat(reply.firstMessage()).isEqualTo("password must be a non-empty string, as in"
        + " {\"username\": \"admin\", \"password\": \"...\"}");
  }

  private ConsoleClient client(String sourceAddress) {
    ConsoleClient client = ConsoleClient.from(server, sourceAddress);
    clients.add(client);
    return client;
  }
}
