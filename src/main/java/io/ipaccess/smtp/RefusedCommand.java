package io.ipaccess.smtp;

import java.io.IOException;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * A verb the relay does not take: {@code PROXY} after the greeting (a header anywhere but the
 * first bytes of a PROXY-protocol port from a trusted balancer) ends the connection; {@code
 * BDAT} is answered 502 so that every message passes through DATA and its limits.
 */
final class RefusedCommand extends BaseCommand {

  private final int code;
  private final String text;
  private final boolean endsConnection;

  private RefusedCommand(String verb, int code, String text, boolean endsConnection) {
    super(verb, "Not offered");
    this.code = code;
    this.text = text;
    this.endsConnection = endsConnection;
  }

  static RefusedCommand proxyHeader() {
    return new RefusedCommand("PROXY", 554, "5.7.1 A PROXY header is accepted only as the first"
        + " bytes of a connection to the PROXY protocol port from a trusted balancer", true);
  }

  static RefusedCommand bdat() {
    return new RefusedCommand("BDAT", 502, "5.5.1 BDAT is not offered: send the message with"
        + " DATA", false);
  }

  @Override
  public void execute(String commandString, Session session)
      throws IOException, DropConnectionException {
    if (endsConnection) {
      throw new DropConnectionException(code, text);
    }
    session.sendResponse(code + " " + text);
  }
}
