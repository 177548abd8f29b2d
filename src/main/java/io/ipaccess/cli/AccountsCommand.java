package io.ipaccess.cli;

import io.ipaccess.account.Account;
import io.ipaccess.account.ApiKeys;
import io.ipaccess.store.Database;
import io.ipaccess.store.JdbiAccountStore;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ipaccess accounts create|list}. */
@Command(
    name = "accounts",
    mixinStandardHelpOptions = true,
    description = "Create and list accounts.",
    subcommands = {AccountsCommand.Create.class, AccountsCommand.ListAccounts.class})
final class AccountsCommand {

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an account and print a first API key for it.")
  static final class Create implements Runnable {

    @Spec CommandSpec spec;
    @Mixin DataDirOption store;

    @Parameters(paramLabel = "NAME", description = "The account's name: letters, digits, '.',"
        + " '_' or '-', at most 100 characters.")
    String name;

    @Option(names = "--no-key", description = "Do not create a key.")
    boolean noKey;

    @Override
    public void run() {
      AccountNames.check(name);
      try (Database database = store.openOrCreate()) {
        JdbiAccountStore accounts = new JdbiAccountStore(database, Clock.systemUTC());
        Account account = accounts.create(name);
        spec.commandLine().getOut().println("created account " + account.name());
        if (!noKey) {
          String key = ApiKeys.generate();
          accounts.addKey(account.id(), "created with the account", key);
          spec.commandLine().getOut().println("API key (shown once): " + key);
        }
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts.")
  static final class ListAccounts implements Runnable {

    @Spec CommandSpec spec;
    @Mixin DataDirOption store;

    @Override
    public void run() {
      try (Database database = store.open()) {
        List<Account> accounts = new JdbiAccountStore(database, Clock.systemUTC()).all();
        for (Account account : accounts) {
          spec.commandLine().getOut().println(account.name());
        }
      }
    }
  }
}
