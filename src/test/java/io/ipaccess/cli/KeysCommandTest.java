package io.ipaccess.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.RunningServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys made, listed and revoked by the CLI while a node runs on the same store. */
class KeysCommandTest {

  private static final Pattern KEY = Pattern.compile("(ipa_[A-Za-z0-9_-]{43})");

  private RunningServer server;

  @BeforeEach
  void start() {
    server = RunningServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void list_showsEachKeysIdLabelAndPrefixButNeverTheKey() {
    CommandRun created = CommandRun.of("keys", "create", server.storeArg(), "--account",
        "default", "--name", "ci");
    String key = key(created.out());

    CommandRun listed = CommandRun.of("keys", "list", server.storeArg(), "--account", "default");

    assertThat(listed.exitCode()).isZero();
    assertThat(listed.out().lines()).hasSize(2);
    assertThat(listed.out()).contains("\t" + key.substring(0, 10) + "...\t")
        .contains("\tci").doesNotContain(key);
  }

  @Test
  void revokedKey_isRefusedByTheRunningNodeWithinASecond() {
    String key = key(CommandRun.of("keys", "create", server.storeArg(), "--account", "default")
        .out());
    ApiClient client = ApiClient.withKey(server, key, "127.0.0.1");
    assertThat(pollStatus(client, 200)).isEqualTo(200);
    String id = CommandRun.of("keys", "list", server.storeArg(), "--account", "default").out()
        .lines().filter(line -> line.contains(key.substring(0, 10))).findFirst().orElseThrow()
        .split("\t")[0];

    CommandRun revoked = CommandRun.of("keys", "revoke", server.storeArg(), "--account",
        "default", "--id", id);

    assertThat(revoked.out()).isEqualTo("revoked key " + id + " of account default"
        + System.lineSeparator());
    assertThat(pollStatus(client, 401)).isEqualTo(401);
    assertThat(ApiClient.of(server).get("access_settings/whitelist").status()).isEqualTo(200);
  }

  @Test
  void revokingAnUnknownId_isRefusedSayingHowToListThem() {
    CommandRun run = CommandRun.of("keys", "revoke", server.storeArg(), "--account", "default",
        "--id", "999");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("ipaccess: account default has no key with id 999; list"
        + " them with: ipaccess keys list --account default" + System.lineSeparator());
  }

  /** Polls for up to a second until the status is the one wanted, and returns the last seen. */
  private static int pollStatus(ApiClient client, int wanted) {
    long deadline = System.nanoTime() + 1_000_000_000L;
    int status = client.get("access_settings/whitelist").status();
    while (status != wanted && System.nanoTime() < deadline) {
      status = client.get("access_settings/whitelist").status();
    }
    return status;
  }

  private static String key(String output) {
    Matcher matcher = KEY.matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return matcher.group(1);
  }
}
