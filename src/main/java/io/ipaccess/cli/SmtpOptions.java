package io.ipaccess.cli;

import io.ipaccess.net.InvalidAddressException;
import io.ipaccess.net.IpRange;
import io.ipaccess.smtp.SmtpConfig;
import io.ipaccess.smtp.UpstreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code serve} options of the SMTP relay, turned into a checked {@link SmtpConfig}. */
final class SmtpOptions {

  static final String UPSTREAM_PASSWORD_ENV = "IPACCESS_SMTP_UPSTREAM_PASSWORD";

  @Option(names = "--smtp", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Run the SMTP relay (default: on; --no-smtp turns it off).")
  boolean enabled;

  @Option(names = "--smtp-port", defaultValue = "2525",
      description = "The SMTP submission port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--smtp-host", description = "The interface the relay binds (default: all).")
  String host;

  @Option(names = "--smtp-tls-cert", description = "PEM certificate chain for STARTTLS and the"
      + " implicit TLS port. Without it AUTH is offered to loopback clients only.")
  Path tlsCert;

  @Option(names = "--smtp-tls-key", description = "PEM private key (unencrypted PKCS#8) of"
      + " --smtp-tls-cert.")
  Path tlsKey;

  @Option(names = "--smtp-implicit-tls-port", description = "Also listen with TLS from the first"
      + " byte on this port (e.g. 465).")
  Integer implicitTlsPort;

  @Option(names = "--smtp-proxy-protocol-port", description = "Also listen on this port for a"
      + " TCP load balancer that sends a PROXY protocol v1/v2 header.")
  Integer proxyProtocolPort;

  @Option(names = "--smtp-trusted-proxies", split = ",", description = "The balancers (addresses"
      + " or CIDR) whose PROXY header is believed, e.g. 10.0.0.5,10.1.0.0/16.")
  List<String> trustedProxies = new ArrayList<>();

  @Option(names = "--smtp-upstream", description = "Relay accepted mail to this host:port."
      + " Without it, mail is written to <data-dir>/outbox as .eml files.")
  String upstream;

  @Option(names = "--smtp-upstream-user", description = "AUTH user at the upstream; the password"
      + " is read from the environment variable " + UPSTREAM_PASSWORD_ENV + ".")
  String upstreamUser;

  @Option(names = "--smtp-upstream-starttls", description = "Require STARTTLS at the upstream.")
  boolean upstreamStartTls;

  @Option(names = "--smtp-upstream-timeout", defaultValue = "30", description = "Seconds to wait"
      + " for the upstream to connect and to answer (default: ${DEFAULT-VALUE}).")
  int upstreamTimeoutSeconds;

  @Option(names = "--smtp-max-message-size", defaultValue = "31457280", description = "The"
      + " largest message in bytes, announced in EHLO (default: ${DEFAULT-VALUE}, 30 MiB).")
  int maxMessageBytes;

  @Option(names = "--smtp-max-recipients", defaultValue = "1000",
      description = "The most recipients of one message (default: ${DEFAULT-VALUE}).")
  int maxRecipients;

  @Option(names = "--smtp-idle-timeout", defaultValue = "300", description = "Seconds a client"
      + " may stay silent before the relay closes with 421 (default: ${DEFAULT-VALUE}).")
  int idleTimeoutSeconds;

  @Option(names = "--smtp-data-timeout", defaultValue = "600", description = "Seconds one DATA"
      + " transfer may take in all before 421 (default: ${DEFAULT-VALUE}).")
  int dataTimeoutSeconds;

  SmtpConfig toConfig() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--smtp-tls-cert and --smtp-tls-key go together: set"
          + " both or neither");
    }
    for (Path file : new Path[] {tlsCert, tlsKey}) {
      if (file != null && !Files.isReadable(file)) {
        throw new IllegalArgumentException(file + " (given for --smtp-tls-cert/--smtp-tls-key) is"
            + " not a readable file");
      }
    }
    return SmtpConfig.builder()
        .enabled(enabled)
        .host(host)
        .port(port)
        .tls(tlsCert == null ? null : new SmtpConfig.TlsFiles(tlsCert, tlsKey))
        .implicitTlsPort(implicitTlsPort)
        .proxyProtocolPort(proxyProtocolPort)
        .trustedProxies(trustedProxies())
        .upstream(upstreamConfig())
        .maxMessageBytes(maxMessageBytes)
        .maxRecipients(maxRecipients)
        .idleTimeout(seconds("--smtp-idle-timeout", idleTimeoutSeconds))
        .dataTimeout(seconds("--smtp-data-timeout", dataTimeoutSeconds))
        .build();
  }

  private List<IpRange> trustedProxies() {
    List<IpRange> ranges = new ArrayList<>();
    for (String entry : trustedProxies) {
      try {
        ranges.add(IpRange.parseEntry(entry.trim()));
      } catch (InvalidAddressException e) {
        throw new IllegalArgumentException("--smtp-trusted-proxies: " + e.getMessage(), e);
      }
    }
    return ranges;
  }

  private UpstreamConfig upstreamConfig() {
    if (upstream == null) {
      if (upstreamUser != null || upstreamStartTls) {
        throw new IllegalArgumentException("--smtp-upstream-user and --smtp-upstream-starttls"
            + " need --smtp-upstream host:port");
      }
      return null;
    }
    Optional<String> password = Optional.ofNullable(System.getenv(UPSTREAM_PASSWORD_ENV));
    if (upstreamUser != null && password.isEmpty()) {
      throw new IllegalArgumentException("--smtp-upstream-user needs the password in the"
          + " environment variable " + UPSTREAM_PASSWORD_ENV);
    }
    return UpstreamConfig.parse(upstream, Optional.ofNullable(upstreamUser),
        upstreamUser == null ? Optional.empty() : password, upstreamStartTls,
        seconds("--smtp-upstream-timeout", upstreamTimeoutSeconds));
  }

  private static Duration seconds(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1 second, was " + value);
    }
    return Duration.ofSeconds(value);
  }
}
