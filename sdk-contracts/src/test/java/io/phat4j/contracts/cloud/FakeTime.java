package io.phat4j.contracts.cloud;

import io.phat4j.core.http.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that only moves when the code under test sleeps; records every sleep. */
final class FakeTime extends Clock implements Sleeper {
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private volatile Instant now;

  FakeTime(Instant start) {
    this.now = start;
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    now = now.plus(duration);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // A snapshot: the zoned view does not follow later advances of this fake.
    return Clock.fixed(instant(), zone);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
