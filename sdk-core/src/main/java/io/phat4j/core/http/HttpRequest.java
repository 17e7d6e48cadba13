package io.phat4j.core.http;

import io.phat4j.core.http.internal.Redaction;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request for {@link HttpTransport}: method, absolute URL, headers and optional body.
 *
 * <p>Two flags steer the transport:
 *
 * <ul>
 *   <li>{@link #idempotent()}: whether repeating the request is harmless, so it may be retried
 *       after a retryable status or an I/O failure. Defaults to {@code true} for GET, HEAD, PUT,
 *       DELETE and OPTIONS, {@code false} otherwise (POST, PATCH, …).
 *   <li>{@link #sensitiveBody()}: the request and response bodies carry secrets, so they are never
 *       logged.
 * </ul>
 *
 * <p>{@code toString()} masks secret header values and the query string, and never prints the body.
 * Immutable and thread-safe; the body is copied in and out.
 *
 * {@snippet :
 * URI url = URI.create("https://cloud-api.phala.com/api/v1/cvms/provision");
 * HttpRequest request = HttpRequest.builder("POST", url)
 *     .header("Accept", "application/json")
 *     .body(json, "application/json")
 *     .build();
 * }
 */
public final class HttpRequest {
  private static final Set<String> IDEMPOTENT_METHODS =
      Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

  private final String method;
  private final URI url;
  private final HttpHeaders headers;
  private final byte @Nullable [] body;
  private final @Nullable String contentType;
  private final boolean idempotent;
  private final boolean sensitiveBody;
  private final Set<String> redactedHeaders;
  private final @Nullable Duration callTimeout;

  private HttpRequest(Builder builder) {
    this.method = builder.method;
    this.url = builder.url;
    this.headers = builder.headers.build();
    this.body = builder.body;
    this.contentType = builder.contentType;
    this.idempotent =
        builder.idempotent != null ? builder.idempotent : IDEMPOTENT_METHODS.contains(method);
    this.sensitiveBody = builder.sensitiveBody;
    this.redactedHeaders = Collections.unmodifiableSet(new TreeSet<>(builder.redactedHeaders));
    this.callTimeout = builder.callTimeout;
  }

  /**
   * Starts a request.
   *
   * @param method the HTTP method, e.g. {@code GET}; upper-cased
   * @param url an absolute {@code http} or {@code https} URL with a host
   * @return a new builder
   * @throws IllegalArgumentException if the method is not an HTTP token or the URL is not absolute
   *     http(s)
   */
  public static Builder builder(String method, URI url) {
    return new Builder(method, url);
  }

  /**
   * Creates a GET request with no extra headers.
   *
   * @param url an absolute {@code http} or {@code https} URL with a host
   * @return the request
   * @throws IllegalArgumentException if the URL is not absolute http(s)
   */
  public static HttpRequest get(URI url) {
    return builder("GET", url).build();
  }

  /**
   * Returns a builder holding this request's settings, to derive a variant.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder(method, url);
    builder.headers = headers.toBuilder();
    builder.body = body;
    builder.contentType = contentType;
    builder.idempotent = idempotent;
    builder.sensitiveBody = sensitiveBody;
    builder.redactedHeaders.addAll(redactedHeaders);
    builder.callTimeout = callTimeout;
    return builder;
  }

  /**
   * Returns the HTTP method.
   *
   * @return the method, upper case
   */
  public String method() {
    return method;
  }

  /**
   * Returns the absolute URL.
   *
   * @return the URL
   */
  public URI url() {
    return url;
  }

  /**
   * Returns the headers set on this request (the transport adds {@code User-Agent} and defaults).
   *
   * @return the headers
   */
  public HttpHeaders headers() {
    return headers;
  }

  /**
   * Returns a copy of the body.
   *
   * @return the body bytes, or {@code null} if the request has no body
   */
  public byte @Nullable [] body() {
    return body == null ? null : body.clone();
  }

  /**
   * Returns the media type of the body.
   *
   * @return e.g. {@code application/json}, or {@code null} if there is no body or no type
   */
  public @Nullable String contentType() {
    return contentType;
  }

  /**
   * Tells whether repeating this request is harmless, so the transport may retry it.
   *
   * @return the explicit setting, or the method's default
   */
  public boolean idempotent() {
    return idempotent;
  }

  /**
   * Tells whether the request and response bodies carry secrets and must never be logged.
   *
   * @return {@code true} if the bodies are secret
   */
  public boolean sensitiveBody() {
    return sensitiveBody;
  }

  /**
   * Returns header names, lower case, whose values are masked in logs and {@code toString()}, on
   * top of the transport's and the built-in ones.
   *
   * @return the extra redacted header names
   */
  public Set<String> redactedHeaders() {
    return redactedHeaders;
  }

  /**
   * Returns this request's total deadline, overriding the transport's call timeout.
   *
   * @return the deadline, or {@code null} to use the transport's
   */
  public @Nullable Duration callTimeout() {
    return callTimeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpRequest other
        && method.equals(other.method)
        && url.equals(other.url)
        && headers.equals(other.headers)
        && Arrays.equals(body, other.body)
        && Objects.equals(contentType, other.contentType)
        && idempotent == other.idempotent
        && sensitiveBody == other.sensitiveBody
        && redactedHeaders.equals(other.redactedHeaders)
        && Objects.equals(callTimeout, other.callTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        method,
        url,
        headers,
        Arrays.hashCode(body),
        contentType,
        idempotent,
        sensitiveBody,
        redactedHeaders,
        callTimeout);
  }

  /** Prints method, URL (query masked), headers (secrets masked) and body size, never content. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("HttpRequest{");
    sb.append(method).append(' ').append(Redaction.safeUrl(url)).append(", headers=[");
    boolean first = true;
    for (Map.Entry<String, String> field : headers.fields()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(field.getKey())
          .append(": ")
          .append(
              Redaction.isSensitive(field.getKey(), redactedHeaders)
                  ? Redaction.MASK
                  : field.getValue());
    }
    sb.append(']');
    if (body != null) {
      sb.append(", body=").append(body.length).append(" bytes");
      if (contentType != null) {
        sb.append(' ').append(contentType);
      }
      if (sensitiveBody) {
        sb.append(" (sensitive)");
      }
    }
    return sb.append(", idempotent=").append(idempotent).append('}').toString();
  }

  /** Configures an {@link HttpRequest}. Mutable and not thread-safe. */
  public static final class Builder {
    private final String method;
    private final URI url;
    private HttpHeaders.Builder headers = HttpHeaders.builder();
    private byte @Nullable [] body;
    private @Nullable String contentType;
    private @Nullable Boolean idempotent;
    private boolean sensitiveBody;
    private final Set<String> redactedHeaders = new TreeSet<>();
    private @Nullable Duration callTimeout;

    private Builder(String method, URI url) {
      this.method = checkMethod(method);
      this.url = checkUrl(url);
    }

    /**
     * Appends a header, keeping earlier values of the same name.
     *
     * @param name the header name
     * @param value the value (printable ASCII)
     * @return this builder
     * @throws IllegalArgumentException if the name or value is malformed
     */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /**
     * Sets a header whose value is secret: it replaces earlier values and is always masked.
     *
     * @param name the header name
     * @param value the secret value (printable ASCII)
     * @return this builder
     * @throws IllegalArgumentException if the name or value is malformed
     */
    public Builder secretHeader(String name, String value) {
      headers.set(name, value);
      redactedHeaders.add(name.toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Replaces all headers with the given ones.
     *
     * @param headers the new headers
     * @return this builder
     */
    public Builder headers(HttpHeaders headers) {
      this.headers = headers.toBuilder();
      return this;
    }

    /**
     * Sets the body; the bytes are copied.
     *
     * @param body the body bytes
     * @param contentType its media type, e.g. {@code application/json}
     * @return this builder
     * @throws IllegalArgumentException if the media type is malformed
     */
    public Builder body(byte[] body, String contentType) {
      this.body = Objects.requireNonNull(body, "body").clone();
      this.contentType = checkContentType(contentType);
      return this;
    }

    /**
     * Sets a text body, encoded as UTF-8.
     *
     * @param body the text
     * @param contentType its media type, e.g. {@code application/json}
     * @return this builder
     * @throws IllegalArgumentException if the media type is malformed
     */
    public Builder body(String body, String contentType) {
      this.body = Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8);
      this.contentType = checkContentType(contentType);
      return this;
    }

    /**
     * Overrides whether the request may be repeated. Set {@code true} for a POST the server
     * de-duplicates (an idempotency key, say) or that only reads.
     *
     * @param idempotent whether repeating the request is harmless
     * @return this builder
     */
    public Builder idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /**
     * Marks the request and response bodies as secret, so they are never logged.
     *
     * @param sensitiveBody {@code true} if the bodies carry secrets
     * @return this builder
     */
    public Builder sensitiveBody(boolean sensitiveBody) {
      this.sensitiveBody = sensitiveBody;
      return this;
    }

    /**
     * Masks the named header in logs and {@code toString()}, like {@code Authorization}.
     *
     * @param name a header name, any case
     * @return this builder
     */
    public Builder redactHeader(String name) {
      redactedHeaders.add(name.toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Overrides the transport's total deadline for this request, e.g. for a long-lived stream.
     *
     * @param callTimeout a positive duration covering all attempts and backoff
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder callTimeout(Duration callTimeout) {
      Objects.requireNonNull(callTimeout, "callTimeout");
      if (callTimeout.isNegative() || callTimeout.isZero()) {
        throw new IllegalArgumentException("callTimeout must be positive but was " + callTimeout);
      }
      this.callTimeout = callTimeout;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException if a GET or HEAD request has a body
     */
    public HttpRequest build() {
      if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
        throw new IllegalArgumentException(method + " request must not have a body");
      }
      return new HttpRequest(this);
    }

    private static String checkMethod(String method) {
      Objects.requireNonNull(method, "method");
      if (method.isEmpty()) {
        throw new IllegalArgumentException("HTTP method is empty");
      }
      for (int i = 0; i < method.length(); i++) {
        char c = method.charAt(i);
        if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && c != '-' && c != '_') {
          throw new IllegalArgumentException("HTTP method has an invalid character: " + method);
        }
      }
      return method.toUpperCase(Locale.ROOT);
    }

    private static URI checkUrl(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        throw new IllegalArgumentException(
            "URL scheme must be http or https but was " + (scheme == null ? "missing" : scheme));
      }
      if (url.getHost() == null || url.getHost().isEmpty()) {
        throw new IllegalArgumentException("URL has no host: " + Redaction.safeUrl(url));
      }
      return url;
    }

    private static String checkContentType(String contentType) {
      Objects.requireNonNull(contentType, "contentType");
      if (okhttp3.MediaType.parse(contentType) == null) {
        throw new IllegalArgumentException("malformed content type: " + contentType);
      }
      return contentType;
    }
  }
}
