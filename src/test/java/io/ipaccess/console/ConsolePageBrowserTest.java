package io.ipaccess.console;

import static io.ipaccess.testing.ConsoleBrowser.button;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.ConsoleBrowser;
import io.ipaccess.testing.RunningServer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The IP Access Management page in Chromium: signing in, the add pane, safe output, layout. */
class ConsolePageBrowserTest {

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
  void login_showsTheSettingsAndYourCurrentIp() {
    ConsoleBrowser.login(page, server);

    expect(page.locator("#settings-view h1")).hasText("IP Access Management");
    expect(page.locator("#who")).hasText("admin \u00B7 default");
    openAddPane();
    expect(page.locator("#current-ip-list li .ip")).hasText("127.0.0.1");
  }

  @Test
  void emptyList_explainsThatProtectionStartsWithTheFirstAddress() {
    ConsoleBrowser.login(page, server);

    expect(page.locator("#empty-explanation")).isVisible();
    expect(page.locator("#empty-explanation")).containsText(
        "Protection turns on with the first address you add");
    expect(page.locator("#allowed-table")).isHidden();
  }

  @Test
  void acknowledgements_mustBothBeTickedToContinue() {
    ConsoleBrowser.login(page, server);
    button(page, "Add IP Addresses").click();
    Locator confirm = button(page, "Confirm and Continue");

    expect(confirm).isDisabled();
    page.locator("#ack-only-listed").check();
    expect(confirm).isDisabled();
    page.locator("#ack-own-ip").check();
    expect(confirm).isEnabled();
  }

  @Test
  void wrongPassword_isShownOnTheLoginForm() {
    page.navigate(server.baseUrl() + "/console");
    ConsoleBrowser.submitLogin(page, "admin", "not-the-password-at-all");

    expect(page.locator("#login-error")).hasText("wrong user name or password");
    expect(page.locator("#settings-view")).isHidden();
  }

  @Test
  void manualEntry_normalisesEachValidValueAndExplainsTheInvalidOne() {
    ConsoleBrowser.login(page, server);
    openAddPane();
    button(page, "Manually add IPs").click();

    page.locator("#manual-input").fill("192.168.100.14/24, 25.203.44.* 2001:db8::/32\n10.0.0.1"
        + " 10.1.2");

    Locator rows = page.locator("#to-add-table tbody tr td:first-child");
    expect(rows).hasText(new String[] {
        "192.168.100.0/24", "25.203.44.0/24", "2001:db8::/32", "10.0.0.1/32"});
    expect(page.locator("#manual-invalid li")).hasText(new String[] {
        "'10.1.2' is not an IPv4 address: it needs all four parts written out; give the"
            + " address you mean, e.g. 10.1.0.2 (as inet_aton reads it) or 10.1.2.0"});
    expect(button(page, "Add 4 IPs")).isEnabled();
  }

  @Test
  void addedEntries_areSavedWithSave() {
    ConsoleBrowser.login(page, server);
    openAddPane();
    page.locator("#current-ip-list button.plus").click();
    button(page, "Manually add IPs").click();
    page.locator("#manual-input").fill("192.0.2.7");
    button(page, "Add 2 IPs").click();

    button(page, "Save").click();

    expect(page.locator("#allowed-table tbody td:first-child"))
        .hasText(new String[] {"127.0.0.1/32", "192.0.2.7/32"});
    assertThat(ApiClient.of(server).entries()).containsExactly("127.0.0.1/32", "192.0.2.7/32");
  }

  @Test
  void markupInManualEntry_isShownAsTextAndRunsNoScript() {
    AtomicInteger dialogs = new AtomicInteger();
    page.onDialog(dialog -> {
      dialogs.incrementAndGet();
      dialog.dismiss();
    });
    ConsoleBrowser.login(page, server);
    openAddPane();
    button(page, "Manually add IPs").click();

    page.locator("#manual-input").fill("<img src=x onerror=alert(1)>");

    expect(page.locator("#manual-invalid li")).hasCount(3);
    assertThat(page.locator("#manual-invalid li").allTextContents())
        .allMatch(text -> text.startsWith("'<img' ") || text.startsWith("'src=x' ")
            || text.startsWith("'onerror=alert(1)>' "));
    assertThat(page.locator("#add-dialog img").count()).isZero();
    assertThat(dialogs.get()).isZero();
  }

  @Test
  void markupInOneValue_isShownAsTextAndRunsNoScript() {
    AtomicInteger dialogs = new AtomicInteger();
    page.onDialog(dialog -> {
      dialogs.incrementAndGet();
      dialog.dismiss();
    });
    ConsoleBrowser.login(page, server);
    openAddPane();
    button(page, "Manually add IPs").click();

    page.locator("#manual-input").fill("<script>alert(1)</script>");

    expect(page.locator("#manual-invalid li")).hasCount(1);
    expect(page.locator("#manual-invalid li")).containsText("'<script>alert(1)</script>'");
    assertThat(page.locator("#add-dialog script").count()).isZero();
    assertThat(dialogs.get()).isZero();
  }

  @Test
  void page_sendsAPolicyThatForbidsInlineScript() {
    String policy = page.navigate(server.baseUrl() + "/console")
        .headerValue("content-security-policy");

    assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline");
  }

  @Test
  void pageWithEntriesAndAttempts_readsWellOnALaptopAndAt400Px() {
    ApiClient api = ApiClient.of(server);
    api.add("127.0.0.1", "127.0.0.2", "192.0.2.0/24", "2001:db8::/32");
    ApiClient.from(server, "127.0.0.2").get("access_settings/whitelist");
    ApiClient.from(server, "127.0.0.3").get("access_settings/whitelist");
    ConsoleBrowser.login(page, server);
    expect(page.locator("#attempts-table tbody tr")).hasCount(4);
    expect(page.locator("#attempts-table .badge.blocked")).hasText("Blocked");

    page.screenshot(new Page.ScreenshotOptions()
        .setPath(Path.of("target", "console.png")).setFullPage(true));
    Page narrow = browser.newPage(400, 900);
    ConsoleBrowser.login(narrow, server);
    expect(narrow.locator("#allowed-table tbody tr")).hasCount(4);
    narrow.screenshot(new Page.ScreenshotOptions()
        .setPath(Path.of("target", "console-400px.png")).setFullPage(true));

    Object pageWidth = narrow.evaluate("document.documentElement.scrollWidth");
    assertThat(((Number) pageWidth).intValue()).isLessThanOrEqualTo(400);
    narrow.context().close();
  }

  private void openAddPane() {
    button(page, "Add IP Addresses").click();
    page.locator("#ack-only-listed").check();
    page.locator("#ack-own-ip").check();
    button(page, "Confirm and Continue").click();
    expect(page.locator("#add-dialog")).isVisible();
  }

  private static LocatorAssertions expect(Locator locator) {
    return PlaywrightAssertions.assertThat(locator);
  }
}
