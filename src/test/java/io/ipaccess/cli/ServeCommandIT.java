package io.ipaccess.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.testing.ServeProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a user runs it: {@code ./ipaccess serve} in one process, the CLI in others, on
 * the same data directory.
 */
class ServeCommandIT {

  private static final Pattern KEY = Pattern.compile("(ipa_[A-Za-z0-9_-]{43})");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  @Test
  void serve_answersHealthzWithinTenSecondsAndPrintsTheFirstKeyOnce() throws Exception {
    long startedNanos = System.nanoTime();
    String key;
    try (ServeProcess serve = ServeProcess.start(dataDir, Map.of())) {
      int port = serve.awaitPort(Duration.ofSeconds(10));
      assertThat(get(port, "/healthz", null).statusCode()).isEqualTo(200);
      Duration toHealthy = Duration.ofNanos(System.nanoTime() - startedNanos);
      System.out.println("serve answered /healthz " + toHealthy.toMillis() + " ms after start");
      assertThat(toHealthy).isLessThan(Duration.ofSeconds(10));

      key = firstKey(serve.awaitLine("API key", Duration.ofSeconds(1)));
      assertThat(get(port, "/v3/access_settings/whitelist", key).statusCode()).isEqualTo(200);
    }

    try (ServeProcess again = ServeProcess.start(dataDir, Map.of())) {
      int port = again.awaitPort(Duration.ofSeconds(10));
      assertThat(get(port, "/v3/access_settings/whitelist", key).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void keyCreatedByTheCliWhileServing_worksWithinASecond() throws Exception {
    try (ServeProcess serve = ServeProcess.start(dataDir, Map.of())) {
      int port = serve.awaitPort(Duration.ofSeconds(10));

      CliRun created = cli("keys", "create", "--account", "default");
      long createdNanos = System.nanoTime();

      assertThat(created.exitCode()).as(created.output()).isZero();
      String key = firstKey(created.output());
      int status = 401;
      while (status == 401 && System.nanoTime() - createdNanos < 1_000_000_000L) {
        status = get(port, "/v3/access_settings/whitelist", key).statusCode();
      }
      assertThat(status).isEqualTo(200);
    }
  }

  @Test
  void accountCreatedByTheCliWhileServing_isListedAndItsKeyWorks() throws Exception {
    try (ServeProcess serve = ServeProcess.start(dataDir, Map.of())) {
      int port = serve.awaitPort(Duration.ofSeconds(10));

      CliRun created = cli("accounts", "create", "acme");
      CliRun listed = cli("accounts", "list");

      assertThat(created.output()).contains("created account acme");
      assertThat(listed.output().lines().toList()).containsExactly("default", "acme");
      String key = firstKey(created.output());
      long deadline = System.nanoTime() + 1_000_000_000L;
      int status = 401;
      while (status == 401 && System.nanoTime() < deadline) {
        status = get(port, "/v3/access_settings/whitelist", key).statusCode();
      }
      assertThat(status).isEqualTo(200);
    }
  }

  @Test
  void presetKey_isUsedAndNeverPrinted() throws Exception {
    String preset = "preset-key-for-the-launcher-test";
    try (ServeProcess serve = ServeProcess.start(dataDir,
        Map.of("IPACCESS_ADMIN_API_KEY", preset))) {
      int port = serve.awaitPort(Duration.ofSeconds(10));

      assertThat(get(port, "/v3/access_settings/whitelist", preset).statusCode()).isEqualTo(200);
      assertThat(serve.linesSoFar()).isNotEmpty().noneMatch(line -> line.contains(preset));
    }
  }

  @Test
  void badOption_stopsTheStartWithAMessageNamingIt() throws Exception {
    CliRun run = cli("serve", "--http-port", "70000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("--http-port must be from 0 to 65535, was 70000");
  }

  @Test
  void keyForAnUnknownAccount_isRefusedNamingIt() throws Exception {
    CliRun run = cli("keys", "create", "--account", "nobody");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("no account named 'nobody'; list them with: ipaccess"
        + " accounts list");
  }

  @Test
  void invalidAccountName_isRefusedSayingWhatIsAllowed() throws Exception {
    CliRun run = cli("accounts", "create", "a b");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("'a b' is not a valid account name: use 1 to 100 letters,"
        + " digits, '.', '_' or '-'");
  }

  private CliRun cli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        "java", "-jar", System.getProperty("ipaccess.jar")));
    command.addAll(List.of(args));
    command.addAll(List.of("--data-dir", dataDir.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("CLI did not finish: " + command);
    }
    return new CliRun(process.exitValue(), output);
  }

  private static String firstKey(String text) {
    Matcher matcher = KEY.matcher(text);
    assertThat(matcher.find()).as("a key in: " + text).isTrue();
    return matcher.group(1);
  }

  private static HttpResponse<String> get(int port, String path, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private record CliRun(int exitCode, String output) {}
}
