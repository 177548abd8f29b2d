package io.ipaccess.server;

import io.ipaccess.http.ClientIpHeader;
import io.ipaccess.http.TrustedProxies;
import io.ipaccess.proxy.ProxyUpstream;
import io.ipaccess.smtp.SmtpConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code serve} is configured with, checked once at start and then fixed.
 *
 * @param dataDir where the embedded store lives
 * @param httpHost the interface the HTTP server binds, or {@code null} for all of them
 * @param httpPort the HTTP port; 0 picks a free one (for tests)
 * @param geoipDb an MMDB file for the activity's locations, if any
 * @param attemptBufferSize the most attempt aggregates held in memory before the oldest is dropped
 * @param attemptFlushIntervalMs how often buffered attempts are written to the store
 * @param storePollIntervalMs how often the store is checked for changes made elsewhere
 * @param trustedProxies the proxies whose forwarding headers are believed; none by default
 * @param clientIpHeader the forwarding header read from trusted proxies
 * @param proxyUpstream where the reverse proxy forwards admitted requests; none turns it off
 * @param proxyPort the reverse proxy's port; 0 picks a free one (for tests)
 * @param smtp the SMTP relay's settings
 */
public record ServerConfig(
    Path dataDir,
    String httpHost,
    int httpPort,
    Optional<Path> geoipDb,
    int attemptBufferSize,
    long attemptFlushIntervalMs,
    long storePollIntervalMs,
    TrustedProxies trustedProxies,
    ClientIpHeader clientIpHeader,
    Optional<ProxyUpstream> proxyUpstream,
    int proxyPort,
    SmtpConfig smtp) {

  /** The default port of the reverse proxy, when {@code --proxy-upstream} turns it on. */
  public static final int DEFAULT_PROXY_PORT = 8081;

  public ServerConfig {
    requireRange("--http-port", httpPort, 0, 65535);
    requireRange("--proxy-port", proxyPort, 0, 65535);
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    Objects.requireNonNull(clientIpHeader, "clientIpHeader");
    Objects.requireNonNull(proxyUpstream, "proxyUpstream");
    Objects.requireNonNull(smtp, "smtp");
    requireRange("--attempt-buffer", attemptBufferSize, 1, 10_000_000);
    requireRange("attempt flush interval (ms)", attemptFlushIntervalMs, 10, 3_600_000);
    requireRange("store poll interval (ms)", storePollIntervalMs, 10, 60_000);
  }

  /** A configuration without trusted proxies, the reverse proxy or the SMTP relay. */
  public ServerConfig(Path dataDir, String httpHost, int httpPort, Optional<Path> geoipDb,
      int attemptBufferSize, long attemptFlushIntervalMs, long storePollIntervalMs) {
    this(dataDir, httpHost, httpPort, geoipDb, attemptBufferSize, attemptFlushIntervalMs,
        storePollIntervalMs, TrustedProxies.none(), ClientIpHeader.X_FORWARDED_FOR,
        Optional.empty(), DEFAULT_PROXY_PORT, SmtpConfig.disabled());
  }

  /** The defaults, with the store in {@code dataDir}. */
  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig(dataDir, null, 8080, Optional.empty(), 100_000, 1000, 500);
  }

  public ServerConfig withHttpPort(int port) {
    return new ServerConfig(dataDir, httpHost, port, geoipDb, attemptBufferSize,
        attemptFlushIntervalMs, storePollIntervalMs, trustedProxies, clientIpHeader,
        proxyUpstream, proxyPort, smtp);
  }

  /** This configuration, reading {@code header} from the {@code trusted} proxies. */
  public ServerConfig withClientAddress(TrustedProxies trusted, ClientIpHeader header) {
    return new ServerConfig(dataDir, httpHost, httpPort, geoipDb, attemptBufferSize,
        attemptFlushIntervalMs, storePollIntervalMs, trusted, header, proxyUpstream, proxyPort,
        smtp);
  }

  /** This configuration, with the reverse proxy to {@code upstream} on {@code port}. */
  public ServerConfig withProxy(ProxyUpstream upstream, int port) {
    return new ServerConfig(dataDir, httpHost, httpPort, geoipDb, attemptBufferSize,
        attemptFlushIntervalMs, storePollIntervalMs, trustedProxies, clientIpHeader,
        Optional.of(upstream), port, smtp);
  }

  /** This configuration, with the SMTP relay's settings. */
  public ServerConfig withSmtp(SmtpConfig value) {
    return new ServerConfig(dataDir, httpHost, httpPort, geoipDb, attemptBufferSize,
        attemptFlushIntervalMs, storePollIntervalMs, trustedProxies, clientIpHeader,
        proxyUpstream, proxyPort, value);
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be from " + min + " to " + max + ", was " + value);
    }
  }
}
