package io.phat4j.core.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A complete HTTP response: status, headers and the whole body, already read and closed.
 *
 * <p>Any status counts as a response: a 404 or 500 arrives here rather than as an exception, and
 * the service client above decides what it means. {@link #attempts()} tells how many attempts the
 * transport made to get it. {@code toString()} shows the body size only, never its content.
 *
 * <p>Immutable and thread-safe; the body is copied in and out.
 */
public final class HttpResponse {
  private final int status;
  private final HttpHeaders headers;
  private final byte[] body;
  private final int attempts;

  private HttpResponse(int status, HttpHeaders headers, byte[] body, int attempts) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.attempts = attempts;
  }

  /**
   * Creates a response, for tests and for clients that wrap other transports.
   *
   * @param status the HTTP status code, 100 to 599
   * @param headers the response headers
   * @param body the body bytes (copied); empty if there was none
   * @param attempts how many attempts produced it, at least 1
   * @return the response
   * @throws IllegalArgumentException if the status or attempt count is out of range
   */
  public static HttpResponse of(int status, HttpHeaders headers, byte[] body, int attempts) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status code: " + status);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1 but was " + attempts);
    }
    return new HttpResponse(
        status,
        Objects.requireNonNull(headers, "headers"),
        Objects.requireNonNull(body, "body").clone(),
        attempts);
  }

  /**
   * Returns the status code.
   *
   * @return e.g. 200 or 404
   */
  public int status() {
    return status;
  }

  /**
   * Tells whether the status is 2xx.
   *
   * @return {@code true} for 200 to 299
   */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /**
   * Returns the response headers.
   *
   * @return the headers, looked up case-insensitively
   */
  public HttpHeaders headers() {
    return headers;
  }

  /**
   * Returns the first value of a response header.
   *
   * @param name the header name, any case
   * @return the value, or {@code null} if absent
   */
  public @Nullable String header(String name) {
    return headers.value(name);
  }

  /**
   * Returns a copy of the body.
   *
   * @return the body bytes; empty if there was none
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns the body as text, decoded with the {@code charset} of {@code Content-Type} or UTF-8.
   *
   * @return the body text
   */
  public String bodyAsString() {
    return new String(body, charset());
  }

  /**
   * Returns how many attempts the transport made, the successful or last one included.
   *
   * @return at least 1
   */
  public int attempts() {
    return attempts;
  }

  private Charset charset() {
    String contentType = headers.value("Content-Type");
    okhttp3.MediaType mediaType = contentType == null ? null : okhttp3.MediaType.parse(contentType);
    Charset charset = mediaType == null ? null : mediaType.charset(null);
    return charset == null ? StandardCharsets.UTF_8 : charset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpResponse other
        && status == other.status
        && attempts == other.attempts
        && headers.equals(other.headers)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, Arrays.hashCode(body), attempts);
  }

  /** Prints status, headers (secrets masked), body size and attempts, never the body. */
  @Override
  public String toString() {
    return "HttpResponse{status="
        + status
        + ", headers="
        + headers
        + ", body="
        + body.length
        + " bytes, attempts="
        + attempts
        + '}';
  }
}
