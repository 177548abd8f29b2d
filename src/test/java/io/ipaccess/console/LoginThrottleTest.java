package io.ipaccess.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.net.IpAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The login throttle's counting, on a clock the test moves. */
class LoginThrottleTest {

  private static final IpAddress HOME = IpAddress.parse("192.0.2.1");
  private static final IpAddress ELSEWHERE = IpAddress.parse("198.51.100.1");

  private final MovableClock clock = new MovableClock();
  private final LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofMinutes(15), 100);

  @Test
  void belowTheLimit_nothingIsBlocked() {
    fail("admin", HOME, 2);

    assertThat(throttle.blockedFor("admin", HOME)).isEmpty();
  }

  @Test
  void atTheLimit_theNameIsBlockedAtThatAddressOnly() {
    fail("admin", HOME, 3);

    assertThat(throttle.blockedFor("admin", HOME)).contains(Duration.ofMinutes(15));
    assertThat(throttle.blockedFor("ADMIN", HOME)).isPresent();
    assertThat(throttle.blockedFor("admin", ELSEWHERE)).isEmpty();
    assertThat(throttle.blockedFor("alice", HOME)).isEmpty();
  }

  @Test
  void theBlock_endsWhenTheLockoutHasPassedSinceTheLastFailure() {
    fail("admin", HOME, 3);

    clock.advance(Duration.ofMinutes(14));
    assertThat(throttle.blockedFor("admin", HOME)).contains(Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(1));
    assertThat(throttle.blockedFor("admin", HOME)).isEmpty();
  }

  @Test
  void manyNamesFromOneAddress_blockThatAddress() {
    for (int i = 0; i < 12; i++) {
      throttle.failed("user" + i, HOME);
    }

    assertThat(throttle.blockedFor("someone-new", HOME)).isPresent();
    assertThat(throttle.blockedFor("someone-new", ELSEWHERE)).isEmpty();
  }

  @Test
  void aGoodLogin_forgetsTheNamesFailures() {
    fail("admin", HOME, 2);
    throttle.succeeded("admin", HOME);
    fail("admin", HOME, 2);

    assertThat(throttle.blockedFor("admin", HOME)).isEmpty();
  }

  private void fail(String username, IpAddress address, int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed(username, address);
    }
  }

  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
