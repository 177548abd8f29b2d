package io.ipaccess.smtp;

import io.ipaccess.account.Account;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.LoginAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.PlainAuthenticationHandlerFactory;

/**
 * One AUTH exchange. The library's PLAIN and LOGIN handlers decode the SASL messages; this class
 * only keeps the user name and password they yield, so that {@link ApiKeyAuthCommand} can ask
 * the {@link SmtpDoor} and answer with its own reply. After success it carries the account.
 */
final class ApiKeyLogin implements AuthenticationHandler {

  static final List<String> MECHANISMS = List.of("PLAIN", "LOGIN");

  /** Announces PLAIN and LOGIN; the library needs a factory to require AUTH before MAIL. */
  static final AuthenticationHandlerFactory FACTORY = new AuthenticationHandlerFactory() {
    @Override
    public List<String> getAuthenticationMechanisms() {
      return MECHANISMS;
    }

    @Override
    public AuthenticationHandler create() {
      throw new UnsupportedOperationException("ApiKeyAuthCommand creates its own handlers");
    }
  };

  private final AuthenticationHandler sasl;
  private String username;
  private String password;
  private Account account;

  ApiKeyLogin(String mechanism) {
    AuthenticationHandlerFactory decoder = mechanism.toUpperCase(Locale.ROOT).equals("PLAIN")
        ? new PlainAuthenticationHandlerFactory(this::keep)
        : new LoginAuthenticationHandlerFactory(this::keep);
    this.sasl = decoder.create();
  }

  @Override
  public Optional<String> auth(String clientInput, MessageContext context)
      throws RejectException {
    return sasl.auth(clientInput, context);
  }

  /** Whether the exchange yielded credentials (the decoder reached its validator). */
  boolean complete() {
    return username != null && password != null;
  }

  String username() {
    return username;
  }

  String password() {
    return password;
  }

  void admitted(Account value) {
    this.account = value;
    this.password = null;
  }

  @Override
  public Object getIdentity() {
    return account;
  }

  Account account() {
    return account;
  }

  private void keep(String user, String secret, MessageContext context) {
    this.username = user;
    this.password = secret;
  }
}
