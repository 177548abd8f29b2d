package io.ipaccess.smtp;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * EHLO in place of the library's, which offers AUTH to every client alike: here AUTH is listed
 * only where {@link AuthPolicy} allows it, STARTTLS only before TLS, and neither CHUNKING nor
 * XCLIENT is offered.
 */
final class SubmissionEhloCommand extends BaseCommand {

  private final AuthPolicy policy;

  SubmissionEhloCommand(AuthPolicy policy) {
    super("EHLO", "Introduce yourself.", "<hostname>");
    this.policy = policy;
  }

  @Override
  public void execute(String commandString, Session session) throws IOException {
    String[] args = getArgs(commandString);
    if (args.length < 2) {
      session.sendResponse("501 5.5.4 Syntax: EHLO hostname");
      return;
    }
    session.resetMailTransaction();
    session.setHelo(args[1]);

    StringBuilder reply = new StringBuilder("250-").append(session.getServer().getHostName())
        .append("\r\n250-8BITMIME")
        .append("\r\n250-SIZE ").append(session.getServer().getMaxMessageSize());
    if (session.getServer().getEnableTLS() && !session.isTLSStarted()) {
      reply.append("\r\n250-STARTTLS");
    }
    if (policy.allows(session)) {
      reply.append("\r\n250-AUTH ").append(String.join(" ", ApiKeyLogin.MECHANISMS));
    }
    reply.append("\r\n250 Ok");
    session.sendResponse(reply.toString());
  }
}
