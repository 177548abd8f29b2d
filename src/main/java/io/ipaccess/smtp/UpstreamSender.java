package io.ipaccess.smtp;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one message to the upstream server with Angus Mail (the Jakarta Mail implementation),
 * sorting what happened into a {@link DeliveryReport}: recipients it took, recipients to try
 * again, and recipients it refused for good.
 *
 * <p>The message is parsed only to be written again unchanged: Jakarta Mail keeps the header
 * lines and the body bytes as they came when nothing is modified.
 */
final class UpstreamSender {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamSender.class);

  private final UpstreamConfig config;
  private final Session session;

  UpstreamSender(UpstreamConfig config, String heloName) {
    this.config = config;
    Properties props = new Properties();
    String timeoutMs = Long.toString(config.timeout().toMillis());
    props.setProperty("mail.smtp.host", config.host());
    props.setProperty("mail.smtp.port", Integer.toString(config.port()));
    props.setProperty("mail.smtp.localhost", heloName);
    props.setProperty("mail.smtp.connectiontimeout", timeoutMs);
    props.setProperty("mail.smtp.timeout", timeoutMs);
    props.setProperty("mail.smtp.writetimeout", timeoutMs);
    props.setProperty("mail.smtp.sendpartial", "true");
    props.setProperty("mail.smtp.auth", Boolean.toString(config.username().isPresent()));
    props.setProperty("mail.smtp.starttls.enable", Boolean.toString(config.startTls()));
    props.setProperty("mail.smtp.starttls.required", Boolean.toString(config.startTls()));
    props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    this.session = Session.getInstance(props);
  }

  DeliveryReport send(Envelope envelope, InputStream message) {
    List<String> recipients = envelope.recipients();
    try {
      SMTPMessage mime = new SMTPMessage(session, message);
      mime.setEnvelopeFrom(envelope.from().isEmpty() ? "<>" : envelope.from());
      Transport transport = session.getTransport("smtp");
      try {
        transport.connect(config.host(), config.port(), config.username().orElse(null),
            config.password().orElse(null));
        transport.sendMessage(mime, addresses(recipients));
      } finally {
        closeQuietly(transport);
      }
      return DeliveryReport.delivered();
    } catch (SendFailedException e) {
      return sorted(e, recipients);
    } catch (MessagingException e) {
      // Not reached, refused AUTH, a broken connection: nothing was delivered.
      return DeliveryReport.retryAll(recipients, 0, describe(e));
    }
  }

  /**
   * Ends the session. Once sendMessage returned, the upstream has the message: a failed QUIT
   * must not turn that into a retry, which would deliver it twice.
   */
  private static void closeQuietly(Transport transport) {
    try {
      transport.close();
    } catch (MessagingException e) {
      LOG.debug("event=smtp_upstream_quit_failed reason=\"{}\"", e.toString());
    }
  }

  private static DeliveryReport sorted(SendFailedException e, List<String> recipients) {
    int code = e instanceof SMTPSendFailedException smtp ? smtp.getReturnCode() : 0;
    if (code >= 400) {
      // MAIL FROM or the end of DATA failed: the code speaks for the whole message, even for
      // recipients whose RCPT TO was taken.
      return code >= 500
          ? DeliveryReport.refusedAll(recipients, code, describe(e))
          : DeliveryReport.retryAll(recipients, code, describe(e));
    }
    List<String> refused = texts(e.getInvalidAddresses());
    List<String> retry = new ArrayList<>(texts(e.getValidUnsentAddresses()));
    if (texts(e.getValidSentAddresses()).isEmpty() && refused.isEmpty() && retry.isEmpty()) {
      retry.addAll(recipients);
    }
    return new DeliveryReport(retry, refused, refused.isEmpty() ? code : Math.max(code, 550),
        describe(e));
  }

  private static Address[] addresses(List<String> recipients) throws AddressException {
    Address[] addresses = new Address[recipients.size()];
    for (int i = 0; i < addresses.length; i++) {
      addresses[i] = new InternetAddress(recipients.get(i), false);
    }
    return addresses;
  }

  private static List<String> texts(Address[] addresses) {
    return addresses == null ? List.of()
        : Arrays.stream(addresses).map(address -> ((InternetAddress) address).getAddress())
            .toList();
  }

  private static String describe(Exception e) {
    StringBuilder text = new StringBuilder();
    Throwable cause = e;
    while (cause != null && text.length() < 400) {
      if (cause.getMessage() != null) {
        text.append(text.length() == 0 ? "" : ": ").append(cause.getMessage().trim());
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    return text.toString().replaceAll("[\\r\\n]+", " ");
  }
}
