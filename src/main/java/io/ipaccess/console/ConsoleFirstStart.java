package io.ipaccess.console;

import io.ipaccess.account.Account;
import io.ipaccess.account.AccountStore;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code serve} does when the store has no console user yet: it creates one for the first
 * account, so that a new user can sign in at once.
 */
public final class ConsoleFirstStart {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleFirstStart.class);

  private ConsoleFirstStart() {}

  /**
   * Creates the first console user when there is none.
   *
   * @return the password, when it was generated and must be shown to the user once
   */
  public static Optional<String> bootstrap(AccountStore accounts, ConsoleUsers users,
      AdminPreset preset) {
    List<Account> all = accounts.all();
    if (all.isEmpty() || !users.isEmpty()) {
      return Optional.empty();
    }
    String password = preset.password() != null
        ? preset.password()
        : ConsoleUsers.generatePassword();
    ConsoleUser user = users.create(all.get(0), preset.username(), password);
    LOG.info("event=console_user_created user={} account={}", user.username(),
        user.account().name());
    return preset.password() != null ? Optional.empty() : Optional.of(password);
  }
}
