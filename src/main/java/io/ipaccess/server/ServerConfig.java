package io.ipaccess.server;

import io.ipaccess.smtp.SmtpConfig;
import java.nio.file.Path;
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
    SmtpConfig smtp) {

  /** A node without the SMTP relay. */
  public ServerConfig(Path dataDir, String httpHost, int httpPort, Optional<Path> geoipDb,
      int attemptBufferSize, long attemptFlushIntervalMs, long storePollIntervalMs) {
    this(dataDir, httpHost, httpPort, geoipDb, attemptBufferSize, attemptFlushIntervalMs,
        storePollIntervalMs, SmtpConfig.disabled());
  }

  public ServerConfig {
    requireRange("http port", httpPort, 0, 65535);
    requireRange("attempt buffer size", attemptBufferSize, 1, 10_000_000);
    requireRange("attempt flush interval (ms)", attemptFlushIntervalMs, 10, 3_600_000);
    requireRange("store poll interval (ms)", storePollIntervalMs, 10, 60_000);
  }

  /** The defaults, with the store in {@code dataDir}. */
  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig(dataDir, null, 8080, Optional.empty(), 100_000, 1000, 500);
  }

  public ServerConfig withHttpPort(int port) {
    return new ServerConfig(dataDir, httpHost, port, geoipDb, attemptBufferSize,
        attemptFlushIntervalMs, storePollIntervalMs, smtp);
  }

  public ServerConfig withSmtp(SmtpConfig value) {
    return new ServerConfig(dataDir, httpHost, httpPort, geoipDb, attemptBufferSize,
        attemptFlushIntervalMs, storePollIntervalMs, value);
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be from " + min + " to " + max + ", was " + value);
    }
  }
}
