package io.ipaccess.console;

import static io.ipaccess.testing.ConsoleBrowser.button;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import io.ipaccess.cli.Main;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.ConsoleBrowser;
import io.ipaccess.testing.ConsoleClient;
import io.ipaccess.testing.Poll;
import io.ipaccess.testing.RunningServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changing the allow list from the console in Chromium: the lockout prompt, adding from recent
 * attempts, removing, disabling, a forged cross-site POST, and restoring access from the CLI.
 */
class ConsoleChangesBrowserTest {

  private static ConsoleBrowser browser;

  private RunningServer server;
  private Page page;

  @BeforeAll
  static void launch() {
    browser = ConsoleBrowser.launchOrSkip();
  }

  @AfterAll
  static void quit() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void start() {
    server = RunningServer.start();
    page = browser.newPage();
  }

  @AfterEach
  void stop() {
    page.context().close();
    server.close();
  }

  @Test
  void decliningTheLockoutPrompt_savesEndsTheSessionAndRefusesTheNextLoginFromThatAddress()
      throws Exception {
    ConsoleBrowser.login(page, server);
    addManually("192.0.2.0/24 127.0.0.2", "Add 2 IPs");
    String sessionCookie = sessionCookie();
    button(page, "Save").click();
    expect(page.locator("#lockout-message")).containsText(
        "Your current IP 127.0.0.1 is not covered by the allow list you are saving");

    button(page, "Save without it and log out").click();

    expect(page.locator("#login-view")).isVisible();
    expect(page.locator("#notice")).containsText("127.0.0.1 is no longer allowed");
    assertThat(sessionStatus(sessionCookie)).isEqualTo(401);
    assertThat(ApiClient.from(server, "127.0.0.2").entries())
        .containsExactly("192.0.2.0/24", "127.0.0.2/32");
    ConsoleBrowser.submitLogin(page, RunningServer.ADMIN_USER, RunningServer.ADMIN_PASSWORD);
    expect(page.locator("#refused-view")).isVisible();
    expect(page.locator("#refused-ip")).hasText("127.0.0.1");
    try (ConsoleClient other = ConsoleClient.from(server, "127.0.0.2")) {
      assertThat(other.login(RunningServer.ADMIN_USER, RunningServer.ADMIN_PASSWORD).status())
          .isEqualTo(200);
      assertThat(other.get("/console/api/session").json().get("ip").asText())
          .isEqualTo("127.0.0.2");
    }
  }

  @Test
  void acceptingTheLockoutPrompt_savesTheEntriesWithYourIp() {
    ConsoleBrowser.login(page, server);
    addManually("192.0.2.0/24", "Add 1 IP");
    button(page, "Save").click();

    button(page, "Add my IP and save").click();

    expect(page.locator("#allowed-table tbody td:first-child"))
        .hasText(new String[] {"192.0.2.0/24", "127.0.0.1/32"});
    expect(page.locator("#settings-view")).isVisible();
  }

  @Test
  void addToAllowedList_fromRecentAccessAttempts() {
    ApiClient.from(server, "127.0.0.3").get("access_settings/whitelist");
    ConsoleBrowser.login(page, server);
    Locator row = page.locator("#attempts-table tbody tr",
        new Page.LocatorOptions().setHasText("127.0.0.3"));

    row.locator("summary").click();
    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
        .setName("Add To Allowed List")).click();
    button(page, "Add my IP and save").click();

    expect(page.locator("#allowed-table tbody td:first-child"))
        .hasText(new String[] {"127.0.0.3/32", "127.0.0.1/32"});
  }

  @Test
  void addAllToFormBelow_putsEveryRecentlyAccessedIpIntoTheForm() {
    ApiClient.from(server, "127.0.0.3").get("access_settings/whitelist");
    ApiClient.from(server, "127.0.0.4").get("access_settings/whitelist");
    ConsoleBrowser.login(page, server);
    openAddPane();
    expect(page.locator("#recent-ip-list .ip")).hasCount(2);

    button(page, "Add all to form below").click();

    Locator rows = page.locator("#to-add-table tbody td:first-child");
    expect(rows).hasCount(2);
    assertThat(rows.allTextContents()).containsExactlyInAnyOrder("127.0.0.3/32", "127.0.0.4/32");
    expect(button(page, "Add 2 IPs")).isEnabled();
  }

  @Test
  void removeFromAllowList_isConfirmedWithRemoveIp() {
    ApiClient.of(server).add("127.0.0.0/8", "192.0.2.0/24");
    ConsoleBrowser.login(page, server);

    entryAction("192.0.2.0/24", "Remove From Allow List");
    expect(page.locator("#remove-message")).hasText("Remove 192.0.2.0/24 from the allow list?");
    button(page, "Remove IP").click();

    expect(page.locator("#allowed-table tbody td:first-child")).hasText(new String[] {
        "127.0.0.0/8"});
    assertThat(ApiClient.of(server).entries()).containsExactly("127.0.0.0/8");
  }

  @Test
  void removingTheEntryThatCoversYourIp_warnsBeforeAnythingIsRemoved() {
    ApiClient.of(server).add("127.0.0.0/8", "192.0.2.0/24");
    ConsoleBrowser.login(page, server);

    entryAction("127.0.0.0/8", "Remove From Allow List");
    button(page, "Remove IP").click();

    expect(page.locator("#remove-warning")).hasText("127.0.0.0/8 covers your current IP"
        + " 127.0.0.1. If you remove it you will be logged out and can no longer reach this"
        + " account from 127.0.0.1.");
    expect(button(page, "Remove IP and log out")).isVisible();
    assertThat(ApiClient.of(server).entries()).containsExactly("127.0.0.0/8", "192.0.2.0/24");
  }

  @Test
  void disableAllowList_emptiesTheListAndTheHistoryNamesTheUser() {
    ApiClient.of(server).add("127.0.0.0/8", "192.0.2.0/24");
    ConsoleBrowser.login(page, server);

    button(page, "Disable Allow List").click();
    button(page, "Disable").click();

    expect(page.locator("#empty-explanation")).isVisible();
    assertThat(ApiClient.of(server).entries()).isEmpty();
    Locator newest = page.locator("#history-table tbody tr").first();
    expect(newest.locator("td[data-label=Change]")).hasText("List disabled");
    expect(newest.locator("td[data-label=By]")).hasText("admin (user)");
    expect(newest.locator("td[data-label=From]")).hasText("127.0.0.1");
  }

  @Test
  void crossSitePostWithoutTheCsrfToken_isRefused() throws IOException {
    ConsoleBrowser.login(page, server);
    expect(page.locator("#settings-view")).isVisible();
    HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String form = "<!doctype html><form id=f method=POST enctype=text/plain action=\""
        + server.baseUrl() + "/v3/access_settings/whitelist\"><input type=hidden"
        + " name='{\"ips\":[{\"ip\":\"192.0.2.66\"}],\"x\":\"' value='\"}'></form>"
        + "<script>document.getElementById('f').submit()</script>";
    evil.createContext("/", exchange -> {
      byte[] body = form.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    evil.start();
    try {
      page.navigate("http://127.0.0.1:" + evil.getAddress().getPort() + "/");

      page.waitForURL("**/v3/access_settings/whitelist");
      assertThat(page.content()).contains("the request lacks this session's CSRF token");
    } finally {
      evil.stop(0);
    }
    assertThat(ApiClient.of(server).entries()).isEmpty();
  }

  @Test
  void restoreAccess_letsALockedOutUserLogInAgain_andTheConsoleShowsTheRecord() {
    ApiClient api = ApiClient.of(server);
    api.post("access_settings/whitelist?force=true", ApiClient.ipsBody(List.of("192.0.2.0/24")));
    page.navigate(server.baseUrl() + "/console");
    ConsoleBrowser.submitLogin(page, RunningServer.ADMIN_USER, RunningServer.ADMIN_PASSWORD);
    expect(page.locator("#refused-view")).isVisible();

    StringWriter out = new StringWriter();
    int exitCode = Main.commandLine().setOut(new PrintWriter(out)).execute("restore-access",
        server.storeArg(), "--account", "default", "--ip", "127.0.0.1");
    assertThat(exitCode).isZero();
    assertThat(out.toString()).contains("restored access to default from 127.0.0.1/32");
    Poll.until("the server to apply restore-access", Duration.ofSeconds(10),
        () -> api.get("access_settings/whitelist").status() == 200);
    button(page, "Back to sign in").click();
    ConsoleBrowser.submitLogin(page, RunningServer.ADMIN_USER, RunningServer.ADMIN_PASSWORD);

    expect(page.locator("#settings-view")).isVisible();
    Locator newest = page.locator("#history-table tbody tr").first();
    expect(newest.locator("td[data-label=Change]")).hasText("Access restored");
    expect(newest.locator("td[data-label=Entries]")).hasText("127.0.0.1/32");
    expect(newest.locator("td[data-label=By]"))
        .hasText(System.getProperty("user.name") + " (operator)");
    expect(newest.locator("td[data-label=From]")).hasText("this machine");
  }

  private void openAddPane() {
    button(page, "Add IP Addresses").click();
    page.locator("#ack-only-listed").check();
    page.locator("#ack-own-ip").check();
    button(page, "Confirm and Continue").click();
  }

  private void addManually(String text, String addButton) {
    openAddPane();
    button(page, "Manually add IPs").click();
    page.locator("#manual-input").fill(text);
    button(page, addButton).click();
  }

  private void entryAction(String entry, String action) {
    Locator row = page.locator("#allowed-table tbody tr",
        new Page.LocatorOptions().setHasText(entry));
    row.locator("summary").click();
    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(action)).click();
  }

  private String sessionCookie() {
    return page.context().cookies().stream()
        .filter(cookie -> cookie.name.equals(Console.COOKIE))
        .map(cookie -> cookie.value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie"));
  }

  /** What the server says to a session cookie now, from an address the list still allows. */
  private int sessionStatus(String token) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/console/api/session"))
        .header("Cookie", Console.COOKIE + "=" + token)
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static LocatorAssertions expect(Locator locator) {
    return PlaywrightAssertions.assertThat(locator);
  }
}
