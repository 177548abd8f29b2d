package io.ipaccess.testing;

import java.time.Duration;
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
    long start = System.nanoTime();
    long end = start + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
