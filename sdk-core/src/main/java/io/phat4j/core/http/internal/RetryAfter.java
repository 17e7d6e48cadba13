package io.phat4j.core.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Parses a {@code Retry-After} header value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * Returns how long the server asked the client to wait.
   *
   * @param value the header value, or {@code null} if absent
   * @param now the current time, to turn an HTTP-date into a delay
   * @return the delay (zero for a date in the past), or {@code null} if absent or unreadable
   */
  public static @Nullable Duration parse(@Nullable String value, Instant now) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (isDigits(trimmed)) {
      // More than 18 digits would overflow; such a wait is "forever" anyway.
      return trimmed.length() > 18
          ? Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)
          : Duration.ofSeconds(Long.parseLong(trimmed));
    }
    try {
      Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(now, at);
      return delay.isNegative() ? Duration.ZERO : delay;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
