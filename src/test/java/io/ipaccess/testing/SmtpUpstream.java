package io.ipaccess.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 as the relay's upstream. It can be stopped and
 * started again on the same port, as a mail server that goes away for a while.
 */
public final class SmtpUpstream implements AutoCloseable {

  private final int port;
  private GreenMail mail;

  private SmtpUpstream(int port) {
    this.port = port;
  }

  /** Starts on a free port. */
  public static SmtpUpstream start() {
    SmtpUpstream upstream = new SmtpUpstream(freePort());
    upstream.startAgain();
    return upstream;
  }

  public int port() {
    return port;
  }

  public void stop() {
    mail.stop();
  }

  /** Starts a new server on the same port; it has received nothing yet. */
  public void startAgain() {
    mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
  }

  /** Every message the current server received. */
  public List<MimeMessage> received() {
    return List.of(mail.getReceivedMessages());
  }

  /** Waits until at least {@code count} messages arrived, or fails after {@code timeout}. */
  public List<MimeMessage> awaitReceived(int count, Duration timeout) {
    if (!mail.waitForIncomingEmail(timeout.toMillis(), count)) {
      throw new AssertionError("expected " + count + " messages upstream within " + timeout
          + ", got " + received().size());
    }
    return received();
  }

  @Override
  public void close() {
    mail.stop();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
