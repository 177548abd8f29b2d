package io.ipaccess.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.testing.ServeProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
  // For the tests that are not about start-up time: a loaded machine may start slower.
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String PRESET_KEY = "preset-key-for-the-launcher-test";

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
      int port = again.awaitPort(START_TIMEOUT);
      assertThat(get(port, "/v3/access_settings/whitelist", key).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void keyCreatedByTheCliWhileServing_worksWithinASecond() throws Exception {
    try (ServeProcess serve = ServeProcess.start(dataDir, Map.of())) {
      int port = serve.awaitPort(START_TIMEOUT);

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
      int port = serve.awaitPort(START_TIMEOUT);

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
      int port = serve.awaitPort(START_TIMEOUT);

      assertThat(get(port, "/v3/access_settings/whitelist", preset).statusCode()).isEqualTo(200);
      assertThat(serve.linesSoFar()).isNotEmpty().noneMatch(line -> line.contains(preset));
    }
  }

  @Test
  void healthzAnswers200_onlyOnceThePresetKeyWorks() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    try (ServeProcess serve = ServeProcess.start(dataDir,
        Map.of("IPACCESS_ADMIN_API_KEY", PRESET_KEY), "--http-port", Integer.toString(port))) {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      int health = 0;
      while (health != 200 && System.nanoTime() < deadline) {
        try {
          health = get(port, "/healthz", null).statusCode();
        } catch (IOException notListeningYet) {
          health = 0;
        }
      }
      assertThat(health).isEqualTo(200);

      assertThat(get(port, "/v3/access_settings/whitelist", PRESET_KEY).statusCode())
          .isEqualTo(200);
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
    assertThat(cli("accounts", "create", "acme").exitCode()).isZero();

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

  @Test
  void stop_writesTheAttemptsStillBuffered() throws Exception {
    try (ServeProcess serve = ServeProcess.start(dataDir, Map.of("IPACCESS_ADMIN_API_KEY",
        PRESET_KEY))) {
      int port = serve.awaitPort(START_TIMEOUT);
      assertThat(statusFrom("127.0.0.2", port, "/v3/access_settings/whitelist", PRESET_KEY))
          .isEqualTo(200);
      // Closing sends SIGTERM at once: well within the one-second flush interval.
    }

    try (ServeProcess again = ServeProcess.start(dataDir, Map.of())) {
      int port = again.awaitPort(START_TIMEOUT);
      String activity = get(port, "/v3/access_settings/activity", PRESET_KEY).body();
      assertThat(activity).contains("\"ip\":\"127.0.0.2\"");
    }
  }

  @Test
  void servingLine_namesTheBoundHost() throws Exception {
    try (ServeProcess serve = ServeProcess.start(dataDir, Map.of())) {
      serve.awaitPort(START_TIMEOUT);

      assertThat(serve.awaitLine("serving on", Duration.ofSeconds(1)))
          .startsWith("ipaccess is serving on http://127.0.0.1:");
    }
  }

  @Test
  void commandOnADataDirWithoutAStore_isRefusedInsteadOfCreatingOne() throws Exception {
    Path missing = dataDir.resolve("typo");

    CliRun run = cliIn(missing, "accounts", "list");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("no ipaccess store in --data-dir " + missing
        + ": check the path, or create the store with: ipaccess serve --data-dir " + missing);
    assertThat(missing).doesNotExist();
  }

  @Test
  void geoipDbThatIsNotMmdb_stopsTheStartNamingTheOption() throws Exception {
    Path notMmdb = dataDir.resolve("not.mmdb");
    Files.writeString(notMmdb, "not a database");

    CliRun run = cli("serve", "--http-port", "0", "--geoip-db", notMmdb.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("--geoip-db " + notMmdb + " is not an MMDB database")
        .doesNotContain("\tat ");
  }

  private CliRun cli(String... args) throws IOException, InterruptedException {
    return cliIn(dataDir, args);
  }

  private static CliRun cliIn(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        "java", "-jar", System.getProperty("ipaccess.jar")));
    command.addAll(List.of(args));
    command.addAll(List.of("--data-dir", dir.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("CLI did not finish: " + command);
    }
    return new CliRun(process.exitValue(), output);
  }

  /** The status of a GET sent from a chosen loopback source address over a plain socket. */
  private static int statusFrom(String source, int port, String path, String key)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + key + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    }
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
