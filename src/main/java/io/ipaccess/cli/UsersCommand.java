package io.ipaccess.cli;

import io.ipaccess.account.Account;
import io.ipaccess.console.ConsoleUser;
import io.ipaccess.console.ConsoleUsers;
import io.ipaccess.store.Database;
import io.ipaccess.store.JdbiAccountStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ipaccess users create|passwd|list}: the web console's users. A password is read from
 * standard input with {@code --password-stdin}, never from the command line (where other users
 * of the machine could see it), or else generated and printed once.
 */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Create web console users, reset their passwords, list them.",
    subcommands = {UsersCommand.Create.class, UsersCommand.Passwd.class,
        UsersCommand.ListUsers.class})
final class UsersCommand {

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a console user of an account.")
  static final class Create implements Runnable {

    @Spec CommandSpec spec;
    @Mixin DataDirOption store;
    @Mixin PasswordInput passwordInput;

    @Option(names = "--account", required = true, description = "The account's name.")
    String accountName;

    @Parameters(paramLabel = "USERNAME", description = "The name to sign in with: letters,"
        + " digits, '.', '_', '@' or '-', at most 100 characters.")
    String username;

    @Override
    public void run() {
      ConsoleUsers.checkUsername(username);
      try (Database database = store.open()) {
        Clock clock = Clock.systemUTC();
        Account account = new JdbiAccountStore(database, clock).find(accountName).orElseThrow(
            () -> new IllegalArgumentException("no account named '" + accountName
                + "'; list them with: ipaccess accounts list"));
        String password = passwordInput.passwordOrGenerated();
        ConsoleUser user = new ConsoleUsers(database, clock).create(account, username, password);
        spec.commandLine().getOut().println("created console user " + user.username()
            + " of account " + account.name());
        passwordInput.showIfGenerated(spec, password);
      }
    }
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true,
      description = "Set a console user's password; this signs the user out everywhere.")
  static final class Passwd implements Runnable {

    @Spec CommandSpec spec;
    @Mixin DataDirOption store;
    @Mixin PasswordInput passwordInput;

    @Parameters(paramLabel = "USERNAME", description = "The user's name.")
    String username;

    @Override
    public void run() {
      try (Database database = store.open()) {
        String password = passwordInput.passwordOrGenerated();
        new ConsoleUsers(database, Clock.systemUTC()).setPassword(username, password);
        spec.commandLine().getOut().println("set the password of " + username
            + "; its sessions are ended");
        passwordInput.showIfGenerated(spec, password);
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List console users and their accounts.")
  static final class ListUsers implements Runnable {

    @Spec CommandSpec spec;
    @Mixin DataDirOption store;

    @Override
    public void run() {
      try (Database database = store.open()) {
        for (ConsoleUser user : new ConsoleUsers(database, Clock.systemUTC()).all()) {
          spec.commandLine().getOut().println(user.username() + "\t" + user.account().name());
        }
      }
    }
  }

  /** The {@code --password-stdin} option, shared by create and passwd. */
  static final class PasswordInput {

    @Option(names = "--password-stdin", description = "Read the password from the first line"
        + " of standard input instead of generating one.")
    boolean fromStdin;

    String passwordOrGenerated() {
      if (!fromStdin) {
        return ConsoleUsers.generatePassword();
      }
      try {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null || line.isEmpty()) {
          throw new IllegalArgumentException("--password-stdin: standard input has no password");
        }
        return line;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read standard input", e);
      }
    }

    void showIfGenerated(CommandSpec spec, String password) {
      if (!fromStdin) {
        spec.commandLine().getOut().println("password (shown once): " + password);
      }
    }
  }
}
