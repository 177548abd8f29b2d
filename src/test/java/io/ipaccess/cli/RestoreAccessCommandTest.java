package io.ipaccess.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.ConsoleClient;
import io.ipaccess.testing.Poll;
import io.ipaccess.testing.RunningServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code ipaccess restore-access}: with serve running, without it, and its errors. */
class RestoreAccessCommandTest {

  @Test
  void restoreIp_whileServing_takesEffectAndIsRecordedAsTheOperator() {
    try (RunningServer server = RunningServer.start();
        ConsoleClient console = ConsoleClient.from(server, "127.0.0.1")) {
      ApiClient api = ApiClient.of(server);
      api.post("access_settings/whitelist?force=true", ApiClient.ipsBody(List.of("192.0.2.0/24")));
      assertThat(console.login(RunningServer.ADMIN_USER, RunningServer.ADMIN_PASSWORD).status())
          .isEqualTo(403);

      CommandRun run = CommandRun.of("restore-access", server.storeArg(),
          "--account", "default", "--ip", "127.0.0.1");

      assertThat(run.exitCode()).isZero();
      Poll.until("the server to apply restore-access", Duration.ofSeconds(10),
          () -> api.get("access_settings/whitelist").status() == 200);
      assertThat(console.login(RunningServer.ADMIN_USER, RunningServer.ADMIN_PASSWORD).status())
          .isEqualTo(200);
      JsonNode newest = api.get("access_settings/history").json().get("result").get(0);
      assertThat(newest.get("action").asText()).isEqualTo("access_restored");
      assertThat(newest.get("actor_kind").asText()).isEqualTo("operator");
      assertThat(newest.get("actor").asText()).isEqualTo(System.getProperty("user.name"));
      assertThat(newest.get("ip").asText()).isEmpty();
    }
  }

  @Test
  void disable_whileServing_opensAccessAgain() {
    try (RunningServer server = RunningServer.start()) {
      ApiClient api = ApiClient.of(server);
      api.post("access_settings/whitelist?force=true", ApiClient.ipsBody(List.of("192.0.2.0/24")));

      CommandRun run = CommandRun.of("restore-access", server.storeArg(),
          "--account", "default", "--disable");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).isEqualTo("emptied the allow list of default: access is open from"
          + " every address" + System.lineSeparator());
      Poll.until("the server to apply restore-access", Duration.ofSeconds(10),
          () -> api.get("access_settings/whitelist").status() == 200);
      assertThat(api.entries()).isEmpty();
    }
  }

  @Test
  void restoreIp_withoutServe_changesTheStore() throws IOException {
    Path dataDir = Files.createTempDirectory("ipaccess-cli");
    try {
      assertThat(CommandRun.of("accounts", "create", "--data-dir", dataDir.toString(),
          "--no-key", "acme").exitCode()).isZero();

      CommandRun run = CommandRun.of("restore-access", "--data-dir", dataDir.toString(),
          "--account", "acme", "--ip", "203.0.113.*");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).startsWith("restored access to acme from 203.0.113.0/24 (entry ");
    } finally {
      delete(dataDir);
    }
  }

  @Test
  void invalidIp_isRefusedWithTheReason() {
    try (RunningServer server = RunningServer.start()) {
      CommandRun run = CommandRun.of("restore-access", server.storeArg(),
          "--account", "default", "--ip", "10.1.2");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).isEqualTo("ipaccess: --ip: '10.1.2' is not an IPv4 address: it needs"
          + " all four parts written out; give the address you mean, e.g. 10.1.0.2 (as inet_aton"
          + " reads it) or 10.1.2.0" + System.lineSeparator());
    }
  }

  @Test
  void unknownAccount_isNamed() {
    try (RunningServer server = RunningServer.start()) {
      CommandRun run = CommandRun.of("restore-access", server.storeArg(),
          "--account", "nope", "--disable");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("no account named 'nope'");
    }
  }

  @Test
  void ipAndDisableTogether_areRefused() {
    CommandRun run = CommandRun.of("restore-access", "--account", "default", "--ip", "10.0.0.1",
        "--disable");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("mutually exclusive");
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
