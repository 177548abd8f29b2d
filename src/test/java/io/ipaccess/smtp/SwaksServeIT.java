package io.ipaccess.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As a user would try it: the built jar runs {@code serve}, and Debian's swaks sends a message
 * through the relay into the outbox. Runs after {@code package} (failsafe), on the real jar.
 */
class SwaksServeIT {

  private static final String KEY = "ipa_swaks_test_key_0123456789abcdefghij";
  private static final Pattern SMTP_PORT = Pattern.compile("SMTP relay on port (\\d+)");

  @TempDir Path dataDir;
  private Process serve;

  @AfterEach
  void stop() throws InterruptedException {
    if (serve != null) {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void swaks_sendsThroughServe_intoTheOutbox() throws Exception {
    requireSwaks();
    Path jar = Path.of("target", "ipaccess.jar").toAbsolutePath();
    assertThat(jar).exists();
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
        "serve", "--data-dir", dataDir.toString(), "--http-host", "127.0.0.1", "--http-port", "0",
        "--smtp-host", "127.0.0.1", "--smtp-port", "0").redirectErrorStream(true);
    builder.environment().put("IPACCESS_ADMIN_API_KEY", KEY);
    serve = builder.start();
    int port = smtpPort(serve);

    Process swaks = new ProcessBuilder("swaks", "--server", "127.0.0.1", "--port",
        Integer.toString(port), "--auth", "PLAIN", "--auth-user", "apikey", "--auth-password",
        KEY, "--from", "sender@example.com", "--to", "rcpt@example.net", "--header",
        "Subject: tried with swaks", "--body", "hello from swaks").redirectErrorStream(true)
        .start();
    String transcript = new String(swaks.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(swaks.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(swaks.exitValue()).as(transcript).isZero();
    assertThat(transcript).contains("250 2.0.0 Ok: saved to the outbox as ");
    List<Path> outbox = files(dataDir.resolve("outbox"));
    assertThat(outbox).singleElement().satisfies(file -> assertThat(Files.readString(file))
        .contains("X-Envelope-To: <rcpt@example.net>").contains("Subject: tried with swaks")
        .contains("hello from swaks"));
  }

  private static void requireSwaks() throws InterruptedException {
    boolean present;
    try {
      present = new ProcessBuilder("swaks", "--version").start().waitFor() == 0;
    } catch (IOException e) {
      present = false;
    }
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("swaks is not installed: .ci/run installs it from Debian");
    }
    if (!present) {
      System.out.println("SwaksServeIT skipped: swaks is not installed (apt-get install swaks)");
    }
    assumeTrue(present, "swaks is not installed (apt-get install swaks)");
  }

  /** Reads serve's output until it names the SMTP port (or fails after a minute). */
  private static int smtpPort(Process process) throws IOException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      seen.append(line).append('\n');
      Matcher matcher = SMTP_PORT.matcher(line);
      if (matcher.find()) {
        Thread drain = new Thread(() -> drain(out), "serve-output");
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(matcher.group(1));
      }
    }
    throw new AssertionError("serve did not report its SMTP port; output:\n" + seen);
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // Keep reading so that serve never blocks on a full pipe.
      }
    } catch (IOException e) {
      // The process ended; nothing more to read.
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
