package io.ipaccess.testing;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Properties;

/**
 * A test's SMTP sender: Angus Mail (Jakarta Mail), as an application would send through the
 * relay, optionally bound to a loopback source address such as 127.0.0.2 and with STARTTLS or
 * implicit TLS trusting the test certificate.
 */
public final class SmtpClient {

  private final Properties props = new Properties();
  private final String protocol;
  private String password = RunningServer.KEY;
  private String username = "apikey";

  private SmtpClient(int port, String protocol) {
    this.protocol = protocol;
    String prefix = "mail." + protocol + ".";
    props.setProperty(prefix + "host", "127.0.0.1");
    props.setProperty(prefix + "port", Integer.toString(port));
    props.setProperty(prefix + "auth", "true");
    props.setProperty(prefix + "connectiontimeout", "10000");
    props.setProperty(prefix + "timeout", "10000");
  }

  /** Plain SMTP (and STARTTLS if {@link #startTls} is called) to a relay port. */
  public static SmtpClient to(int port) {
    return new SmtpClient(port, "smtp");
  }

  /** TLS from the first byte, trusting every certificate (the test's self-signed one). */
  public static SmtpClient implicitTls(int port) {
    SmtpClient client = new SmtpClient(port, "smtps");
    client.props.setProperty("mail.smtps.ssl.trust", "*");
    return client;
  }

  public SmtpClient from(String sourceAddress) {
    props.setProperty("mail." + protocol + ".localaddress", sourceAddress);
    return this;
  }

  public SmtpClient key(String key) {
    this.password = key;
    return this;
  }

  public SmtpClient user(String user) {
    this.username = user;
    return this;
  }

  /** Requires STARTTLS, trusting the test's self-signed certificate. */
  public SmtpClient startTls() {
    props.setProperty("mail.smtp.starttls.enable", "true");
    props.setProperty("mail.smtp.starttls.required", "true");
    props.setProperty("mail.smtp.ssl.trust", "*");
    return this;
  }

  /** Sends without AUTH. */
  public SmtpClient noAuth() {
    props.setProperty("mail." + protocol + ".auth", "false");
    return this;
  }

  public Session session() {
    return Session.getInstance(props);
  }

  /** A text message with a subject. */
  public MimeMessage message(String subject, String body) throws MessagingException {
    MimeMessage message = new MimeMessage(session());
    message.setFrom(new InternetAddress("sender@example.com"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("rcpt@example.net"));
    message.setSubject(subject);
    message.setText(body);
    return message;
  }

  /** A message with a text part and a binary attachment. */
  public MimeMessage withAttachment(String subject, byte[] attachment)
      throws MessagingException {
    MimeMessage message = message(subject, "");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("See the attached file.");
    MimeBodyPart file = new MimeBodyPart();
    file.setContent(attachment, "application/octet-stream");
    file.setFileName("data.bin");
    file.setDisposition(MimeBodyPart.ATTACHMENT);
    MimeMultipart multipart = new MimeMultipart(text, file);
    message.setContent(multipart);
    return message;
  }

  /** Sends; throws the client library's exception with the server's reply on refusal. */
  public void send(MimeMessage message) throws MessagingException {
    message.saveChanges();
    try (Transport transport = session().getTransport(protocol)) {
      if ("true".equals(props.getProperty("mail." + protocol + ".auth"))) {
        transport.connect(username, password);
      } else {
        transport.connect();
      }
      transport.sendMessage(message, message.getAllRecipients());
    }
  }
}
