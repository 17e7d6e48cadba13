package io.phat4j.core.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-03-04T10:00:00Z");

  @Test
  void parse_delaySeconds_returnsThem() {
    assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void parse_httpDate_returnsDelayUntilThen() {
    assertThat(RetryAfter.parse("Wed, 04 Mar 2026 10:01:30 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void parse_httpDateInPast_returnsZero() {
    assertThat(RetryAfter.parse("Wed, 04 Mar 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void parse_absentOrGarbage_returnsNull() {
    assertThat(RetryAfter.parse(null, NOW)).isNull();
    assertThat(RetryAfter.parse("", NOW)).isNull();
    assertThat(RetryAfter.parse("-5", NOW)).isNull();
    assertThat(RetryAfter.parse("1.5", NOW)).isNull();
    assertThat(RetryAfter.parse("soon", NOW)).isNull();
  }

  @Test
  void parse_hugeNumber_saturatesInsteadOfOverflowing() {
    assertThat(RetryAfter.parse("99999999999999999999999", NOW))
        .isGreaterThan(Duration.ofDays(365 * 100));
  }
}
