package io.ipaccess.console;

import io.ipaccess.net.IpAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing: after {@code maxFailures} failed logins for one user name from one
 * address, or {@code 4 * maxFailures} from one address for any names, each less than
 * {@code lockout} after the one before, further logins from there are refused until
 * {@code lockout} has passed since the last failure, even with the right password.
 *
 * <p>Failures are counted per name and address, not per name alone, so that someone elsewhere
 * cannot lock a user out by failing on purpose. The counts live in memory, bounded to
 * {@code capacity} keys (the least recently used one is forgotten first); a restart forgets them,
 * which costs an attacker a restart they cannot cause.
 */
final class LoginThrottle {

  private final Clock clock;
  private final int maxFailures;
  private final long lockoutMs;
  private final int capacity;
  private final Map<String, Failures> failures = new LinkedHashMap<>(64, 0.75f, true);

  LoginThrottle(Clock clock, int maxFailures, Duration lockout, int capacity) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.lockoutMs = lockout.toMillis();
    this.capacity = capacity;
  }

  /** How long logins for this name from this address stay refused, if they are. */
  synchronized Optional<Duration> blockedFor(String username, IpAddress address) {
    long nowMs = clock.millis();
    long untilMs = Math.max(lockedUntil(userKey(username, address), maxFailures, nowMs),
        lockedUntil(addressKey(address), maxFailures * 4, nowMs));
    return untilMs > nowMs ? Optional.of(Duration.ofMillis(untilMs - nowMs)) : Optional.empty();
  }

  synchronized void failed(String username, IpAddress address) {
    long nowMs = clock.millis();
    count(userKey(username, address), nowMs);
    count(addressKey(address), nowMs);
  }

  /** Forgets the failures of this name at this address after a good login. */
  synchronized void succeeded(String username, IpAddress address) {
    failures.remove(userKey(username, address));
  }

  private long lockedUntil(String key, int limit, long nowMs) {
    Failures held = failures.get(key);
    return held != null && held.count >= limit ? held.lastAtMs + lockoutMs : 0;
  }

  private void count(String key, long nowMs) {
    Failures held = failures.get(key);
    if (held == null || nowMs - held.lastAtMs >= lockoutMs) {
      if (held == null && failures.size() >= capacity) {
        failures.remove(failures.keySet().iterator().next());
      }
      failures.put(key, new Failures(nowMs));
      return;
    }
    held.count++;
    held.lastAtMs = nowMs;
  }

  private static String userKey(String username, IpAddress address) {
    return "user " + username.toLowerCase(Locale.ROOT) + " " + address;
  }

  private static String addressKey(IpAddress address) {
    return "address " + address;
  }

  private static final class Failures {
    long lastAtMs;
    int count = 1;

    Failures(long atMs) {
      this.lastAtMs = atMs;
    }
  }
}
