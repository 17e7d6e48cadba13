package io.phat4j.contracts.cloud;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Phala Cloud throttled the request (HTTP 429) and the retries the policy allows ran out.
 */
public final class CloudRateLimitException extends PhalaCloudException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param error what the server said
   * @param retryAfter the server's {@code Retry-After}, if it sent one in seconds
   */
  public CloudRateLimitException(CloudError error, @Nullable Duration retryAfter) {
    super(error);
    this.retryAfter = retryAfter;
  }

  /**
   * Returns how long the server asked to wait.
   *
   * @return the wait, or {@code null} if none was given
   */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
