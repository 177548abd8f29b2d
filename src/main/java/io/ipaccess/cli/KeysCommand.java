package io.ipaccess.cli;

import io.ipaccess.account.Account;
import io.ipaccess.account.ApiKeyInfo;
import io.ipaccess.account.ApiKeys;
import io.ipaccess.store.Database;
import io.ipaccess.store.JdbiAccountStore;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ipaccess keys create}. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke API keys.",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
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

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List an account's keys: id, label, first characters, creation time.")
  static final class ListKeys implements Runnable {

    @Spec CommandSpec spec;
    @Mixin DataDirOption store;

    @Option(names = "--account", required = true, description = "The account's name.")
    String accountName;

    @Override
    public void run() {
      try (Database database = store.open()) {
        JdbiAccountStore accounts = new JdbiAccountStore(database, Clock.systemUTC());
        Account account = find(accounts, accountName);
        for (ApiKeyInfo key : accounts.keys(account.id())) {
          spec.commandLine().getOut().printf("%d\t%s...\t%s\t%s%n", key.id(), key.prefix(),
              Instant.ofEpochMilli(key.createdAtMs()), key.name());
        }
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke one of an account's keys; running nodes refuse it within a second.")
  static final class Revoke implements Runnable {

    @Spec CommandSpec spec;
    @Mixin DataDirOption store;

    @Option(names = "--account", required = true, description = "The account's name.")
    String accountName;

    @Option(names = "--id", required = true, description = "The key's id, as keys list shows.")
    long keyId;

    @Override
    public void run() {
      try (Database database = store.open()) {
        JdbiAccountStore accounts = new JdbiAccountStore(database, Clock.systemUTC());
        Account account = find(accounts, accountName);
        if (!accounts.revokeKey(account.id(), keyId)) {
          throw new IllegalArgumentException("account " + account.name() + " has no key with id "
              + keyId + "; list them with: ipaccess keys list --account " + account.name());
        }
        spec.commandLine().getOut().println("revoked key " + keyId + " of account "
            + account.name());
      }
    }
  }

  private static Account find(JdbiAccountStore accounts, String name) {
    return accounts.find(name).orElseThrow(() -> new IllegalArgumentException(
        "no account named '" + name + "'; list them with: ipaccess accounts list"));
  }
}
