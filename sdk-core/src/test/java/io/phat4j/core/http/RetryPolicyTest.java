package io.phat4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      RetryPolicy.builder()
          .baseDelay(Duration.ofMillis(100))
          .maxDelay(Duration.ofSeconds(1))
          .build();

  @Test
  void backoff_bound_doublesPerRetryUpToMaxDelay() {
    // A random value just below 1 gives (almost) the full bound.
    double top = Math.nextDown(1.0);
    assertThat(policy.backoff(1, top)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(policy.backoff(2, top)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    assertThat(policy.backoff(4, top)).isBetween(Duration.ofMillis(799), Duration.ofMillis(800));
    assertThat(policy.backoff(5, top)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    assertThat(policy.backoff(500, top)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
  }

  @Test
  void backoff_fullJitter_scalesWithRandomDownToZero() {
    assertThat(policy.backoff(3, 0.0)).isEqualTo(Duration.ZERO);
    assertThat(policy.backoff(3, 0.5)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void honour_retryAfterAboveCap_returnsNull() {
    RetryPolicy capped = RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(10)).build();

    assertThat(capped.honour(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    assertThat(capped.honour(Duration.ofSeconds(11))).isNull();
  }

  @Test
  void defaults_documentedValues() {
    RetryPolicy defaults = RetryPolicy.defaults();

    assertThat(defaults.maxAttempts()).isEqualTo(3);
    assertThat(defaults.baseDelay()).isEqualTo(Duration.ofMillis(200));
    assertThat(defaults.maxDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.retryableStatuses()).containsExactlyInAnyOrder(429, 502, 503, 504);
    assertThat(defaults.isRetryableStatus(500)).isFalse();
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void toBuilder_roundTrip_equalPolicy() {
    RetryPolicy custom = policy.toBuilder().retryableStatuses(Set.of(503)).build();

    assertThat(custom.toBuilder().build()).isEqualTo(custom).hasSameHashCodeAs(custom);
    assertThat(custom).isNotEqualTo(policy);
    assertThat(custom.toString()).contains("maxAttempts=3", "retryableStatuses=[503]");
  }

  @Test
  void builder_invalidValues_throwWithName() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1 but was 0");
    assertThatThrownBy(() -> RetryPolicy.builder().baseDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("baseDelay must not be negative");
    assertThatThrownBy(() -> RetryPolicy.builder().retryableStatuses(Set.of(99)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an HTTP status code: 99");
  }
}
