package io.phat4j.core.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * When and how long {@link HttpTransport} waits before repeating a request.
 *
 * <p>Only {@linkplain HttpRequest#idempotent() idempotent} requests are repeated after a retryable
 * status or an I/O failure; a non-idempotent request is repeated only when the connection could not
 * be opened, so nothing was sent. Delays grow exponentially with full jitter: before retry <i>n</i>
 * (1-based) the transport waits a random time in {@code [0, min(maxDelay, baseDelay × 2^(n-1))]}. A
 * {@code Retry-After} header on a retryable status replaces that delay; if it asks for more than
 * {@link #maxRetryAfter()} the transport does not retry and returns the response, since retrying
 * sooner than asked would only be refused again.
 *
 * <p>Defaults: 3 attempts, base delay 200 ms, max delay 5 s, max {@code Retry-After} 30 s,
 * retryable statuses 429, 502, 503, 504. Immutable and thread-safe.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Duration maxRetryAfter;
  private final Set<Integer> retryableStatuses;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.baseDelay = builder.baseDelay;
    this.maxDelay = builder.maxDelay;
    this.maxRetryAfter = builder.maxRetryAfter;
    this.retryableStatuses = Set.copyOf(builder.retryableStatuses);
  }

  /**
   * Returns the default policy (3 attempts, 200 ms base, 5 s max delay, 30 s max Retry-After).
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a policy that never retries.
   *
   * @return a policy with one attempt
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Starts a policy from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this policy's settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.maxAttempts = maxAttempts;
    builder.baseDelay = baseDelay;
    builder.maxDelay = maxDelay;
    builder.maxRetryAfter = maxRetryAfter;
    builder.retryableStatuses = new TreeSet<>(retryableStatuses);
    return builder;
  }

  /**
   * Returns the most attempts made for one request, the first included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the backoff bound before the first retry.
   *
   * @return the base delay
   */
  public Duration baseDelay() {
    return baseDelay;
  }

  /**
   * Returns the largest backoff bound, however many retries came before.
   *
   * @return the maximum delay
   */
  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * Returns the longest {@code Retry-After} the transport will wait for.
   *
   * @return the cap; a longer requested wait ends the retries
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Returns the response statuses that make an idempotent request retryable.
   *
   * @return the statuses, by default 429, 502, 503 and 504
   */
  public Set<Integer> retryableStatuses() {
    return retryableStatuses;
  }

  /**
   * Tells whether a response status is one this policy retries.
   *
   * @param status an HTTP status code
   * @return {@code true} if listed in {@link #retryableStatuses()}
   */
  public boolean isRetryableStatus(int status) {
    return retryableStatuses.contains(status);
  }

  /**
   * Returns the wait before retry number {@code retry} (1-based), given a uniform random value.
   *
   * @param retry 1 for the first retry
   * @param unitRandom a value in {@code [0, 1)}
   * @return a delay in {@code [0, min(maxDelay, baseDelay × 2^(retry-1))]}
   */
  Duration backoff(int retry, double unitRandom) {
    long baseNanos = baseDelay.toNanos();
    long maxNanos = maxDelay.toNanos();
    int shift = Math.min(Math.max(retry - 1, 0), 62);
    // Saturate instead of overflowing when the exponent gets large.
    long bound =
        baseNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, baseNanos << shift);
    return Duration.ofNanos((long) (bound * unitRandom));
  }

  /**
   * Returns the wait the server asked for, or {@code null} if it is too long to honour.
   *
   * @param retryAfter the parsed {@code Retry-After} delay
   * @return the delay, or {@code null} if it exceeds {@link #maxRetryAfter()}
   */
  @Nullable Duration honour(Duration retryAfter) {
    return retryAfter.compareTo(maxRetryAfter) > 0 ? null : retryAfter;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryPolicy other
        && maxAttempts == other.maxAttempts
        && baseDelay.equals(other.baseDelay)
        && maxDelay.equals(other.maxDelay)
        && maxRetryAfter.equals(other.maxRetryAfter)
        && retryableStatuses.equals(other.retryableStatuses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, baseDelay, maxDelay, maxRetryAfter, retryableStatuses);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts="
        + maxAttempts
        + ", baseDelay="
        + baseDelay
        + ", maxDelay="
        + maxDelay
        + ", maxRetryAfter="
        + maxRetryAfter
        + ", retryableStatuses="
        + new TreeSet<>(retryableStatuses)
        + '}';
  }

  /** Configures a {@link RetryPolicy}. Mutable and not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration baseDelay = Duration.ofMillis(200);
    private Duration maxDelay = Duration.ofSeconds(5);
    private Duration maxRetryAfter = Duration.ofSeconds(30);
    private Set<Integer> retryableStatuses = new TreeSet<>(Set.of(429, 502, 503, 504));

    private Builder() {}

    /**
     * Sets the most attempts per request, the first included. Default 3.
     *
     * @param maxAttempts at least 1; 1 means no retries
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the backoff bound before the first retry; it doubles with each retry. Default 200 ms.
     *
     * @param baseDelay zero or positive
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder baseDelay(Duration baseDelay) {
      this.baseDelay = nonNegative("baseDelay", baseDelay);
      return this;
    }

    /**
     * Sets the largest backoff bound. Default 5 s.
     *
     * @param maxDelay zero or positive
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = nonNegative("maxDelay", maxDelay);
      return this;
    }

    /**
     * Sets the longest {@code Retry-After} honoured; a longer one ends the retries. Default 30 s.
     *
     * @param maxRetryAfter zero or positive
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = nonNegative("maxRetryAfter", maxRetryAfter);
      return this;
    }

    /**
     * Replaces the statuses that make an idempotent request retryable. Default 429, 502, 503, 504.
     *
     * @param statuses HTTP status codes between 100 and 599
     * @return this builder
     * @throws IllegalArgumentException if a code is out of range
     */
    public Builder retryableStatuses(Set<Integer> statuses) {
      TreeSet<Integer> copy = new TreeSet<>();
      for (Integer status : statuses) {
        if (status == null || status < 100 || status > 599) {
          throw new IllegalArgumentException("not an HTTP status code: " + status);
        }
        copy.add(status);
      }
      this.retryableStatuses = copy;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private static Duration nonNegative(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative but was " + value);
      }
      return value;
    }
  }
}
