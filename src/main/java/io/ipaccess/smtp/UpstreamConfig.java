package io.ipaccess.smtp;

import java.time.Duration;
import java.util.Optional;

/**
 * The mail server accepted messages are relayed to.
 *
 * @param host its name or address
 * @param port its SMTP port
 * @param username the AUTH user, if it wants one
 * @param password the AUTH password; never logged
 * @param startTls whether to require STARTTLS before AUTH and the message
 * @param timeout how long to wait to connect and for each reply
 */
public record UpstreamConfig(String host, int port, Optional<String> username,
    Optional<String> password, boolean startTls, Duration timeout) {

  public UpstreamConfig {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--smtp-upstream port must be from 1 to 65535, was "
          + port);
    }
    if (username.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException("--smtp-upstream-user and the upstream password go"
          + " together: set both or neither");
    }
  }

  /**
   * Reads {@code host:port}, e.g. {@code mail.example.com:587} or {@code [2001:db8::1]:25}.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static UpstreamConfig parse(String hostAndPort, Optional<String> username,
      Optional<String> password, boolean startTls, Duration timeout) {
    int colon = hostAndPort.lastIndexOf(':');
    String host = colon > 0 ? hostAndPort.substring(0, colon) : "";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      host = "";
    }
    String portText = colon > 0 ? hostAndPort.substring(colon + 1) : "";
    if (host.isEmpty() || !portText.matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("--smtp-upstream '" + hostAndPort + "' is not host:port,"
          + " e.g. mail.example.com:587 or [2001:db8::1]:25");
    }
    return new UpstreamConfig(host, Integer.parseInt(portText), username, password, startTls,
        timeout);
  }

  @Override
  public String toString() {
    return host + ":" + port + (startTls ? " starttls" : "")
        + username.map(user -> " user=" + user).orElse("");
  }
}
