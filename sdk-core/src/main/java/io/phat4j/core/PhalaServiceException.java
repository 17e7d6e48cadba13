package io.phat4j.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A service answered, but with an error: a non-success HTTP status and, where the service sends
 * one, an error code, details and a request id.
 *
 * <p>Subclasses in other modules refine this for specific services (authentication, conflict,
 * validation, …) so callers can tell them apart without matching strings.
 */
public class PhalaServiceException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final @Nullable String errorCode;
  private final @Nullable String requestId;
  private final @Nullable String details;

  /**
   * Creates a service error.
   *
   * @param message a human-readable description from the service or the SDK
   * @param statusCode the HTTP status code
   * @param errorCode the service's machine-readable error code, if it sent one
   * @param requestId the request id the service assigned, if it sent one
   * @param details further detail from the service (raw text or JSON), if any
   */
  public PhalaServiceException(
      String message,
      int statusCode,
      @Nullable String errorCode,
      @Nullable String requestId,
      @Nullable String details) {
    super(format(message, statusCode, errorCode, requestId));
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.requestId = requestId;
    this.details = details;
  }

  private static String format(
      String message, int statusCode, @Nullable String errorCode, @Nullable String requestId) {
    StringBuilder sb = new StringBuilder(Objects.requireNonNull(message, "message"));
    sb.append(" (status ").append(statusCode);
    if (errorCode != null) {
      sb.append(", code ").append(errorCode);
    }
    if (requestId != null) {
      sb.append(", request-id ").append(requestId);
    }
    return sb.append(')').toString();
  }

  /**
   * Returns the HTTP status code.
   *
   * @return the status code, e.g. 404
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Returns the service's error code.
   *
   * @return the error code, or {@code null} if the service sent none
   */
  public @Nullable String errorCode() {
    return errorCode;
  }

  /**
   * Returns the request id assigned by the service.
   *
   * @return the request id, or {@code null} if the service sent none
   */
  public @Nullable String requestId() {
    return requestId;
  }

  /**
   * Returns further detail from the service.
   *
   * @return the detail text, or {@code null}
   */
  public @Nullable String details() {
    return details;
  }

  /**
   * Tells whether repeating the same request later may succeed (429 and 5xx other than 501).
   *
   * @return {@code true} for throttling and transient server errors
   */
  public boolean retryable() {
    return statusCode == 429 || (statusCode >= 500 && statusCode != 501);
  }
}
