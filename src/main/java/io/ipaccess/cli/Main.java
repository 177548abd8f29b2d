package io.ipaccess.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ipaccess} command line: {@code serve} and the operator's commands. */
@Command(
    name = "ipaccess",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Self-hosted IP access management with a SendGrid-compatible API.",
    subcommands = {ServeCommand.class, AccountsCommand.class, KeysCommand.class,
        UsersCommand.class, RestoreAccessCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with ipaccess's error handling, for {@link #main} and for tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
        cmd.getErr().println("ipaccess: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return commandLine;
  }
}
