package io.ipaccess.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.testing.ConsoleClient;
import io.ipaccess.testing.RunningServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ipaccess users}: new users can sign in with the password shown once. */
class UsersCommandTest {

  private static final Pattern SHOWN = Pattern.compile("password \\(shown once\\): (\\S+)");

  @Test
  void create_printsAPasswordThatSignsIn() {
    try (RunningServer server = RunningServer.start();
        ConsoleClient console = ConsoleClient.from(server, "127.0.0.1")) {
      CommandRun run = CommandRun.of("users", "create",
          server.storeArg(), "--account", "default", "alice@example.com");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).startsWith("created console user alice@example.com of account"
          + " default");
      assertThat(console.login("alice@example.com", shownPassword(run)).status()).isEqualTo(200);
      assertThat(CommandRun.of("users", "list", server.storeArg()).out())
          .contains("admin\tdefault").contains("alice@example.com\tdefault");
    }
  }

  @Test
  void passwd_setsAPasswordThatSignsIn() {
    try (RunningServer server = RunningServer.start();
        ConsoleClient console = ConsoleClient.from(server, "127.0.0.1")) {
      CommandRun run = CommandRun.of("users", "passwd",
          server.storeArg(), "admin");

      assertThat(run.exitCode()).isZero();
      assertThat(console.login("admin", shownPassword(run)).status()).isEqualTo(200);
    }
  }

  @Test
  void takenName_isRefused() {
    try (RunningServer server = RunningServer.start()) {
      CommandRun run = CommandRun.of("users", "create",
          server.storeArg(), "--account", "default", "admin");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("a console user named 'admin' already exists");
    }
  }

  @Test
  void invalidName_isRefusedWithTheRule() {
    CommandRun run = CommandRun.of("users", "create", "--account", "default", "bob smith");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'bob smith' is not a valid user name: use 1 to 100 letters,"
        + " digits, '.', '_', '@' or '-'");
  }

  @Test
  void unknownUser_isNamed() {
    try (RunningServer server = RunningServer.start()) {
      CommandRun run = CommandRun.of("users", "passwd",
          server.storeArg(), "carol");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("no console user named 'carol'");
    }
  }

  private static String shownPassword(CommandRun run) {
    Matcher matcher = SHOWN.matcher(run.out());
    assertThat(matcher.find()).as("a shown password in: %s", run.out()).isTrue();
    return matcher.group(1);
  }
}
