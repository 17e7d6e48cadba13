package io.phat4j.ai;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.ai.internal.AttestedKeyPin;
import io.phat4j.attestation.ratls.RaTls;
import io.phat4j.attestation.ratls.RaTlsIdentity;
import io.phat4j.attestation.ratls.RaTlsLink;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.PhalaServiceException;
import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpRequest;
import io.phat4j.core.http.HttpResponse;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.internal.Redaction;
import io.phat4j.core.json.PhalaJson;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * A client for an OpenAI-compatible confidential-AI API (Phala / RedPill): chat completions that
 * keep the exact bytes the server signs, models, attestation reports for a fresh nonce, and
 * response signatures.
 *
 * <p>Request bodies are sent byte for byte as given (no re-serialisation), so the caller's
 * SHA-256 of them is the one the server signs. Instances are immutable and thread-safe; closing
 * closes the transport when the client created it.
 *
 * <p>Where the model endpoint serves RA-TLS (a dstack app's own TLS), {@link Builder#raTls(RaTls)}
 * makes every connection prove, by its certificate's attestation, that it reaches the app the
 * policy allows, and pins the attested key, instead of trusting the public CA alone.
 */
public final class ConfidentialAiClient implements AutoCloseable {
  private static final String JSON_TYPE = "application/json";

  private final String baseUrl;
  private final @Nullable SecretString apiKey;
  private final HttpTransport transport;
  private final boolean ownsTransport;
  private final SecureRandom random;
  private final @Nullable AttestedKeyPin pin;

  private ConfidentialAiClient(Builder b) {
    this.baseUrl = b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
    this.apiKey = b.apiKey;
    this.ownsTransport = b.transport == null;
    this.random = b.random;
    if (b.raTls != null) {
      if (b.transport != null) {
        throw new IllegalArgumentException("raTls(...) builds the client's own transport; do not also set transport(...)");
      }
      this.pin = new AttestedKeyPin();
      OkHttpClient ok = b.raTls.configure(new OkHttpClient.Builder()).addNetworkInterceptor(pin).build();
      this.transport = HttpTransport.builder().okHttpClient(ok).build();
    } else {
      this.pin = null;
      this.transport = b.transport == null ? HttpTransport.create() : b.transport;
    }
  }

  /**
   * Returns a builder.
   *
   * @return a builder for {@code https://api.redpill.ai/v1} unless another base URL is set
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends a chat completion and keeps the exact request and response bytes.
   *
   * @param requestBody the JSON request body, sent unchanged (must not ask for {@code stream})
   * @return the exchange, with the completion's {@code id}
   * @throws PhalaServiceException on a non-2xx status
   * @throws DecodeException when the response has no {@code id}
   */
  public ChatExchange chatCompletion(byte[] requestBody) {
    HttpResponse r = transport.execute(post("/chat/completions", requestBody));
    byte[] body = checked(r, "chat completion");
    JsonNode node = PhalaJson.readTree("chat completion", body);
    return new ChatExchange(idOf(node, "chat completion"), requestBody, body, List.of());
  }

  /**
   * Sends a streamed chat completion and keeps every SSE line as received.
   *
   * @param requestBody the JSON request body with {@code "stream": true}, sent unchanged
   * @return the exchange: {@code response} is every line plus {@code \n}, the id is the first
   *     {@code data:} chunk's
   * @throws PhalaServiceException on a non-2xx status
   * @throws DecodeException when no data chunk carries an {@code id}
   */
  public ChatExchange chatCompletionStream(byte[] requestBody) {
    List<String> lines = new ArrayList<>();
    HttpRequest request = post("/chat/completions", requestBody).toBuilder()
        .header("Accept", "text/event-stream").build();
    HttpResponse r = transport.executeStreaming(request, line -> lines.add(line));
    checked(r, "chat completion stream");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    String id = null;
    for (String line : lines) {
      all.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
      if (id == null && line.startsWith("data:")) {
        String data = line.substring(5).strip();
        if (!data.equals("[DONE]")) {
          JsonNode chunk = PhalaJson.readTree("stream chunk", data);
          if (chunk.hasNonNull("id")) {
            id = chunk.get("id").asText();
          }
        }
      }
    }
    if (id == null) {
      throw new DecodeException("stream", "no data chunk carries an id");
    }
    return new ChatExchange(id, requestBody, all.toByteArray(), lines);
  }

  /**
   * Returns the attested identity this client pinned: the RA-TLS endpoint's app and key, from the
   * first connection (see {@link Builder#raTls(RaTls)}).
   *
   * @return the identity, or null without RA-TLS or before the first call
   */
  public @Nullable RaTlsIdentity attestedEndpoint() {
    return pin == null ? null : pin.pinned();
  }

  /**
   * Lists the models.
   *
   * @return each model's id, providers and dstack app id
   * @throws PhalaServiceException on a non-2xx status
   */
  public List<ModelInfo> models() {
    byte[] body = checked(transport.execute(get("/models")), "models");
    JsonNode data = PhalaJson.readTree("models", body).path("data");
    if (!data.isArray()) {
      throw new DecodeException("models.data", "is missing or not an array");
    }
    List<ModelInfo> out = new ArrayList<>();
    for (JsonNode m : data) {
      List<String> providers = new ArrayList<>();
      m.path("providers").forEach(p -> providers.add(p.asText()));
      JsonNode app = m.path("metadata").path("appid");
      out.add(new ModelInfo(idOf(m, "models.data[]"), providers, app.isTextual() ? app.asText() : null));
    }
    return out;
  }

  /**
   * Fetches an attestation report for a fresh random nonce.
   *
   * @param model the model id
   * @param algorithm the signing algorithm
   * @return the nonce and the report
   */
  public FetchedReport attestationReport(String model, SigningAlgorithm algorithm) {
    byte[] nonce = new byte[32];
    random.nextBytes(nonce);
    return attestationReport(model, algorithm, Bytes32.of(nonce), null);
  }

  /**
   * Fetches an attestation report for a given nonce, optionally for one signer.
   *
   * @param model the model id
   * @param algorithm the signing algorithm
   * @param nonce the nonce to bind
   * @param signingAddress ask for the backend holding this key, or null
   * @return the nonce and the report
   * @throws PhalaServiceException on a non-2xx status
   * @throws DecodeException when the report is malformed
   */
  public FetchedReport attestationReport(
      String model, SigningAlgorithm algorithm, Bytes32 nonce, @Nullable String signingAddress) {
    String query = "?model=" + enc(model) + "&nonce=" + nonce.hex() + "&signing_algo=" + algorithm.wireName()
        + (signingAddress == null ? "" : "&signing_address=" + enc(signingAddress));
    byte[] body = checked(transport.execute(get("/attestation/report" + query)), "attestation report");
    return new FetchedReport(nonce, body, AttestationReport.parse(body));
  }

  /**
   * Fetches the signature of a chat.
   *
   * @param chatId the chat id ({@link ChatExchange#id()})
   * @param model the model id
   * @param algorithm the signing algorithm
   * @return the signature
   * @throws PhalaServiceException on a non-2xx status (404: unknown or expired chat id)
   */
  public ResponseSignature signature(String chatId, String model, SigningAlgorithm algorithm) {
    String path = "/signature/" + enc(chatId) + "?model=" + enc(model) + "&signing_algo=" + algorithm.wireName();
    return ResponseSignature.fromJson(checked(transport.execute(get(path)), "signature"));
  }

  private HttpRequest post(String path, byte[] body) {
    HttpRequest.Builder b = HttpRequest.builder("POST", URI.create(baseUrl + path)).body(body, JSON_TYPE);
    return auth(b).build();
  }

  private HttpRequest get(String pathAndQuery) {
    return auth(HttpRequest.builder("GET", URI.create(baseUrl + pathAndQuery))).build();
  }

  private HttpRequest.Builder auth(HttpRequest.Builder b) {
    if (apiKey != null) {
      b.secretHeader("Authorization", "Bearer " + apiKey.reveal());
    }
    return b;
  }

  private static byte[] checked(HttpResponse r, String what) {
    if (!r.isSuccessful()) {
      throw new PhalaServiceException(what + " failed", r.status(), null, null, r.bodyAsString());
    }
    return r.body();
  }

  private static String idOf(JsonNode node, String what) {
    JsonNode id = node.get("id");
    if (id == null || !id.isTextual()) {
      throw new DecodeException(what + ".id", "is missing or not a string");
    }
    return id.asText();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Closes the transport if this client created it. */
  @Override
  public void close() {
    if (ownsTransport) {
      transport.close();
    }
  }

  @Override
  public String toString() {
    return "ConfidentialAiClient[" + Redaction.safeUrl(baseUrl) + "]";
  }

  /** Builds a {@link ConfidentialAiClient}. */
  public static final class Builder {
    private String baseUrl = "https://api.redpill.ai/v1";
    private @Nullable SecretString apiKey;
    private @Nullable HttpTransport transport;
    private SecureRandom random = new SecureRandom();
    private @Nullable RaTls raTls;

    private Builder() {}

    /**
     * Connects only to an endpoint that serves RA-TLS: its TLS key must be bound to a TDX quote
     * that passes the app verifier under the configuration's policy (the attested identity
     * replaces the public CA and the host name), and the first attested key is pinned: a later
     * connection presenting another key fails with {@link RaTlsLink#PINNED_KEY} (build a new
     * client to accept a new key). The failure is an exception whose causes hold the
     * {@link io.phat4j.attestation.ratls.RaTlsVerificationException} ({@link RaTls#failure}).
     *
     * @param raTls the RA-TLS configuration (policy, verifier, verdict cache)
     * @return this builder
     */
    public Builder raTls(RaTls raTls) {
      this.raTls = Objects.requireNonNull(raTls, "raTls");
      return this;
    }

    /**
     * Sets the API base URL (ending in {@code /v1}).
     *
     * @param baseUrl the base URL
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * Sets the API key, sent as a bearer token and never logged.
     *
     * @param apiKey the key
     * @return this builder
     */
    public Builder apiKey(SecretString apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * Uses a shared transport (not closed by the client).
     *
     * @param transport the transport
     * @return this builder
     */
    public Builder transport(HttpTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Sets the source of fresh nonces.
     *
     * @param random the random source
     * @return this builder
     */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     */
    public ConfidentialAiClient build() {
      return new ConfidentialAiClient(this);
    }
  }
}
