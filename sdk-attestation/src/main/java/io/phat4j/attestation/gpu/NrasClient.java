package io.phat4j.attestation.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.gpu.internal.Jws;
import io.phat4j.attestation.gpu.internal.NvidiaHttp;
import io.phat4j.core.Bytes32;
import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpRequest;
import io.phat4j.core.http.HttpResponse;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.internal.Redaction;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.jspecify.annotations.Nullable;

/**
 * A client for NVIDIA's remote attestation service (NRAS): sends GPU evidence to {@code POST
 * /v3/attest/gpu} in the shape NVIDIA's SDK sends ({@code nonce}, {@code evidence_list} of base64
 * report and base64 PEM chain, {@code arch}, {@code claims_version}), and verifies the returned
 * tokens with {@link NrasVerifier} against NVIDIA's JWKS ({@code /.well-known/jwks.json}): ES384
 * by the key the JWKS names by {@code kid}, {@code eat_nonce} equal to the caller's nonce, each GPU
 * token listed by digest in the platform token, none expired, and each GPU token's {@code ueid}
 * equal to the serial of the leaf certificate it judged.
 *
 * <p>The evidence is sent with the <em>caller's</em> nonce, never the payload's own {@code nonce}
 * field, so NRAS judges freshness against what the caller asked for. The JWKS is fetched on first
 * use, kept for {@linkplain Builder#jwksMaxAge a while}, and fetched again at once when a token
 * names a key it lacks (key rotation).
 *
 * <p>Errors: an HTTP error status is an {@link NvidiaServiceException}, a reply that is not the
 * expected JSON or JWT shape a {@link GpuEvidenceFormatException}, tokens that do not verify an
 * {@link NrasVerificationException}, no answer at all an {@link
 * io.phat4j.core.PhalaTransportException}. Immutable and thread-safe; closing closes the transport
 * when the client created it.
 */
public final class NrasClient implements AutoCloseable {
  /** NVIDIA's remote attestation service. */
  public static final URI NVIDIA_NRAS = URI.create("https://nras.attestation.nvidia.com");

  private final String baseUrl;
  private final NvidiaHttp http;
  private final @Nullable SecretString serviceKey;
  private final Clock clock;
  private final Duration jwksMaxAge;
  private final String claimsVersion;
  private final AtomicReference<@Nullable CachedJwks> jwks = new AtomicReference<>();

  private record CachedJwks(NrasVerifier verifier, Instant fetchedAt) {}

  private NrasClient(Builder b) {
    this.baseUrl = NvidiaHttp.base(b.baseUrl);
    this.http = NvidiaHttp.using(b.transport);
    this.serviceKey = b.serviceKey;
    this.clock = b.clock;
    this.jwksMaxAge = b.jwksMaxAge;
    this.claimsVersion = b.claimsVersion;
  }

  /**
   * Returns a builder for NVIDIA's service.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends the evidence to NRAS and returns its verified verdict.
   *
   * @param payload the GPU evidence
   * @param nonce the caller's nonce (sent to NRAS and required in every token)
   * @return NVIDIA's verdict and claims; check {@link NrasAttestation#overallResult()}
   * @throws NrasVerificationException if the tokens do not verify or judged other GPUs
   * @throws NvidiaServiceException on an HTTP error status
   * @throws GpuEvidenceFormatException if the reply or the JWKS is malformed
   */
  public NrasAttestation attest(NvidiaPayload payload, Bytes32 nonce) {
    NrasResponse response = submit(payload, nonce);
    NrasAttestation attestation = verifierFor(response).verify(response, nonce);
    attestation.requireSameGpus(payload);
    return attestation;
  }

  /**
   * Sends the evidence to NRAS and returns its reply unverified (for callers that verify later,
   * e.g. offline against a stored JWKS with {@link NrasVerifier}).
   *
   * @param payload the GPU evidence
   * @param nonce the caller's nonce
   * @return the reply's tokens
   * @throws NvidiaServiceException on an HTTP error status
   * @throws GpuEvidenceFormatException if the reply is malformed
   */
  public NrasResponse submit(NvidiaPayload payload, Bytes32 nonce) {
    HttpRequest.Builder request = HttpRequest.builder("POST", URI.create(baseUrl + "/v3/attest/gpu"))
        .body(requestBody(payload, nonce, claimsVersion), "application/json")
        .header("Accept", "application/json");
    HttpResponse r = http.expectSuccess("NRAS POST /v3/attest/gpu", NvidiaHttp.withServiceKey(request, serviceKey).build());
    return NrasResponse.parse(r.bodyAsString());
  }

  /**
   * Builds the JSON body NVIDIA's SDK sends for GPU evidence.
   *
   * @param payload the evidence
   * @param nonce the nonce to send
   * @param claimsVersion the claims version to ask for
   * @return the body bytes
   */
  static byte[] requestBody(NvidiaPayload payload, Bytes32 nonce, String claimsVersion) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("nonce", nonce.hex());
    ArrayNode list = body.putArray("evidence_list");
    for (GpuEvidence e : payload.evidence()) {
      ObjectNode entry = list.addObject();
      entry.put("evidence", Base64.getEncoder().encodeToString(e.report()));
      entry.put("certificate", Base64.getEncoder().encodeToString(pem(e.certificateChain())));
    }
    body.put("arch", payload.arch().name());
    body.put("claims_version", claimsVersion);
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] pem(List<X509Certificate> chain) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (X509Certificate c : chain) {
        w.writeObject(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("PEM encoding into memory failed", e);
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private NrasVerifier verifierFor(NrasResponse response) {
    List<String> kids = new ArrayList<>();
    kids.add(kid("platform_token", response.platformToken()));
    response.gpuTokens().forEach((name, token) -> kids.add(kid(name, token)));
    CachedJwks cached = jwks.get();
    boolean fresh = cached != null && clock.instant().isBefore(cached.fetchedAt().plus(jwksMaxAge));
    if (fresh && kids.stream().allMatch(cached.verifier()::knows)) {
      return cached.verifier();
    }
    // Stale, or a kid we have not seen (NVIDIA rotated keys): fetch once; unknown kids then fail
    // in the verifier.
    CachedJwks fetched = new CachedJwks(fetchJwks(), clock.instant());
    jwks.set(fetched);
    return fetched.verifier();
  }

  private static String kid(String field, String token) {
    JsonNode kid = Jws.parse(field, token).header().get("kid");
    return kid == null || !kid.isTextual() ? "" : kid.asText();
  }

  private NrasVerifier fetchJwks() {
    HttpRequest.Builder request = HttpRequest.builder("GET", URI.create(baseUrl + "/.well-known/jwks.json"))
        .header("Accept", "application/json");
    HttpResponse r = http.expectSuccess("NRAS GET /.well-known/jwks.json", request.build());
    return NrasVerifier.fromJwks(r.bodyAsString(), clock);
  }

  /** Closes the transport if this client created it. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "NrasClient[" + Redaction.safeUrl(baseUrl) + "]";
  }

  /** Builds an {@link NrasClient}. */
  public static final class Builder {
    private URI baseUrl = NVIDIA_NRAS;
    private @Nullable HttpTransport transport;
    private @Nullable SecretString serviceKey;
    private Clock clock = Clock.systemUTC();
    private Duration jwksMaxAge = Duration.ofHours(1);
    private String claimsVersion = "2.0";

    private Builder() {}

    /**
     * Sets the service base URL (the JWKS is read from {@code <base>/.well-known/jwks.json}).
     *
     * @param baseUrl the base URL
     * @return this builder
     */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
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
     * Sets NVIDIA's attestation service key ({@code NVIDIA_ATTESTATION_SERVICE_KEY}), sent as a
     * bearer token and never logged (optional).
     *
     * @param key the key
     * @return this builder
     */
    public Builder serviceKey(SecretString key) {
      this.serviceKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Sets the clock for token expiry and the JWKS age.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how long a fetched JWKS is used before it is fetched again (default 1 hour).
     *
     * @param maxAge a positive duration
     * @return this builder
     */
    public Builder jwksMaxAge(Duration maxAge) {
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("jwksMaxAge must be positive");
      }
      this.jwksMaxAge = maxAge;
      return this;
    }

    /**
     * Sets the {@code claims_version} asked for (default {@code "2.0"}, the version of the public
     * token samples whose shape {@link NrasVerifier} checks).
     *
     * @param version e.g. {@code "2.0"} or {@code "3.0"}
     * @return this builder
     */
    public Builder claimsVersion(String version) {
      this.claimsVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client; close it when done if it created its transport
     */
    public NrasClient build() {
      return new NrasClient(this);
    }
  }
}
