package io.phat4j.contracts.cloud;

import io.phat4j.contracts.cloud.internal.CloudHttp;
import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import io.phat4j.core.http.Sleeper;
import io.phat4j.core.http.WireLogLevel;
import io.phat4j.core.http.WireLogger;
import io.phat4j.core.http.internal.Redaction;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * A client for the Phala Cloud REST API.
 *
 * {@snippet :
 * try (PhalaCloudClient cloud = PhalaCloudClient.create()) { // PHALA_CLOUD_API_KEY from the env
 *   Deployment deployment = cloud.deploy(
 *       AppSpec.builder("my-app", composeYaml).env("API_TOKEN", token).build(),
 *       DeployOptions.builder().trustedKmsKey(kmsRoot).build()).deployment();
 *   System.out.println(deployment.cvmId() + " " + deployment.composeHash());
 * }
 * }
 *
 * <p>The calls are grouped: {@link #cvms()} for CVM lifecycle and updates, {@link #apps()}, {@link
 * #kms()} and {@link #account()} for the rest, and {@link #deploy} / {@link #update} for the
 * complete flows.
 *
 * <h2>Share one instance</h2>
 *
 * <p>The client is immutable and thread-safe. It owns an HTTP transport (a connection pool and
 * threads), so build one and share it.
 *
 * <h2>Derive variants with {@code toBuilder()}</h2>
 *
 * <p>{@link #toBuilder()} and {@link #withVersion(ApiVersion)} copy every setting. The variant
 * builds its own transport unless an {@link Builder#okHttpClient OkHttpClient} or {@link
 * Builder#transport HttpTransport} was injected, in which case it shares that.
 *
 * <h2>Closing</h2>
 *
 * <p>{@link #close()} closes the transport if this client built it; injected OkHttp clients and
 * transports are never closed.
 *
 * <h2>Secrets</h2>
 *
 * <p>The API key is held as a {@link SecretString}, sent only as the {@code X-API-Key} header
 * (masked in wire logs, dropped on cross-origin redirects) and never appears in {@code toString()}
 * or exception messages.
 */
public final class PhalaCloudClient implements AutoCloseable {
  /** The default base URL. */
  public static final String DEFAULT_BASE_URL = "https://cloud-api.phala.com/api/v1";

  /** The environment variable holding the API key. */
  public static final String API_KEY_ENV = "PHALA_CLOUD_API_KEY";

  /** The environment variable overriding the base URL. */
  public static final String BASE_URL_ENV = "PHALA_CLOUD_API_PREFIX";

  private final Builder settings;
  private final URI baseUrl;
  private final ApiVersion version;
  private final @Nullable SecretString apiKey;
  private final HttpTransport transport;
  private final boolean ownsTransport;
  private final Clock clock;
  private final Sleeper sleeper;
  private final CloudHttp http;
  private final CvmsApi cvms;
  private final AppsApi apps;
  private final KmsApi kms;
  private final AccountApi account;

  private PhalaCloudClient(Builder b) {
    this.settings = b.copy();
    Function<String, @Nullable String> env = b.environment;
    String base = b.baseUrl != null ? b.baseUrl : env.apply(BASE_URL_ENV);
    if (base == null || base.isBlank()) {
      base = DEFAULT_BASE_URL;
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(base.trim());
    } catch (IllegalArgumentException e) {
      // URI's own message quotes the whole string, and a URL may carry a key: say it redacted.
      uri = null;
    }
    if (uri == null
        || uri.getScheme() == null
        || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "base URL must be an absolute http(s) URL: " + Redaction.safeUrl(base));
    }
    this.baseUrl = uri;
    this.version = b.version;
    SecretString key = b.apiKey;
    if (key == null) {
      String fromEnv = env.apply(API_KEY_ENV);
      key = fromEnv == null || fromEnv.isBlank() ? null : SecretString.of(fromEnv.trim());
    }
    this.apiKey = key;
    if (key != null && uri.getScheme().equals("http") && !b.allowInsecureHttp && !isLoopback(uri.getHost())) {
      throw new InsecureBaseUrlException(uri.getHost());
    }
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    if (b.transport != null) {
      this.transport = b.transport;
      this.ownsTransport = false;
    } else {
      HttpTransport.Builder tb =
          HttpTransport.builder()
              .retryPolicy(b.retryPolicy)
              .sleeper(b.sleeper)
              .clock(b.clock)
              .wireLogging(b.wireLogLevel)
              .wireLogger(b.wireLogger)
              .okHttpClient(b.okHttpClient)
              .callTimeout(b.callTimeout)
              .redactHeader("X-API-Key");
      if (b.connectTimeout != null) {
        tb.connectTimeout(b.connectTimeout);
      }
      if (b.readTimeout != null) {
        tb.readTimeout(b.readTimeout);
      }
      if (b.userAgentSuffix != null) {
        tb.userAgentSuffix(b.userAgentSuffix);
      }
      this.transport = tb.build();
      this.ownsTransport = true;
    }
    this.http = new CloudHttp(transport, baseUrl, apiKey, version);
    this.cvms = new CvmsApi(http);
    this.apps = new AppsApi(http);
    this.kms = new KmsApi(http);
    this.account = new AccountApi(http, version);
  }

  /** Loopback by literal only: a name other than {@code localhost} is never resolved here. */
  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a client from the environment ({@code PHALA_CLOUD_API_KEY}, {@code
   * PHALA_CLOUD_API_PREFIX}) and defaults.
   *
   * @return a new client; close it when done
   */
  public static PhalaCloudClient create() {
    return builder().build();
  }

  /**
   * Returns a builder with this client's settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return settings.copy();
  }

  /**
   * Returns a client for another API version, with the same settings.
   *
   * @param version the version
   * @return a new client; close it when done
   */
  public PhalaCloudClient withVersion(ApiVersion version) {
    return toBuilder().version(version).build();
  }

  /**
   * Returns the CVM calls.
   *
   * @return the CVM API
   */
  public CvmsApi cvms() {
    return cvms;
  }

  /**
   * Returns the app calls.
   *
   * @return the app API
   */
  public AppsApi apps() {
    return apps;
  }

  /**
   * Returns the KMS calls.
   *
   * @return the KMS API
   */
  public KmsApi kms() {
    return kms;
  }

  /**
   * Returns the account calls: user, workspaces, nodes, instance types, OS images, SSH keys.
   *
   * @return the account API
   */
  public AccountApi account() {
    return account;
  }

  /**
   * Deploys a new app: validate, provision, verify the KMS signature, encrypt the env, commit
   * (never twice), and watch the CVM until it runs.
   *
   * @param spec what to deploy
   * @param options trust, deadline and progress settings
   * @return the running deployment, or the on-chain registration the app needs first
   * @throws IllegalArgumentException if the spec is invalid
   * @throws DeploymentFailedException if the CVM reports a boot error or the deadline passes
   * @throws PhalaCloudException if the API refuses a step
   */
  public DeployResult deploy(AppSpec spec, DeployOptions options) {
    return new DeployFlow(this, options).deploy(spec, null);
  }

  /**
   * Deploys a new app governed by an on-chain {@code DstackApp} contract (Ethereum or Base KMS):
   * provision, fetch and check the env key for the contract's app id, encrypt, commit with the
   * contract address, and watch. If the compose hash is not yet registered on the contract the
   * result is {@link DeployResult.Pending}; register it, then {@link #confirm}.
   *
   * @param spec what to deploy; set {@link AppSpec.Builder#kms} to the chain's KMS kind
   * @param app the deployed contract
   * @param options trust, deadline and progress settings
   * @return the running deployment, or the on-chain registration still needed
   */
  public DeployResult deployOnChain(AppSpec spec, OnChainApp app, DeployOptions options) {
    return new DeployFlow(this, options).deploy(spec, Objects.requireNonNull(app, "app"));
  }

  /**
   * Updates an existing CVM to a new compose file and env: compose provision, encrypt, PATCH, then
   * watch until it runs again.
   *
   * @param cvm the CVM to update
   * @param spec the new app spec (its name is ignored)
   * @param options trust, deadline and progress settings
   * @return the running deployment, or the on-chain registration the change needs first
   */
  public DeployResult update(CvmId cvm, AppSpec spec, DeployOptions options) {
    return new DeployFlow(this, options).update(cvm, spec);
  }

  /**
   * Finishes a deploy or update after its compose hash was registered on chain.
   *
   * @param pending the pending result
   * @param options trust, deadline and progress settings
   * @return the running deployment, or another registration if still not allowed
   */
  public DeployResult confirm(DeployResult.Pending pending, DeployOptions options) {
    return new DeployFlow(this, options).confirm(pending);
  }

  /**
   * Returns the base URL in use.
   *
   * @return the base URL
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Returns the API version sent with every request.
   *
   * @return the version
   */
  public ApiVersion version() {
    return version;
  }

  /**
   * Tells whether an API key is configured.
   *
   * @return {@code true} if requests carry {@code X-API-Key}
   */
  public boolean hasApiKey() {
    return apiKey != null;
  }

  Clock clock() {
    return clock;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  CloudHttp http() {
    return http;
  }

  /** Closes the transport if this client built it. Idempotent. */
  @Override
  public void close() {
    if (ownsTransport) {
      transport.close();
    }
  }

  @Override
  public String toString() {
    return "PhalaCloudClient{baseUrl="
        + Redaction.safeUrl(baseUrl.toString())
        + ", version="
        + version.value()
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + '}';
  }

  /** Configures a {@link PhalaCloudClient}. Mutable and not thread-safe. */
  public static final class Builder {
    private @Nullable String baseUrl;
    private @Nullable SecretString apiKey;
    private Function<String, @Nullable String> environment = System::getenv;
    private ApiVersion version = ApiVersion.DEFAULT;
    private boolean allowInsecureHttp;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private Duration callTimeout = Duration.ofSeconds(60);
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable HttpTransport transport;
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();
    private WireLogLevel wireLogLevel = WireLogLevel.NONE;
    private WireLogger wireLogger = WireLogger.slf4j();
    private @Nullable String userAgentSuffix;

    private Builder() {}

    private Builder copy() {
      Builder c = new Builder();
      c.baseUrl = baseUrl;
      c.apiKey = apiKey;
      c.environment = environment;
      c.version = version;
      c.allowInsecureHttp = allowInsecureHttp;
      c.connectTimeout = connectTimeout;
      c.readTimeout = readTimeout;
      c.callTimeout = callTimeout;
      c.retryPolicy = retryPolicy;
      c.okHttpClient = okHttpClient;
      c.transport = transport;
      c.sleeper = sleeper;
      c.clock = clock;
      c.wireLogLevel = wireLogLevel;
      c.wireLogger = wireLogger;
      c.userAgentSuffix = userAgentSuffix;
      return c;
    }

    /**
     * Sets the base URL. Default: {@code PHALA_CLOUD_API_PREFIX} if set, else {@value
     * #DEFAULT_BASE_URL}.
     *
     * @param baseUrl an absolute http(s) URL
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * Sets the API key. Default: {@code PHALA_CLOUD_API_KEY} if set, else none (only public
     * endpoints then work).
     *
     * @param apiKey the key
     * @return this builder
     */
    public Builder apiKey(SecretString apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * Sets the API key from text.
     *
     * @param apiKey the key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      return apiKey(SecretString.of(apiKey));
    }

    /**
     * Sets where environment variables are read from; tests pass a map lookup. Default: {@link
     * System#getenv(String)}.
     *
     * @param environment maps a variable name to its value or {@code null}
     * @return this builder
     */
    public Builder environment(Function<String, @Nullable String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Allows a plain {@code http://} base URL to a host that is not loopback even though an API key
     * is set, which sends the key in clear text. Default {@code false}: such a client fails to build
     * with {@link InsecureBaseUrlException}. Loopback hosts ({@code localhost}, {@code 127.x.x.x},
     * {@code ::1}) never need it.
     *
     * @param allow whether to allow it
     * @return this builder
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * Sets the API version. Default: {@link ApiVersion#DEFAULT} ({@code 2026-06-23}).
     *
     * @param version the version
     * @return this builder
     */
    public Builder version(ApiVersion version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Sets the connect timeout per attempt. Default 10 s (or the injected OkHttp client's).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets the read timeout per attempt (between bytes). Default 30 s (or the injected OkHttp
     * client's). Raise it for slow endpoints such as {@code /status/batch} on large workspaces.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets the total deadline of one call, retries included. Default 60 s. State watching uses its
     * own deadline from {@link DeployOptions}.
     *
     * @param timeout the deadline
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets the retry policy for reads and provisioning. Commits are never retried blindly.
     * Default: {@link RetryPolicy#defaults()}.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Uses the caller's OkHttp client (sharing its pool). It is never closed by this client.
     *
     * @param client the client
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Uses the caller's transport instead of building one; timeouts, retries, sleeper and logging
     * set here are then ignored. It is never closed by this client.
     *
     * @param transport the transport
     * @return this builder
     */
    public Builder transport(HttpTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Sets how the client waits between retries and polls; tests inject a recording one.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the clock for deadlines.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Turns on wire logging (secrets always masked). Default: none.
     *
     * @param level the level
     * @return this builder
     */
    public Builder wireLogging(WireLogLevel level) {
      this.wireLogLevel = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * Sets where wire log lines go. Default: SLF4J at DEBUG.
     *
     * @param logger the sink
     * @return this builder
     */
    public Builder wireLogger(WireLogger logger) {
      this.wireLogger = Objects.requireNonNull(logger, "logger");
      return this;
    }

    /**
     * Appends a product token to the {@code User-Agent}.
     *
     * @param suffix e.g. {@code my-app/1.0}
     * @return this builder
     */
    public Builder userAgentSuffix(String suffix) {
      this.userAgentSuffix = Objects.requireNonNull(suffix, "suffix");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client; close it when done
     * @throws IllegalArgumentException if the base URL is not absolute http(s)
     * @throws InsecureBaseUrlException if the URL is plain {@code http://} to a non-loopback host,
     *     an API key is set, and {@link #allowInsecureHttp(boolean)} was not given
     */
    public PhalaCloudClient build() {
      return new PhalaCloudClient(this);
    }
  }
}
