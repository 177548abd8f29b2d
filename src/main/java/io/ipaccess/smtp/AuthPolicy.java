package io.ipaccess.smtp;

import io.ipaccess.net.IpAddress;
import org.subethamail.smtp.server.Session;

/**
 * Where AUTH may be offered: over TLS always; over plain text only when the relay has no
 * certificate and both the judged client and the TCP peer are loopback, so that an API key never
 * crosses a network in clear.
 */
final class AuthPolicy {

  private final boolean tlsConfigured;

  AuthPolicy(boolean tlsConfigured) {
    this.tlsConfigured = tlsConfigured;
  }

  boolean allows(Session session) {
    if (session.isTLSStarted()) {
      return true;
    }
    return !tlsConfigured
        && ClientAddresses.isLoopback(judged(session))
        && ClientAddresses.isLoopback(ClientAddresses.of(session.getRealRemoteAddress()));
  }

  /** The reply to AUTH where it is not allowed (RFC 4954's "encryption required"). */
  String refusal() {
    return tlsConfigured
        ? "538 5.7.11 Encryption required: send STARTTLS (or use the implicit TLS port) before AUTH"
        : "538 5.7.11 Encryption required: this relay has no TLS certificate, so AUTH over plain"
            + " text is accepted only from loopback clients";
  }

  /** The address the client is judged by: the PROXY header's source, or else the TCP peer. */
  static IpAddress judged(Session session) {
    return ClientAddresses.of(session.getRemoteAddress());
  }
}
