package io.ipaccess.cli;

import io.ipaccess.account.Account;
import io.ipaccess.account.ApiKeys;
import io.ipaccess.store.Database;
import io.ipaccess.store.JdbiAccountStore;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipaccess keys create}. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Create API keys.",
    subcommands = {KeysCommand.Create.class})
final class KeysCommand {

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an API key for an account and print it once.")
  static final class Create implements Runnable {

    @Spec CommandSpec spec;
    @Mixin DataDirOption store;

    @Option(names = "--account", required = true, description = "The account's name.")
    String accountName;

    @Option(names = "--name", defaultValue = "cli", description = "A label for the key.")
    String keyName;

    @Override
    public void run() {
      try (Database database = store.open()) {
        JdbiAccountStore accounts = new JdbiAccountStore(database, Clock.systemUTC());
        Account account = accounts.find(accountName).orElseThrow(() ->
            new IllegalArgumentException("no account named '" + accountName
                + "'; list them with: ipaccess accounts list"));
        String key = ApiKeys.generate();
        accounts.addKey(account.id(), keyName, key);
        spec.commandLine().getOut().println("API key for " + account.name() + " (shown once): "
            + key);
      }
    }
  }
}
