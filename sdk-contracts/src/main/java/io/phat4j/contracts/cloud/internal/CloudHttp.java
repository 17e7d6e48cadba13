package io.phat4j.contracts.cloud.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.phat4j.contracts.cloud.ApiVersion;
import io.phat4j.contracts.cloud.Outcome;
import io.phat4j.contracts.cloud.PhalaCloudException;
import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpRequest;
import io.phat4j.core.http.HttpResponse;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.LineHandler;
import io.phat4j.core.json.PhalaJson;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Builds Phala Cloud requests (base URL, path segments, auth and version headers, JSON bodies),
 * sends them and maps error answers. Thread-safe.
 */
public final class CloudHttp {
  private final HttpTransport transport;
  private final HttpUrl baseUrl;
  private final @Nullable SecretString apiKey;
  private final ApiVersion version;

  /**
   * Creates the request layer.
   *
   * @param transport the transport to send with
   * @param baseUrl the API base, e.g. {@code https://cloud-api.phala.com/api/v1}
   * @param apiKey the API key, or {@code null} for public endpoints only
   * @param version the API version header
   */
  public CloudHttp(
      HttpTransport transport, URI baseUrl, @Nullable SecretString apiKey, ApiVersion version) {
    this.transport = Objects.requireNonNull(transport, "transport");
    HttpUrl parsed = HttpUrl.get(baseUrl.toString());
    this.baseUrl = parsed;
    this.apiKey = apiKey;
    this.version = Objects.requireNonNull(version, "version");
  }

  /**
   * Returns the transport.
   *
   * @return the transport
   */
  public HttpTransport transport() {
    return transport;
  }

  /**
   * Returns the API version the client asks for.
   *
   * @return the version
   */
  public ApiVersion version() {
    return version;
  }

  /**
   * Starts a call.
   *
   * @param method the HTTP method
   * @param segments the path segments below the base URL, each encoded as one segment
   * @return the call builder
   */
  public Call call(String method, String... segments) {
    return new Call(method, segments);
  }

  /** One request under construction. Not thread-safe. */
  public final class Call {
    private final String method;
    private final String[] segments;
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte @Nullable [] body;
    private @Nullable String contentType;
    private @Nullable Boolean idempotent;
    private boolean sensitive;
    private @Nullable Duration callTimeout;
    private ApiVersion callVersion = version;

    private Call(String method, String[] segments) {
      this.method = method;
      this.segments = segments.clone();
    }

    /**
     * Adds a query parameter unless the value is null.
     *
     * @param name the name
     * @param value the value, {@code null} to skip
     * @return this call
     */
    public Call query(String name, @Nullable Object value) {
      if (value != null) {
        query.computeIfAbsent(name, k -> new ArrayList<>()).add(String.valueOf(value));
      }
      return this;
    }

    /**
     * Adds a header.
     *
     * @param name the name
     * @param value the value, {@code null} to skip
     * @return this call
     */
    public Call header(String name, @Nullable String value) {
      if (value != null) {
        headers.put(name, value);
      }
      return this;
    }

    /**
     * Pins the API version of this call, whatever the client asks for (as the official SDK does
     * for the KMS calls).
     *
     * @param pinned the version to send
     * @return this call
     */
    public Call version(ApiVersion pinned) {
      this.callVersion = Objects.requireNonNull(pinned, "pinned");
      return this;
    }

    /**
     * Sets a JSON body.
     *
     * @param value a record or map
     * @return this call
     */
    public Call json(Object value) {
      this.body = PhalaJson.write(value);
      this.contentType = "application/json";
      return this;
    }

    /**
     * Sets a text body.
     *
     * @param text the body
     * @param type its media type
     * @return this call
     */
    public Call text(String text, String type) {
      this.body = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      this.contentType = type;
      return this;
    }

    /**
     * Overrides whether the request may be retried.
     *
     * @param idempotent whether repeating it is harmless
     * @return this call
     */
    public Call idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /**
     * Marks the bodies as secret so they are never logged.
     *
     * @return this call
     */
    public Call sensitive() {
      this.sensitive = true;
      return this;
    }

    /**
     * Sets a per-call deadline.
     *
     * @param timeout the deadline
     * @return this call
     */
    public Call callTimeout(Duration timeout) {
      this.callTimeout = timeout;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public HttpRequest request() {
      HttpUrl.Builder url = baseUrl.newBuilder();
      for (String segment : segments) {
        url.addPathSegment(segment);
      }
      query.forEach((k, vs) -> vs.forEach(v -> url.addQueryParameter(k, v)));
      HttpRequest.Builder b = HttpRequest.builder(method, url.build().uri());
      b.header("Accept", headers.getOrDefault("Accept", "application/json"));
      b.header("X-Phala-Version", callVersion.value());
      if (apiKey != null) {
        b.secretHeader("X-API-Key", apiKey.reveal());
      }
      headers.forEach(
          (k, v) -> {
            if (!k.equals("Accept")) {
              b.header(k, v);
            }
          });
      if (body != null) {
        b.body(body, Objects.requireNonNull(contentType));
      }
      if (idempotent != null) {
        b.idempotent(idempotent);
      }
      if (sensitive) {
        b.sensitiveBody(true);
      }
      if (callTimeout != null) {
        b.callTimeout(callTimeout);
      }
      return b.build();
    }

    private String what() {
      StringBuilder sb = new StringBuilder(method).append(' ');
      for (String s : segments) {
        sb.append('/').append(s);
      }
      return sb.toString();
    }

    /**
     * Sends the request without interpreting the status.
     *
     * @return the response
     */
    public HttpResponse raw() {
      return transport.execute(request());
    }

    /**
     * Sends the request and throws the typed exception for a non-2xx answer.
     *
     * @return the 2xx response
     * @throws PhalaCloudException for an error status
     */
    public HttpResponse send() {
      HttpResponse response = raw();
      if (!response.isSuccessful()) {
        throw CloudErrors.exception(response, what());
      }
      return response;
    }

    /**
     * Sends and decodes the JSON answer.
     *
     * @param type the answer type
     * @param <T> the answer type
     * @return the answer
     */
    public <T> T read(Class<T> type) {
      return PhalaJson.read(what(), send().body(), type);
    }

    /**
     * Sends and decodes the JSON answer.
     *
     * @param type the answer type
     * @param <T> the answer type
     * @return the answer
     */
    public <T> T read(TypeReference<T> type) {
      return PhalaJson.read(what(), send().body(), type);
    }

    /**
     * Sends and returns the body as text.
     *
     * @return the body
     */
    public String readText() {
      return send().bodyAsString();
    }

    /**
     * Sends and decodes the answer, turning HTTP 465 into {@link Outcome.RegistrationRequired}.
     *
     * @param type the accepted answer type
     * @param empty the value to use when a 2xx answer has no body
     * @param <T> the answer type
     * @return the outcome
     */
    public <T> Outcome<T> readOutcome(Class<T> type, T empty) {
      HttpResponse response = raw();
      if (response.status() == CloudErrors.REGISTRATION_REQUIRED) {
        return new Outcome.RegistrationRequired<>(CloudErrors.registration(response));
      }
      if (!response.isSuccessful()) {
        throw CloudErrors.exception(response, what());
      }
      byte[] bytes = response.body();
      if (isBlank(bytes)) {
        return new Outcome.Accepted<>(empty);
      }
      return new Outcome.Accepted<>(PhalaJson.read(what(), bytes, type));
    }

    /**
     * Sends a streaming request; error answers are mapped to exceptions.
     *
     * @param handler receives each line of a 2xx body
     */
    public void stream(LineHandler handler) {
      HttpResponse response = transport.executeStreaming(request(), handler);
      if (!response.isSuccessful()) {
        throw CloudErrors.exception(response, what());
      }
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
