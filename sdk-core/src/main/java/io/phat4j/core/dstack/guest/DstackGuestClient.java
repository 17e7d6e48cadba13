package io.phat4j.core.dstack.guest;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.SecretString;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.guest.internal.GuestJson;
import io.phat4j.core.dstack.guest.internal.GuestRpc;
import io.phat4j.core.dstack.guest.internal.GuestTransports;
import io.phat4j.core.http.HttpTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Talks to the dstack guest agent from inside a CVM: derive keys, get TDX quotes, read the app's
 * identity.
 *
 * {@snippet :
 * try (DstackGuestClient guest = DstackGuestClient.create()) {
 *   DerivedKey key = guest.getKey("wallet/eth", "ethereum", KeyAlgorithm.SECP256K1);
 *   GuestQuote quote = guest.getQuote(nonce);       // nonce: at most 64 bytes
 *   GuestInfo info = guest.info();
 * }
 * }
 *
 * <h2>Where the agent is</h2>
 *
 * <p>In this order: the endpoint set on the builder; else the {@value #SIMULATOR_ENDPOINT_ENV}
 * environment variable ({@code http(s)://…} is an HTTP base URL, anything else a socket path);
 * else the first existing path of {@link #DEFAULT_SOCKET_PATHS}. If none applies, {@link
 * Builder#build()} throws {@link GuestAgentNotFoundException}. The wire protocol is HTTP/1.1
 * {@code POST /<Method>} with JSON bodies whose {@code bytes} fields are hex.
 *
 * <h2>Two API surfaces, kept apart</h2>
 *
 * <p>The methods on this class are the frozen v0 surface every agent serves. {@link #v1()} is the
 * dstack 0.6 surface; {@link #apiVersion()} probes whether the agent has it (an older agent answers
 * {@code /v1/...} with a plain 404). v0 and v1 {@code GetKey} derive <em>different</em> keys for
 * the same name, and the v1 signature chain signs a different claim, so nothing here silently
 * switches between them: choose the surface your keys live on.
 *
 * <h2>Errors</h2>
 *
 * <p>{@link GuestAgentException} when the agent answers with an error, {@link
 * UnsupportedGuestMethodException} when it does not know the method (too old, or removed as
 * {@code EmitEvent} was in 0.6), {@link io.phat4j.core.PhalaTransportException} when it cannot be
 * reached, {@link DecodeException} when a reply is malformed. Derived keys never appear in logs,
 * messages or {@code toString()}.
 *
 * <p>Immutable and thread-safe; close it to release the connection machinery it created.
 */
public final class DstackGuestClient implements AutoCloseable {
  /** The environment variable naming a simulator endpoint, as in the dstack SDKs. */
  public static final String SIMULATOR_ENDPOINT_ENV = "DSTACK_SIMULATOR_ENDPOINT";

  /** The socket paths probed, in order, when no endpoint is configured. */
  public static final List<Path> DEFAULT_SOCKET_PATHS =
      List.of(
          Path.of("/var/run/dstack.sock"),
          Path.of("/run/dstack.sock"),
          Path.of("/var/run/dstack/dstack.sock"),
          Path.of("/run/dstack/dstack.sock"));

  /** The environment variable naming a legacy tappd simulator endpoint. */
  public static final String TAPPD_SIMULATOR_ENDPOINT_ENV = "TAPPD_SIMULATOR_ENDPOINT";

  /** The legacy tappd socket paths probed, in order, by {@link Builder#legacyTappd()}. */
  public static final List<Path> TAPPD_SOCKET_PATHS =
      List.of(
          Path.of("/var/run/tappd.sock"),
          Path.of("/run/tappd.sock"),
          Path.of("/var/run/dstack/tappd.sock"),
          Path.of("/run/dstack/tappd.sock"));

  /** The most report data a quote can carry. */
  public static final int MAX_REPORT_DATA = 64;

  private final GuestEndpoint endpoint;
  private final GuestTransports.Wired wired;
  private final GuestRpc rpc;
  private final DstackGuestV1 v1;
  private final LegacyTappd tappd;
  private final AtomicReference<@Nullable GuestApiVersion> detected = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private DstackGuestClient(GuestEndpoint endpoint, @Nullable HttpTransport transport) {
    this.endpoint = endpoint;
    this.wired = GuestTransports.wire(endpoint, transport);
    this.rpc = new GuestRpc(wired.transport(), endpoint);
    this.v1 = new DstackGuestV1(rpc);
    this.tappd = new LegacyTappd(rpc);
  }

  /**
   * Creates a client with endpoint discovery as described above.
   *
   * @return the client; close it when done
   * @throws GuestAgentNotFoundException if no endpoint is configured and no socket exists
   */
  public static DstackGuestClient create() {
    return builder().build();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns where this client reaches the agent.
   *
   * @return the endpoint
   */
  public GuestEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Derives a secp256k1 key with the v0 {@code GetKey} and an empty purpose.
   *
   * @param path the derivation path; the same path always gives the same key for this app
   * @return the key and its signature chain
   * @see #getKey(String, String, KeyAlgorithm)
   */
  public DerivedKey getKey(String path) {
    return getKey(path, "", KeyAlgorithm.SECP256K1);
  }

  /**
   * Derives a key with the v0 {@code GetKey}.
   *
   * <p>Only {@code path} enters the derivation; {@code purpose} is only signed into the chain, and
   * {@code algorithm} only selects how the public key is encoded there (Ed25519 needs dstack 0.5.7
   * or later).
   *
   * @param path the derivation path
   * @param purpose a label signed into the chain's first link, e.g. {@code ethereum}
   * @param algorithm the curve the key will be used on
   * @return the key and its signature chain
   * @throws GuestAgentException if the agent refuses
   * @throws DecodeException if the reply is malformed or the key is not valid for the curve
   */
  public DerivedKey getKey(String path, String purpose, KeyAlgorithm algorithm) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(algorithm, "algorithm");
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("path", path);
    request.put("purpose", purpose);
    request.put("algorithm", algorithm.wireName());
    JsonNode reply = GuestJson.object("GetKey", call("GetKey", request, true, true));
    return new DerivedKey(
        GuestJson.secretHex(reply, "GetKey", "key", 32),
        path,
        purpose,
        algorithm,
        GuestJson.hexList(reply, "GetKey", "signature_chain"));
  }

  /**
   * Gets a TDX quote over the given report data with the v0 {@code GetQuote}.
   *
   * <p>The bytes go into the quote as they are, right-padded with zeros to 64 bytes: no hashing,
   * no prefix. Bind what you mean, e.g. a verifier's nonce or the hash of a key.
   *
   * @param reportData at most 64 bytes
   * @return the quote, its event log and the VM configuration
   * @throws InvalidInputException if {@code reportData} is longer than 64 bytes
   * @throws GuestAgentException if the agent refuses (e.g. not on TDX)
   * @throws DecodeException if the reply is malformed or does not carry the requested report data
   *     (in its {@code report_data} field or, for a TDX v4 quote, in the quote itself)
   */
  public GuestQuote getQuote(byte[] reportData) {
    byte[] padded = padReportData(reportData);
    JsonNode reply =
        GuestJson.object(
            "GetQuote",
            call("GetQuote", Map.of("report_data", Hex.encode(reportData)), true, false));
    byte[] quote = GuestJson.requiredHex(reply, "GetQuote", "quote");
    byte[] echoed = GuestJson.hex(reply, "GetQuote", "report_data");
    if (echoed.length != 0 && !MessageDigest.isEqual(echoed, padded)) {
      throw new DecodeException(
          "GetQuote.report_data", "differs from the report data requested (right-padded to 64)");
    }
    checkQuoteReportData(quote, padded);
    String eventLogJson = GuestJson.text(reply, "GetQuote", "event_log");
    if (eventLogJson.isEmpty()) {
      eventLogJson = "[]";
    }
    String vmConfig = GuestJson.text(reply, "GetQuote", "vm_config");
    return new GuestQuote(
        quote,
        EventLog.parse(eventLogJson),
        eventLogJson,
        padded,
        vmConfig.isEmpty() ? null : VmConfig.parse("GetQuote.vm_config", vmConfig));
  }

  /**
   * Reads the app's identity and configuration with the v0 {@code Info}.
   *
   * @return the typed info, with {@code tcb_info} parsed
   * @throws DecodeException if the reply is malformed
   */
  public GuestInfo info() {
    return GuestInfo.parse(call("Info", Map.of(), true, false));
  }

  /**
   * Extends RTMR3 with an application event (dstack 0.5.x).
   *
   * <p>dstack 0.6 removed this: the agent then fails the call, with a {@link GuestAgentException}
   * naming the removal. Bind application data through {@link #getQuote} report data instead.
   * Never retried, since each call extends the register again.
   *
   * @param event the event name
   * @param payload the event payload
   * @throws GuestAgentException if the agent refuses
   */
  public void emitEvent(String event, byte[] payload) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(payload, "payload");
    if (event.isEmpty()) {
      throw new InvalidInputException("event name is empty");
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("event", event);
    request.put("payload", Hex.encode(payload));
    call("EmitEvent", request, false, false);
  }

  /**
   * Gets a fresh TLS key and certificate chain with the v0 {@code GetTlsKey}.
   *
   * @param request the certificate contents
   * @return the PEM key (secret) and chain
   * @throws GuestAgentException if the agent refuses
   */
  public TlsKey getTlsKey(TlsKeyRequest request) {
    return tlsKey(rpc, "GetTlsKey", request);
  }

  /**
   * Signs data with the agent's {@code vms}/{@code signing} key using the v0 {@code Sign} (dstack
   * 0.5.7 and later; absent from the v1 surface).
   *
   * @param algorithm how to sign
   * @param data the data, or for {@link SignAlgorithm#SECP256K1_PREHASHED} a 32-byte digest
   * @return the signature, public key and three-link chain
   * @throws InvalidInputException if a prehashed digest is not 32 bytes
   * @throws UnsupportedGuestMethodException if the agent predates {@code Sign}
   */
  public SignResult sign(SignAlgorithm algorithm, byte[] data) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(data, "data");
    if (algorithm == SignAlgorithm.SECP256K1_PREHASHED && data.length != 32) {
      throw new InvalidInputException(
          "secp256k1_prehashed signs a 32-byte digest, got " + data.length + " bytes");
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("algorithm", algorithm.wireName());
    request.put("data", Hex.encode(data));
    JsonNode reply = GuestJson.object("Sign", call("Sign", request, true, true));
    return new SignResult(
        algorithm,
        GuestJson.requiredHex(reply, "Sign", "signature"),
        GuestJson.requiredHex(reply, "Sign", "public_key"),
        GuestJson.hexList(reply, "Sign", "signature_chain"));
  }

  /**
   * Gets a versioned dstack attestation with the v0 {@code Attest} (dstack 0.5.7 and later).
   *
   * @param reportData at most 64 bytes, right-padded with zeros
   * @return the attestation bytes, in dstack's versioned format
   * @throws InvalidInputException if {@code reportData} is longer than 64 bytes
   */
  public byte[] attest(byte[] reportData) {
    padReportData(reportData);
    JsonNode reply =
        GuestJson.object(
            "Attest", call("Attest", Map.of("report_data", Hex.encode(reportData)), true, false));
    return GuestJson.requiredHex(reply, "Attest", "attestation");
  }

  /**
   * Reads the agent version with the v0 {@code Version} (dstack 0.5.7 and later).
   *
   * @return the version
   * @throws UnsupportedGuestMethodException if the agent predates {@code Version}
   */
  public GuestVersion version() {
    return parseVersion("Version", call("Version", Map.of(), true, false));
  }

  /**
   * Tells which API surface the agent offers, probing {@code /v1/Version} once and caching the
   * answer.
   *
   * @return {@link GuestApiVersion#V1} if the agent serves the v1 surface, else {@link
   *     GuestApiVersion#V0}
   * @throws GuestAgentException if the probe fails for another reason than a missing surface
   */
  public GuestApiVersion apiVersion() {
    GuestApiVersion known = detected.get();
    if (known != null) {
      return known;
    }
    GuestApiVersion found;
    try {
      v1.version();
      found = GuestApiVersion.V1;
    } catch (UnsupportedGuestMethodException e) {
      // A mounted v1 surface without Version would still be v1; only a bare 404 means "too old".
      found = e.surfaceMissing() ? GuestApiVersion.V0 : GuestApiVersion.V1;
    }
    detected.compareAndSet(null, found);
    return found;
  }

  /**
   * Returns the v1 surface (dstack 0.6) over the same connection settings. Calls on it fail with
   * {@link UnsupportedGuestMethodException} ({@code surfaceMissing() == true}) against an older
   * agent; check {@link #apiVersion()} first to fall back to the v0 methods.
   *
   * @return the v1 view
   */
  public DstackGuestV1 v1() {
    return v1;
  }

  /**
   * Returns the legacy tappd surface (dstack before 0.5) over the same connection.
   *
   * @return the tappd view
   */
  public LegacyTappd tappd() {
    return tappd;
  }

  /** Releases the connection machinery this client created; a caller's transport stays open. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      rpc.close();
      wired.close();
    }
  }

  @Override
  public String toString() {
    return "DstackGuestClient[" + endpoint + (closed.get() ? ", closed" : "") + "]";
  }

  private byte[] call(String path, Map<String, ?> body, boolean idempotent, boolean sensitive) {
    return rpc.call(path, body, idempotent, sensitive);
  }

  /** Offset of REPORTDATA in a TDX v4 quote: 48-byte header, then 520 bytes of TD report. */
  private static final int V4_REPORT_DATA_OFFSET = 568;

  /**
   * For a TDX v4 quote, checks that the quote itself carries the requested report data; other
   * quote layouts are left to the quote verifier.
   */
  private static void checkQuoteReportData(byte[] quote, byte[] padded) {
    boolean tdxV4 =
        quote.length >= V4_REPORT_DATA_OFFSET + MAX_REPORT_DATA
            && (quote[0] & 0xff) == 4
            && quote[1] == 0
            && (quote[4] & 0xff) == 0x81
            && quote[5] == 0
            && quote[6] == 0
            && quote[7] == 0;
    int end = V4_REPORT_DATA_OFFSET + MAX_REPORT_DATA;
    if (tdxV4
        && !MessageDigest.isEqual(Arrays.copyOfRange(quote, V4_REPORT_DATA_OFFSET, end), padded)) {
      throw new DecodeException(
          "GetQuote.quote",
          V4_REPORT_DATA_OFFSET,
          "the TDX quote's report data differs from the report data requested",
          null);
    }
  }

  static byte[] padReportData(byte[] reportData) {
    Objects.requireNonNull(reportData, "reportData");
    if (reportData.length > MAX_REPORT_DATA) {
      throw new InvalidInputException(
          "report data must be at most 64 bytes, got " + reportData.length);
    }
    return Arrays.copyOf(reportData, MAX_REPORT_DATA);
  }

  static GuestVersion parseVersion(String method, byte[] body) {
    JsonNode reply = GuestJson.object(method, body);
    return new GuestVersion(
        GuestJson.text(reply, method, "version"), GuestJson.text(reply, method, "rev"));
  }

  static TlsKey tlsKey(GuestRpc rpc, String method, TlsKeyRequest request) {
    Objects.requireNonNull(request, "request");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", request.subject());
    body.put("alt_names", request.altNames());
    body.put("usage_ra_tls", request.usageRaTls());
    body.put("usage_server_auth", request.usageServerAuth());
    body.put("usage_client_auth", request.usageClientAuth());
    if (request.notBefore() != null) {
      body.put("not_before", request.notBefore().getEpochSecond());
    }
    if (request.notAfter() != null) {
      body.put("not_after", request.notAfter().getEpochSecond());
    }
    if (request.withAppInfo()) {
      body.put("with_app_info", true);
    }
    JsonNode reply = GuestJson.object(method, rpc.call(method, body, false, true));
    String key = GuestJson.text(reply, method, "key");
    if (key.isEmpty()) {
      throw new DecodeException(method + ".key", "is missing or empty");
    }
    return new TlsKey(SecretString.of(key), GuestJson.textList(reply, method, "certificate_chain"));
  }

  /** Configures a {@link DstackGuestClient}. Mutable and not thread-safe. */
  public static final class Builder {
    private @Nullable GuestEndpoint endpoint;
    private @Nullable HttpTransport transport;
    private Map<String, String> environment = System.getenv();
    private List<Path> socketPaths = DEFAULT_SOCKET_PATHS;
    private String environmentVariable = SIMULATOR_ENDPOINT_ENV;

    private Builder() {}

    /**
     * Sets the endpoint, bypassing discovery.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder endpoint(GuestEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /**
     * Sets the endpoint from text, read as {@link GuestEndpoint#parse} does: an {@code
     * http(s)://} URL or a socket path.
     *
     * @param endpoint the endpoint text
     * @return this builder
     * @throws InvalidInputException if the text is blank or a malformed URL
     */
    public Builder endpoint(String endpoint) {
      return endpoint(GuestEndpoint.parse(endpoint));
    }

    /**
     * Uses this transport's settings (timeouts, retries, wire logging). For an HTTP endpoint the
     * transport itself is used and stays the caller's to close; for a socket endpoint the client
     * derives a variant that dials the socket.
     *
     * @param transport the transport
     * @return this builder
     */
    public Builder transport(HttpTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Replaces the environment consulted for {@value #SIMULATOR_ENDPOINT_ENV}. Default: the
     * process environment.
     *
     * @param environment the variables
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * Replaces the socket paths probed when no endpoint is set. Default {@link
     * #DEFAULT_SOCKET_PATHS}.
     *
     * @param paths the candidates, in order
     * @return this builder
     */
    public Builder socketPaths(List<Path> paths) {
      this.socketPaths = List.copyOf(paths);
      return this;
    }

    /**
     * Switches discovery to a legacy tappd agent: {@value #TAPPD_SIMULATOR_ENDPOINT_ENV} and
     * {@link #TAPPD_SOCKET_PATHS}. Use {@link DstackGuestClient#tappd()} on the result.
     *
     * @return this builder
     */
    public Builder legacyTappd() {
      this.environmentVariable = TAPPD_SIMULATOR_ENDPOINT_ENV;
      this.socketPaths = TAPPD_SOCKET_PATHS;
      return this;
    }

    /**
     * Resolves the endpoint and builds the client.
     *
     * @return the client; close it when done
     * @throws GuestAgentNotFoundException if no endpoint is set, the environment names none and no
     *     candidate socket exists
     * @throws InvalidInputException if the environment variable is malformed
     */
    public DstackGuestClient build() {
      return new DstackGuestClient(resolve(), transport);
    }

    private GuestEndpoint resolve() {
      if (endpoint != null) {
        return endpoint;
      }
      String fromEnv = environment.get(environmentVariable);
      if (fromEnv != null && !fromEnv.isBlank()) {
        return GuestEndpoint.parse(fromEnv);
      }
      for (Path path : socketPaths) {
        if (Files.exists(path)) {
          return GuestEndpoint.unixSocket(path);
        }
      }
      throw new GuestAgentNotFoundException(socketPaths, environmentVariable);
    }
  }
}
