package io.ipaccess.testing;

import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, driven by Playwright for the console's browser tests. Playwright
 * never downloads a browser here. Where {@code /usr/bin/chromium} is missing the tests are
 * skipped with a printed reason, except in CI ({@code CI=true}), where they fail.
 */
public final class ConsoleBrowser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private final Playwright playwright;
  private final Browser browser;

  private ConsoleBrowser() {
    this.playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM)
        .setHeadless(true)
        .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            "--disable-sync")));
  }

  /** Launches Chromium, or skips the test (fails it in CI) when it is not installed. */
  public static ConsoleBrowser launchOrSkip() {
    if (!Files.isExecutable(CHROMIUM)) {
      String reason = "Debian's Chromium is not installed at " + CHROMIUM
          + " (apt-get install chromium)";
      if ("true".equals(System.getenv("CI"))) {
        fail(reason + "; CI=true requires the browser tests");
      }
      System.out.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    return new ConsoleBrowser();
  }

  /** A fresh browser profile (no cookies) with a page of the given width. */
  public Page newPage(int widthPx, int heightPx) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions()
        .setViewportSize(widthPx, heightPx)
        .setLocale("en-GB")
        .setTimezoneId("UTC"));
    return context.newPage();
  }

  /** A laptop-sized page. */
  public Page newPage() {
    return newPage(1280, 900);
  }

  /** Opens the console and signs in as the test server's admin user. */
  public static void login(Page page, RunningServer server) {
    page.navigate(server.baseUrl() + "/console");
    submitLogin(page, RunningServer.ADMIN_USER, RunningServer.ADMIN_PASSWORD);
  }

  /** Fills and submits the login form of a page that shows it. */
  public static void submitLogin(Page page, String username, String password) {
    page.locator("#login-username").fill(username);
    page.locator("#login-password").fill(password);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
  }

  /** A button by its visible name. */
  public static Locator button(Page page, String name) {
    return page.getByRole(AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
