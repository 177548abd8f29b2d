package io.ipaccess.cli;

import io.ipaccess.account.Account;
import io.ipaccess.allowlist.AllowListEntry;
import io.ipaccess.allowlist.AllowListService;
import io.ipaccess.allowlist.AllowLists;
import io.ipaccess.allowlist.ChangeRequest;
import io.ipaccess.allowlist.InvalidEntriesException;
import io.ipaccess.allowlist.ListFullException;
import io.ipaccess.store.Database;
import io.ipaccess.store.JdbiAccountStore;
import io.ipaccess.store.JdbiAllowListStore;
import java.time.Clock;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ipaccess restore-access}: lets an operator on the machine open a locked-out account
 * again, without the console or the API. It writes to the store directly, so it works whether
 * or not {@code serve} runs; a running server picks the change up on its next store poll
 * (half a second by default). The history records it as the operator's.
 */
@Command(name = "restore-access", mixinStandardHelpOptions = true,
    description = "Add an address to an account's allow list (--ip), or empty the list"
        + " (--disable), as the operator of this machine.")
final class RestoreAccessCommand implements Runnable {

  @Spec CommandSpec spec;
  @Mixin DataDirOption store;

  @Option(names = "--account", required = true, description = "The account's name.")
  String accountName;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  static final class Action {
    @Option(names = "--ip", paramLabel = "ADDR", description = "The address or range to allow,"
        + " e.g. 203.0.113.7 or 203.0.113.0/24.")
    String ip;

    @Option(names = "--disable", description = "Empty the list: every address may connect.")
    boolean disable;
  }

  @Override
  public void run() {
    try (Database database = store.open()) {
      Clock clock = Clock.systemUTC();
      Account account = new JdbiAccountStore(database, clock).find(accountName).orElseThrow(() ->
          new IllegalArgumentException("no account named '" + accountName
              + "'; list them with: ipaccess accounts list"));
      AllowListService lists =
          new AllowListService(new JdbiAllowListStore(database), new AllowLists(), clock);
      ChangeRequest request = ChangeRequest.byOperator(operatorName());
      if (action.disable) {
        lists.disable(account.id(), request);
        spec.commandLine().getOut().println("emptied the allow list of " + account.name()
            + ": access is open from every address");
        return;
      }
      AllowListEntry entry = restore(lists, account, request);
      spec.commandLine().getOut().println("restored access to " + account.name() + " from "
          + entry.range() + " (entry " + entry.id() + ")");
    }
  }

  private AllowListEntry restore(AllowListService lists, Account account, ChangeRequest request) {
    try {
      return lists.restore(account.id(), action.ip, request);
    } catch (InvalidEntriesException e) {
      throw new IllegalArgumentException("--ip: " + e.errors().get(0).message(), e);
    } catch (ListFullException e) {
      throw new IllegalStateException(e.getMessage() + "; remove an entry or use --disable", e);
    }
  }

  private static String operatorName() {
    String name = System.getProperty("user.name", "");
    return name.isBlank() ? "unknown" : name;
  }
}
