package io.phat4j.core.http;

import java.time.Duration;

/**
 * Waits between retry attempts; tests inject one that records the delay instead of sleeping.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Blocks for the given time.
   *
   * @param duration how long to wait, never negative
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Returns the sleeper backed by {@link Thread#sleep(Duration)}.
   *
   * @return the real sleeper
   */
  static Sleeper system() {
    return Thread::sleep;
  }
}
