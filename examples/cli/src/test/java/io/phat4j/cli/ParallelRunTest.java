package io.phat4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ParallelRunTest {
  @Test
  void runsWarmupAndIterationsOnEveryThread() {
    AtomicInteger calls = new AtomicInteger();
    Set<String> threadNames = ConcurrentHashMap.newKeySet();
    ParallelRun.Timing timing = ParallelRun.time(4, 3, 50, () -> {
      calls.incrementAndGet();
      threadNames.add(Thread.currentThread().getName());
    });
    assertThat(calls).hasValue(4 * (3 + 50));
    assertThat(threadNames).hasSize(4);
    assertThat(timing.seconds()).isPositive();
    assertThat(timing.cpuSeconds()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void failureDuringWarmup_isRethrownAndNoThreadHangs() {
    AtomicInteger calls = new AtomicInteger();
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    assertThatThrownBy(() -> ParallelRun.time(3, 5, 100, () -> {
      if (calls.incrementAndGet() == 2) {
        throw boom;
      }
    })).isSameAs(boom);
    // The timed part is skipped once a warm-up failed: only warm-up calls were made.
    assertThat(calls.get()).isLessThanOrEqualTo(3 * 5);
  }

  @Test
  void failureDuringTimedPart_isRethrown() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> ParallelRun.time(2, 1, 20, () -> {
      if (calls.incrementAndGet() == 10) {
        throw new IllegalStateException("tenth call");
      }
    })).hasMessage("tenth call");
  }
}
