package io.phat4j.core.http;

import io.phat4j.core.PhalaTransportException;
import io.phat4j.core.Phat4jVersion;
import io.phat4j.core.ResponseTooLargeException;
import io.phat4j.core.http.internal.BodyReader;
import io.phat4j.core.http.internal.Redaction;
import io.phat4j.core.http.internal.RetryAfter;
import io.phat4j.core.http.internal.WireLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Sends {@link HttpRequest}s over OkHttp with timeouts, retries and redacted wire logging, and
 * returns complete {@link HttpResponse}s.
 *
 * {@snippet :
 * try (HttpTransport http = HttpTransport.builder().userAgentSuffix("my-app/1.2").build()) {
 *   HttpResponse response = http.execute(HttpRequest.get(URI.create("https://api.example/x")));
 *   if (response.isSuccessful()) {
 *     System.out.println(response.bodyAsString());
 *   }
 * }
 * }
 *
 * <h2>Share one instance</h2>
 *
 * <p>A transport owns a connection pool and threads. Build one per application (or per set of
 * settings) and share it between clients and threads; it is immutable and thread-safe. Every
 * request carries {@code User-Agent: phat4j/<version>} (plus the optional suffix) unless the
 * request sets its own.
 *
 * <h2>Responses and errors</h2>
 *
 * <p>{@link #execute} reads the whole body (up to {@linkplain Builder#maxResponseBodySize a limit})
 * and closes it before returning, whatever the status: a 404 or 503 is a response, not an
 * exception. Only failures to get a complete response throw {@link PhalaTransportException}:
 * connection refused or reset, a timeout, the call deadline, an oversized body. Its message names
 * the method and the URL path, never the query string, and {@link
 * PhalaTransportException#attempts()} counts the attempts.
 *
 * <h2>Retries</h2>
 *
 * <p>Governed by the {@link RetryPolicy}. An {@linkplain HttpRequest#idempotent() idempotent}
 * request is retried after an I/O failure or a retryable status (429, 502, 503, 504), honouring
 * {@code Retry-After} in seconds or HTTP-date form up to {@link RetryPolicy#maxRetryAfter()}. When
 * retries run out the last response is returned. A non-idempotent request (POST, PATCH) is retried
 * only when the connection could not be opened or the host not resolved ({@link ConnectException},
 * {@link UnknownHostException}): then nothing was sent. After any other failure the server may have
 * acted on it, so the exception is thrown at once; its body is also marked one-shot so that
 * OkHttp's own silent recovery (stale connections, {@code 408}, {@code 503} with {@code
 * Retry-After: 0}) never re-sends it either. For idempotent requests OkHttp may still repeat once
 * on those, and such a repeat does not count as an attempt.
 *
 * <h2>Timeouts: which layer wins</h2>
 *
 * <ul>
 *   <li>{@linkplain Builder#connectTimeout connect} (10 s) and {@linkplain Builder#readTimeout
 *       read} (30 s, also used for writes) apply per attempt to the OkHttp client. With an
 *       {@linkplain Builder#okHttpClient injected client}, that client's own values stand unless
 *       these setters are called explicitly, in which case they win.
 *   <li>{@linkplain Builder#callTimeout The call timeout} (60 s) is the total deadline of one
 *       {@code execute}: every attempt, every backoff sleep, and reading the body. It always wins
 *       over the OkHttp client's own call timeout; {@link HttpRequest#callTimeout()} overrides it
 *       per request.
 * </ul>
 *
 * <h2>Redirects</h2>
 *
 * <p>Redirects are followed as OkHttp does, but a redirect to another scheme, host or port drops
 * every secret header ({@code Authorization}, {@code X-API-Key}, cookies and any {@code
 * redactHeader} name), so an API key never leaks to a third party.
 *
 * <h2>Derive variants with {@code toBuilder()}</h2>
 *
 * <p>{@link #toBuilder()} copies every setting. With an injected OkHttp client the variant uses it
 * too; otherwise the variant builds and owns its own client, so closing one never breaks the other.
 *
 * <h2>Closing</h2>
 *
 * <p>{@link #close()} shuts down the OkHttp dispatcher threads and evicts pooled connections if
 * this transport built the client. An injected {@link OkHttpClient} belongs to the caller and is
 * never shut down. After {@code close()}, calls throw {@code IllegalStateException("transport is
 * closed")}.
 */
public final class HttpTransport implements AutoCloseable {
  private static final byte[] EMPTY = new byte[0];
  private static final int MAX_LINE_BYTES = 1 << 20;
  private static final Duration MAX_CALL_TIMEOUT = Duration.ofDays(365);

  private final Builder settings;
  private final OkHttpClient client;
  private final boolean ownsClient;
  private final RetryPolicy retryPolicy;
  private final Duration callTimeout;
  private final String userAgent;
  private final HttpHeaders defaultHeaders;
  private final Set<String> redactedHeaders;
  private final WireLog wireLog;
  private final Sleeper sleeper;
  private final Clock clock;
  private final long maxResponseBodySize;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpTransport(Builder builder) {
    this.settings = builder.copy();
    this.retryPolicy = builder.retryPolicy;
    this.callTimeout = builder.callTimeout;
    String suffix = builder.userAgentSuffix;
    this.userAgent = "phat4j/" + Phat4jVersion.current() + (suffix == null ? "" : " " + suffix);
    this.defaultHeaders = builder.defaultHeaders.build();
    this.redactedHeaders = Set.copyOf(builder.redactedHeaders);
    this.wireLog = new WireLog(builder.wireLogLevel, builder.wireLogger, redactedHeaders);
    this.sleeper = builder.sleeper;
    this.clock = builder.clock;
    this.maxResponseBodySize = builder.maxResponseBodySize;

    OkHttpClient injected = builder.okHttpClient;
    OkHttpClient.Builder okBuilder;
    if (injected == null) {
      okBuilder =
          new OkHttpClient.Builder()
              .connectTimeout(builder.connectTimeoutOrDefault())
              .readTimeout(builder.readTimeoutOrDefault())
              .writeTimeout(builder.readTimeoutOrDefault());
    } else {
      // newBuilder() shares the caller's pool and dispatcher, which stay the caller's to close.
      okBuilder = injected.newBuilder();
      if (builder.connectTimeout != null) {
        okBuilder.connectTimeout(builder.connectTimeout);
      }
      if (builder.readTimeout != null) {
        okBuilder.readTimeout(builder.readTimeout).writeTimeout(builder.readTimeout);
      }
    }
    this.client = okBuilder.addNetworkInterceptor(new CrossOriginRedactor()).build();
    this.ownsClient = injected == null;
  }

  /**
   * Starts a transport with the defaults described on {@link Builder}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a transport with all defaults.
   *
   * @return a new transport; close it when done
   */
  public static HttpTransport create() {
    return builder().build();
  }

  /**
   * Returns a builder holding this transport's settings, to derive a variant.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return settings.copy();
  }

  /**
   * Sends a request, retrying as the {@link RetryPolicy} allows, and returns the response.
   *
   * @param request the request
   * @return the response, whatever its status; its body has been read and closed
   * @throws PhalaTransportException if no complete response arrived (I/O failure, timeout,
   *     deadline, oversized body), after the attempts the policy allows
   * @throws IllegalStateException if the transport is closed
   */
  public HttpResponse execute(HttpRequest request) {
    return run(request, null);
  }

  /**
   * Sends a request and, if the status is 2xx, hands the body to {@code handler} line by line, as
   * for Server-Sent Events.
   *
   * <p>Retries happen only before the stream starts (I/O failure or retryable status, as for {@link
   * #execute}). The read timeout applies between lines and the call deadline to the whole stream,
   * so set {@link HttpRequest.Builder#callTimeout} for a long watch. The body is closed when the
   * stream ends, the handler returns {@code false}, or the handler throws (its exception propagates
   * unchanged).
   *
   * @param request the request, typically with {@code Accept: text/event-stream}
   * @param handler receives each line of a 2xx body
   * @return the response: for 2xx with an empty body (it went to the handler), otherwise with the
   *     whole error body and no handler call
   * @throws PhalaTransportException if the call fails, the stream breaks, a line exceeds 1 MiB, or
   *     the deadline passes
   * @throws IllegalStateException if the transport is closed
   */
  public HttpResponse executeStreaming(HttpRequest request, LineHandler handler) {
    return run(request, Objects.requireNonNull(handler, "handler"));
  }

  /**
   * Tells whether {@link #close()} has been called.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Closes the transport: later calls throw {@link IllegalStateException}. Shuts down the OkHttp
   * client's threads and pooled connections only if this transport built that client. Calling it
   * again does nothing.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "HttpTransport{userAgent="
        + userAgent
        + ", callTimeout="
        + callTimeout
        + ", "
        + retryPolicy
        + (closed.get() ? ", closed" : "")
        + '}';
  }

  private HttpResponse run(HttpRequest request, @Nullable LineHandler handler) {
    if (closed.get()) {
      throw new IllegalStateException("transport is closed");
    }
    Duration requested = request.callTimeout() != null ? request.callTimeout() : callTimeout;
    // A "forever" timeout would overflow Instant and nanosecond arithmetic; a year is forever here.
    Duration timeout = requested.compareTo(MAX_CALL_TIMEOUT) > 0 ? MAX_CALL_TIMEOUT : requested;
    Instant deadline = clock.instant().plus(timeout);
    Request okRequest = toOkHttp(request);
    HttpHeaders sentHeaders = fromOkHttp(okRequest.headers());
    int attempt = 0;
    while (true) {
      attempt++;
      Duration remaining = Duration.between(clock.instant(), deadline);
      if (remaining.isNegative() || remaining.isZero()) {
        throw deadlineExceeded(request, attempt - 1, timeout, null);
      }
      Call call = client.newCall(okRequest);
      call.timeout().timeout(remaining.toNanos(), TimeUnit.NANOSECONDS);
      wireLog.request(request, sentHeaders, attempt);
      long started = System.nanoTime();
      HttpResponse response;
      try (Response raw = call.execute()) {
        HttpHeaders headers = fromOkHttp(raw.headers());
        ResponseBody body = raw.body();
        if (handler != null && raw.isSuccessful()) {
          wireLog.response(request, raw.code(), headers, null, since(started));
          stream(request, call, body.source(), handler, attempt, timeout);
          return HttpResponse.of(raw.code(), headers, EMPTY, attempt);
        }
        byte[] bytes = BodyReader.readAll(body.source(), maxResponseBodySize);
        wireLog.response(request, raw.code(), headers, bytes, since(started));
        response = HttpResponse.of(raw.code(), headers, bytes, attempt);
      } catch (IOException e) {
        wireLog.failure(request, e, attempt);
        if (e instanceof BodyReader.TooLargeException) {
          throw failed(request, attempt, e);
        }
        if (call.isCanceled() || !clock.instant().isBefore(deadline)) {
          throw deadlineExceeded(request, attempt, timeout, e);
        }
        if (Thread.currentThread().isInterrupted()) {
          throw interrupted(request, attempt, e);
        }
        if (!(request.idempotent() || nothingSent(e)) || attempt >= retryPolicy.maxAttempts()) {
          throw failed(request, attempt, e);
        }
        Duration delay = retryPolicy.backoff(attempt, ThreadLocalRandom.current().nextDouble());
        if (!clock.instant().plus(delay).isBefore(deadline)) {
          throw deadlineExceeded(request, attempt, timeout, e);
        }
        wireLog.retry(request, delay, e.getClass().getSimpleName());
        sleep(request, attempt, delay);
        continue;
      }
      Duration delay = retryDelay(request, response, attempt, deadline);
      if (delay == null) {
        return response;
      }
      wireLog.retry(request, delay, "status " + response.status());
      sleep(request, attempt, delay);
    }
  }

  /** Returns the wait before retrying after this response, or {@code null} to return it. */
  private @Nullable Duration retryDelay(
      HttpRequest request, HttpResponse response, int attempt, Instant deadline) {
    if (!request.idempotent()
        || attempt >= retryPolicy.maxAttempts()
        || !retryPolicy.isRetryableStatus(response.status())) {
      return null;
    }
    Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), clock.instant());
    Duration delay =
        retryAfter != null
            ? retryPolicy.honour(retryAfter)
            : retryPolicy.backoff(attempt, ThreadLocalRandom.current().nextDouble());
    // Waiting past the deadline would only end in a timeout; the caller is better off now.
    if (delay == null || !clock.instant().plus(delay).isBefore(deadline)) {
      return null;
    }
    return delay;
  }

  private void stream(
      HttpRequest request,
      Call call,
      BufferedSource source,
      LineHandler handler,
      int attempt,
      Duration timeout) {
    try {
      String line;
      while ((line = BodyReader.readLine(source, MAX_LINE_BYTES)) != null) {
        wireLog.streamLine(request, line);
        if (!handler.onLine(line)) {
          return;
        }
      }
    } catch (IOException e) {
      wireLog.failure(request, e, attempt);
      if (call.isCanceled() && e instanceof InterruptedIOException) {
        throw deadlineExceeded(request, attempt, timeout, e);
      }
      throw new PhalaTransportException(
          describe(request) + ": stream broke after " + plural(attempt) + ": " + e.getMessage(),
          attempt,
          e);
    }
  }

  private void sleep(HttpRequest request, int attempt, Duration delay) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(request, attempt, e);
    }
  }

  /** Nothing reached the server: the connection never opened or the host never resolved. */
  private static boolean nothingSent(IOException e) {
    return e instanceof ConnectException || e instanceof UnknownHostException;
  }

  private Request toOkHttp(HttpRequest request) {
    Headers.Builder headers = new Headers.Builder();
    for (Map.Entry<String, String> field : defaultHeaders.fields()) {
      if (!request.headers().contains(field.getKey())) {
        headers.add(field.getKey(), field.getValue());
      }
    }
    for (Map.Entry<String, String> field : request.headers().fields()) {
      headers.add(field.getKey(), field.getValue());
    }
    if (headers.get("User-Agent") == null) {
      headers.set("User-Agent", userAgent);
    }
    Set<String> secretNames = new TreeSet<>(redactedHeaders);
    secretNames.addAll(request.redactedHeaders());
    HttpUrl url = HttpUrl.get(request.url().toString());
    return new Request.Builder()
        .url(url)
        .headers(headers.build())
        .method(request.method(), toBody(request))
        .tag(Origin.class, new Origin(url.scheme(), url.host(), url.port(), secretNames))
        .build();
  }

  private static @Nullable RequestBody toBody(HttpRequest request) {
    byte[] body = request.body();
    String method = request.method();
    if (body == null) {
      // OkHttp insists on a body for POST, PUT and PATCH. A non-idempotent request also gets an
      // empty one, because only a one-shot body stops OkHttp from re-sending it on its own.
      boolean bodyRequired =
          method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
      boolean bodyAllowed = !(method.equals("GET") || method.equals("HEAD"));
      if (!bodyRequired && (request.idempotent() || !bodyAllowed)) {
        return null;
      }
      body = EMPTY;
    }
    String contentType = request.contentType();
    return new BytesBody(
        body, contentType == null ? null : MediaType.get(contentType), !request.idempotent());
  }

  private static HttpHeaders fromOkHttp(Headers headers) {
    HttpHeaders.Builder builder = HttpHeaders.builder();
    for (int i = 0; i < headers.size(); i++) {
      // OkHttp already parsed these; servers may send non-ASCII values, which are kept as is.
      builder.addReceived(headers.name(i), headers.value(i));
    }
    return builder.build();
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private static String describe(HttpRequest request) {
    return request.method() + " " + Redaction.safePath(request.url());
  }

  private static String plural(int attempts) {
    return attempts == 1 ? "1 attempt" : attempts + " attempts";
  }

  private static PhalaTransportException failed(HttpRequest request, int attempt, IOException e) {
    if (e instanceof BodyReader.TooLargeException tooLarge) {
      return new ResponseTooLargeException(
          describe(request) + " failed after " + plural(attempt) + ": " + e.getMessage(), tooLarge.limit(), attempt, e);
    }
    return new PhalaTransportException(
        describe(request) + " failed after " + plural(attempt) + ": " + e.getMessage(), attempt, e);
  }

  private static PhalaTransportException deadlineExceeded(
      HttpRequest request, int attempts, Duration timeout, @Nullable IOException e) {
    return new PhalaTransportException(
        describe(request)
            + ": call deadline of "
            + timeout.toMillis()
            + " ms exceeded after "
            + plural(attempts),
        Math.max(attempts, 1),
        e);
  }

  private static PhalaTransportException interrupted(
      HttpRequest request, int attempt, Exception e) {
    return new PhalaTransportException(
        describe(request) + ": interrupted after " + plural(attempt), attempt, e);
  }

  /** Where a request was first sent and which of its headers are secret. */
  private record Origin(String scheme, String host, int port, Set<String> secretNames) {}

  /** Drops secret headers when OkHttp follows a redirect to another origin. */
  private static final class CrossOriginRedactor implements Interceptor {
    @Override
    public Response intercept(Interceptor.Chain chain) throws IOException {
      Request request = chain.request();
      Origin origin = request.tag(Origin.class);
      HttpUrl url = request.url();
      if (origin == null
          || (origin.scheme().equals(url.scheme())
              && origin.host().equals(url.host())
              && origin.port() == url.port())) {
        return chain.proceed(request);
      }
      Request.Builder stripped = request.newBuilder();
      for (String name : request.headers().names()) {
        if (Redaction.isSensitive(name, origin.secretNames())) {
          stripped.removeHeader(name);
        }
      }
      return chain.proceed(stripped.build());
    }
  }

  /** A byte-array body; one-shot for non-idempotent requests so OkHttp never re-sends it. */
  private static final class BytesBody extends RequestBody {
    private final byte[] bytes;
    private final @Nullable MediaType contentType;
    private final boolean oneShot;

    BytesBody(byte[] bytes, @Nullable MediaType contentType, boolean oneShot) {
      this.bytes = bytes;
      this.contentType = contentType;
      this.oneShot = oneShot;
    }

    @Override
    public @Nullable MediaType contentType() {
      return contentType;
    }

    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.write(bytes);
    }

    @Override
    public boolean isOneShot() {
      return oneShot;
    }
  }

  /**
   * Configures an {@link HttpTransport}. Mutable and not thread-safe; {@link #build()} may be
   * called more than once, each time giving a new transport.
   */
  public static final class Builder {
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private Duration callTimeout = Duration.ofSeconds(60);
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private @Nullable String userAgentSuffix;
    private WireLogLevel wireLogLevel = WireLogLevel.NONE;
    private WireLogger wireLogger = WireLogger.slf4j();
    private Set<String> redactedHeaders = new TreeSet<>();
    private HttpHeaders.Builder defaultHeaders = HttpHeaders.builder();
    private @Nullable OkHttpClient okHttpClient;
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();
    private long maxResponseBodySize = 32L << 20;

    private Builder() {}

    private Builder copy() {
      Builder copy = new Builder();
      copy.connectTimeout = connectTimeout;
      copy.readTimeout = readTimeout;
      copy.callTimeout = callTimeout;
      copy.retryPolicy = retryPolicy;
      copy.userAgentSuffix = userAgentSuffix;
      copy.wireLogLevel = wireLogLevel;
      copy.wireLogger = wireLogger;
      copy.redactedHeaders = new TreeSet<>(redactedHeaders);
      copy.defaultHeaders = defaultHeaders.build().toBuilder();
      copy.okHttpClient = okHttpClient;
      copy.sleeper = sleeper;
      copy.clock = clock;
      copy.maxResponseBodySize = maxResponseBodySize;
      return copy;
    }

    Duration connectTimeoutOrDefault() {
      return connectTimeout != null ? connectTimeout : DEFAULT_CONNECT_TIMEOUT;
    }

    Duration readTimeoutOrDefault() {
      return readTimeout != null ? readTimeout : DEFAULT_READ_TIMEOUT;
    }

    /**
     * Sets how long one attempt may take to open a connection. Default 10 s. Wins over an injected
     * client's setting.
     *
     * @param connectTimeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive("connectTimeout", connectTimeout);
      return this;
    }

    /**
     * Sets how long a read (or write) may wait for the next bytes. Default 30 s. Wins over an
     * injected client's setting.
     *
     * @param readTimeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = positive("readTimeout", readTimeout);
      return this;
    }

    /**
     * Sets the total deadline of one call: all attempts, backoff sleeps and the body. Default 60 s.
     *
     * @param callTimeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = positive("callTimeout", callTimeout);
      return this;
    }

    /**
     * Sets when and how requests are retried. Default {@link RetryPolicy#defaults()}.
     *
     * @param retryPolicy the policy; {@link RetryPolicy#none()} disables retries
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Appends a product token to the {@code User-Agent}, e.g. {@code my-app/1.2} gives {@code
     * phat4j/0.1.0 my-app/1.2}. Default none.
     *
     * @param suffix printable ASCII, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if the suffix is not printable ASCII
     */
    public Builder userAgentSuffix(@Nullable String suffix) {
      if (suffix != null) {
        for (int i = 0; i < suffix.length(); i++) {
          char c = suffix.charAt(i);
          if (c < 0x20 || c > 0x7e) {
            throw new IllegalArgumentException(
                "userAgentSuffix has an invalid character at index " + i);
          }
        }
      }
      this.userAgentSuffix = suffix == null || suffix.isBlank() ? null : suffix.strip();
      return this;
    }

    /**
     * Sets how much of each exchange is logged. Default {@link WireLogLevel#NONE}.
     *
     * @param level the level
     * @return this builder
     */
    public Builder wireLogging(WireLogLevel level) {
      this.wireLogLevel = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * Sets where the wire log goes. Default {@link WireLogger#slf4j()} (logger {@value
     * WireLogger#LOGGER_NAME}, DEBUG).
     *
     * @param logger the destination; receives already-redacted lines
     * @return this builder
     */
    public Builder wireLogger(WireLogger logger) {
      this.wireLogger = Objects.requireNonNull(logger, "logger");
      return this;
    }

    /**
     * Masks a header's value in the wire log and strips it on cross-origin redirects, on top of
     * {@code Authorization}, {@code Proxy-Authorization}, {@code X-API-Key}, {@code Cookie} and
     * {@code Set-Cookie}.
     *
     * @param name a header name, any case
     * @return this builder
     */
    public Builder redactHeader(String name) {
      redactedHeaders.add(Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Adds a header sent with every request that does not set the same header itself.
     *
     * @param name the header name
     * @param value the value (printable ASCII)
     * @return this builder
     * @throws IllegalArgumentException if the name or value is malformed
     */
    public Builder defaultHeader(String name, String value) {
      defaultHeaders.add(name, value);
      return this;
    }

    /**
     * Uses the caller's OkHttp client (for a proxy, TLS settings, a Unix-socket factory, …).
     *
     * <p>The transport derives its client from this one with {@link OkHttpClient#newBuilder()}, so
     * both share the connection pool and dispatcher. Those stay the caller's: {@link
     * HttpTransport#close()} never shuts them down. The injected client's connect and read timeouts
     * stand unless {@link #connectTimeout} or {@link #readTimeout} is called.
     *
     * @param client the client, or {@code null} to let the transport build and own one
     * @return this builder
     */
    public Builder okHttpClient(@Nullable OkHttpClient client) {
      this.okHttpClient = client;
      return this;
    }

    /**
     * Sets what waits between retries. Default {@link Sleeper#system()}; tests pass a recorder.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the clock for the call deadline and {@code Retry-After} dates. Default UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the largest response body {@link HttpTransport#execute} reads. Default 32 MiB.
     *
     * @param bytes a positive byte count
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxResponseBodySize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxResponseBodySize must be positive but was " + bytes);
      }
      this.maxResponseBodySize = bytes;
      return this;
    }

    /**
     * Builds a transport. Each call gives a new transport, with its own OkHttp client unless one
     * was injected.
     *
     * @return the transport; close it when done
     */
    public HttpTransport build() {
      return new HttpTransport(this);
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + value);
      }
      return value;
    }
  }
}
