package io.ipaccess.smtp;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * AUTH PLAIN and AUTH LOGIN in place of the library's command, which answers every failure with
 * the same 535 and keeps the connection. Here a refused address gets a reply naming it and the
 * connection ends, and AUTH is refused where {@link AuthPolicy} does not allow it.
 */
final class ApiKeyAuthCommand extends BaseCommand {

  private final AuthPolicy policy;
  private final SmtpDoor door;

  ApiKeyAuthCommand(AuthPolicy policy, SmtpDoor door) {
    super("AUTH", "Authenticate with the user name apikey and an API key as the password",
        "AUTH PLAIN|LOGIN [initial-response]");
    this.policy = policy;
    this.door = door;
  }

  @Override
  public void execute(String commandString, Session session)
      throws IOException, DropConnectionException {
    if (session.isAuthenticated()) {
      session.sendResponse("503 5.5.1 Already authenticated");
      return;
    }
    if (!policy.allows(session)) {
      session.sendResponse(policy.refusal());
      return;
    }
    String[] args = getArgs(commandString);
    if (args.length < 2 || args.length > 3) {
      session.sendResponse("501 5.5.4 Syntax: AUTH PLAIN|LOGIN [initial-response]");
      return;
    }
    if (!ApiKeyLogin.MECHANISMS.contains(args[1].toUpperCase(Locale.ROOT))) {
      session.sendResponse("504 5.5.4 AUTH mechanism '" + args[1] + "' is not offered: use PLAIN"
          + " or LOGIN");
      return;
    }

    ApiKeyLogin login = new ApiKeyLogin(args[1]);
    if (!exchange(login, commandString, session)) {
      return;
    }

    SmtpDoor.Decision decision = door.decide(login.username(), login.password(),
        AuthPolicy.judged(session));
    if (decision.account().isEmpty()) {
      if (decision.endsConnection()) {
        int space = decision.refusal().indexOf(' ');
        throw new DropConnectionException(Integer.parseInt(decision.refusal().substring(0, space)),
            decision.refusal().substring(space + 1));
      }
      session.sendResponse(decision.refusal());
      return;
    }
    login.admitted(decision.account().get());
    session.setAuthenticationHandler(login);
    session.sendResponse("235 2.7.0 Authentication successful");
  }

  /** Runs the challenges; false when the exchange ended without credentials (reply sent). */
  private static boolean exchange(ApiKeyLogin login, String commandString, Session session)
      throws IOException {
    try {
      Optional<String> challenge = login.auth(commandString, session);
      while (challenge.isPresent()) {
        session.sendResponse(challenge.get());
        String answer = session.getReader().readLine();
        if (answer == null || answer.trim().equals("*")) {
          session.sendResponse("501 5.7.0 Authentication cancelled");
          return false;
        }
        challenge = login.auth(answer, session);
      }
    } catch (RejectException e) {
      session.sendResponse(e.getErrorResponse());
      return false;
    }
    if (!login.complete()) {
      session.sendResponse("535 5.7.8 Authentication credentials invalid");
      return false;
    }
    return true;
  }
}
