package io.ipaccess.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it until a deadline, instead of sleeping a guessed time. */
public final class Deadline {

  private Deadline() {}

  /**
   * Polls {@code condition} until it holds; fails naming {@code what} when {@code limit} passes.
   *
   * @return how long it took
   */
  public static Duration await(Duration limit, String what, BooleanSupplier condition) {
    return await(limit, Duration.ZERO, what, condition);
  }

  /**
   * Like {@link #await(Duration, String, BooleanSupplier)}, pausing {@code pause} between polls so
   * that polling does not take the CPU from what it waits for.
   */
  public static Duration await(Duration limit, Duration pause, String what,
      BooleanSupplier condition) {
    long start = System.nanoTime();
    long end = start + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
      }
      if (pause.isZero()) {
        Thread.yield();
      } else {
        LockSupport.parkNanos(pause.toNanos());
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
