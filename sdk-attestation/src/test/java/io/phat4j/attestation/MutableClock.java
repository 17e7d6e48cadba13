package io.phat4j.attestation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand (caches that honour {@code nextUpdate} or a max age). */
public final class MutableClock extends Clock {
  private volatile Instant now;

  /**
   * Starts the clock at {@code now}.
   *
   * @param now the first instant
   */
  public MutableClock(Instant now) {
    this.now = now;
  }

  /**
   * Moves the clock.
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    now = instant;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(now, zone);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
