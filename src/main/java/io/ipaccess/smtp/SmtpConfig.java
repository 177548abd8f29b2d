package io.ipaccess.smtp;

import io.ipaccess.net.IpRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the SMTP relay listens, whom it trusts and where it relays, checked once at start.
 *
 * <p>Ports are 1 to 65535, or 0 for a free port (tests); an absent optional port is not opened.
 *
 * @param enabled whether {@code serve} starts the relay at all
 * @param host the interface to bind, or {@code null} for all of them
 * @param port the submission port (plain text, STARTTLS when {@code tls} is set)
 * @param tls the certificate and key for STARTTLS and the implicit TLS port
 * @param implicitTlsPort a port where the connection is TLS from the first byte
 * @param proxyProtocolPort a port where every connection must start with a PROXY header
 * @param trustedProxies the peers whose PROXY header is believed; all others are cut off
 * @param upstream where accepted messages go; without one they go to {@code data-dir/outbox}
 * @param maxMessageBytes the largest message accepted, announced in EHLO as SIZE
 * @param maxRecipients the most RCPT TO accepted in one transaction
 * @param idleTimeout how long the relay waits for the client's next bytes
 * @param dataTimeout how long one DATA transfer may take in all
 * @param retry when a spooled message is tried again
 */
public record SmtpConfig(
    boolean enabled,
    String host,
    int port,
    Optional<TlsFiles> tls,
    Optional<Integer> implicitTlsPort,
    Optional<Integer> proxyProtocolPort,
    List<IpRange> trustedProxies,
    Optional<UpstreamConfig> upstream,
    int maxMessageBytes,
    int maxRecipients,
    Duration idleTimeout,
    Duration dataTimeout,
    RetryPolicy retry) {

  /** 30 MiB, as SendGrid allows. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 30 * 1024 * 1024;
  public static final int DEFAULT_PORT = 2525;

  public SmtpConfig {
    requirePort("--smtp-port", port);
    implicitTlsPort.ifPresent(p -> requirePort("--smtp-implicit-tls-port", p));
    proxyProtocolPort.ifPresent(p -> requirePort("--smtp-proxy-protocol-port", p));
    if (implicitTlsPort.isPresent() && tls.isEmpty()) {
      throw new IllegalArgumentException("--smtp-implicit-tls-port needs a certificate: set"
          + " --smtp-tls-cert and --smtp-tls-key");
    }
    if (proxyProtocolPort.isPresent() && trustedProxies.isEmpty()) {
      throw new IllegalArgumentException("--smtp-proxy-protocol-port needs --smtp-trusted-proxies:"
          + " the addresses of the load balancers whose PROXY header is believed");
    }
    trustedProxies = List.copyOf(trustedProxies);
    requireRange("--smtp-max-message-size", maxMessageBytes, 1024, Integer.MAX_VALUE);
    requireRange("--smtp-max-recipients", maxRecipients, 1, 100_000);
    requireRange("--smtp-idle-timeout (ms)", idleTimeout.toMillis(), 100, 3_600_000);
    requireRange("--smtp-data-timeout (ms)", dataTimeout.toMillis(), 100, 24 * 3_600_000L);
  }

  /** The relay switched off: what nodes started without SMTP options use. */
  public static SmtpConfig disabled() {
    return builder().enabled(false).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy with other ports: {@code restart} in tests keeps the ports it got the first time. */
  public SmtpConfig withPorts(int port, Optional<Integer> implicitTlsPort,
      Optional<Integer> proxyProtocolPort) {
    return new SmtpConfig(enabled, host, port, tls, implicitTlsPort, proxyProtocolPort,
        trustedProxies, upstream, maxMessageBytes, maxRecipients, idleTimeout, dataTimeout, retry);
  }

  private static void requirePort(String name, int port) {
    requireRange(name, port, 0, 65535);
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be from " + min + " to " + max + ", was " + value);
    }
  }

  /**
   * The PEM files of the relay's certificate chain and its private key (PKCS#8, unencrypted).
   */
  public record TlsFiles(Path certificate, Path privateKey) {}

  /**
   * When a spooled message is tried again: after {@code initial}, doubling up to {@code max};
   * after {@code giveUp} it is moved to {@code spool/failed} for an operator.
   */
  public record RetryPolicy(Duration initial, Duration max, Duration giveUp) {

    public static final RetryPolicy DEFAULT =
        new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofDays(5));

    public RetryPolicy {
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0
          || giveUp.compareTo(max) < 0) {
        throw new IllegalArgumentException("retry intervals must satisfy 0 < initial <= max <="
            + " give-up, were " + initial + ", " + max + ", " + giveUp);
      }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed attempts. */
    public Duration delayAfter(int attempt) {
      Duration delay = initial;
      for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
        delay = delay.multipliedBy(2);
      }
      return delay.compareTo(max) > 0 ? max : delay;
    }
  }

  /** Builds a config from the defaults; {@link #build} checks it. */
  public static final class Builder {
    private boolean enabled = true;
    private String host;
    private int port = DEFAULT_PORT;
    private Optional<TlsFiles> tls = Optional.empty();
    private Optional<Integer> implicitTlsPort = Optional.empty();
    private Optional<Integer> proxyProtocolPort = Optional.empty();
    private List<IpRange> trustedProxies = List.of();
    private Optional<UpstreamConfig> upstream = Optional.empty();
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int maxRecipients = 1000;
    private Duration idleTimeout = Duration.ofMinutes(5);
    private Duration dataTimeout = Duration.ofMinutes(10);
    private RetryPolicy retry = RetryPolicy.DEFAULT;

    private Builder() {}

    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder tls(TlsFiles value) {
      this.tls = Optional.ofNullable(value);
      return this;
    }

    public Builder implicitTlsPort(Integer value) {
      this.implicitTlsPort = Optional.ofNullable(value);
      return this;
    }

    public Builder proxyProtocolPort(Integer value) {
      this.proxyProtocolPort = Optional.ofNullable(value);
      return this;
    }

    public Builder trustedProxies(List<IpRange> value) {
      this.trustedProxies = value;
      return this;
    }

    public Builder upstream(UpstreamConfig value) {
      this.upstream = Optional.ofNullable(value);
      return this;
    }

    public Builder maxMessageBytes(int value) {
      this.maxMessageBytes = value;
      return this;
    }

    public Builder maxRecipients(int value) {
      this.maxRecipients = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      this.idleTimeout = value;
      return this;
    }

    public Builder dataTimeout(Duration value) {
      this.dataTimeout = value;
      return this;
    }

    public Builder retry(RetryPolicy value) {
      this.retry = value;
      return this;
    }

    public SmtpConfig build() {
      return new SmtpConfig(enabled, host, port, tls, implicitTlsPort, proxyProtocolPort,
          trustedProxies, upstream, maxMessageBytes, maxRecipients, idleTimeout, dataTimeout,
          retry);
    }
  }
}
