package io.ipaccess.smtp;

import io.ipaccess.account.Account;
import io.ipaccess.account.KeyRing;
import io.ipaccess.activity.AuthMethod;
import io.ipaccess.allowlist.AccessGate;
import io.ipaccess.net.IpAddress;
import java.util.Optional;

/**
 * The relay's door, as SendGrid's: the user name is {@code apikey} and the password an API key;
 * the key names the account, whose allow list then decides on the client's address. The attempt
 * is recorded by the {@link AccessGate} with method {@code SMTP}.
 */
final class SmtpDoor {

  static final String USERNAME = "apikey";

  private final KeyRing keys;
  private final AccessGate gate;

  SmtpDoor(KeyRing keys, AccessGate gate) {
    this.keys = keys;
    this.gate = gate;
  }

  /** The outcome of one AUTH: the account let in, or the reply that refuses it. */
  record Decision(Optional<Account> account, String refusal, boolean endsConnection) {

    static Decision admitted(Account account) {
      return new Decision(Optional.of(account), null, false);
    }

    static Decision refused(String reply, boolean endsConnection) {
      return new Decision(Optional.empty(), reply, endsConnection);
    }
  }

  Decision decide(String username, String password, IpAddress client) {
    if (!USERNAME.equals(username)) {
      return Decision.refused("535 5.7.8 Authentication credentials invalid: the user name must be"
          + " 'apikey' and the password an API key", false);
    }
    Optional<Account> account = keys.authenticate(password);
    if (account.isEmpty()) {
      return Decision.refused("535 5.7.8 Authentication credentials invalid: the API key is not"
          + " valid", false);
    }
    if (!gate.admit(account.get().id(), client, AuthMethod.SMTP)) {
      return Decision.refused("550 5.7.1 Access from " + client + " is not allowed: the address"
          + " is not on this account's IP allow list", true);
    }
    return Decision.admitted(account.get());
  }
}
