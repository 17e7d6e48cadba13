package io.phat4j.attestation.gpu;

import io.phat4j.attestation.gpu.internal.NvidiaHttp;
import io.phat4j.attestation.gpu.internal.OcspMessages;
import io.phat4j.core.http.HttpRequest;
import io.phat4j.core.http.HttpResponse;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.internal.Redaction;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Asks an OCSP responder (by default NVIDIA's, {@code https://ocsp.ndis.nvidia.com/}) over HTTP, as
 * NVIDIA's verifier does: a DER request with a SHA-384 CertID and a fresh 32-byte nonce (a critical
 * extension), POSTed as {@code application/ocsp-request}.
 *
 * <p>An answer counts only when it is successful, signed by the issuer or by a delegated responder
 * that carries {@code id-kp-OCSPSigning} and chains to the same pinned root, echoes the nonce,
 * answers for the CertID asked about and is fresh ({@code thisUpdate} not in the future, {@code
 * nextUpdate} not passed, both within the clock skew). Anything else is an {@link OcspException}.
 *
 * <p>Every call asks the responder; wrap it with {@link OcspProvider#caching(OcspProvider, Clock)}
 * to reuse answers until their {@code nextUpdate} (answers are then not bound to a fresh nonce,
 * which is what caching means). Immutable and thread-safe; closing closes the transport when the
 * provider created it.
 */
public final class HttpOcspProvider implements OcspProvider, AutoCloseable {
  /** NVIDIA's OCSP responder. */
  public static final URI NVIDIA_OCSP = URI.create("https://ocsp.ndis.nvidia.com/");
  private static final int NONCE_LENGTH = 32;

  private final URI url;
  private final NvidiaHttp http;
  private final Clock clock;
  private final SecureRandom random;
  private final boolean nonce;
  private final Duration skew;
  private final Duration maxAgeWithoutNextUpdate;

  private HttpOcspProvider(Builder b) {
    this.url = b.url;
    this.http = NvidiaHttp.using(b.transport);
    this.clock = b.clock;
    this.random = b.random;
    this.nonce = b.nonce;
    this.skew = b.skew;
    this.maxAgeWithoutNextUpdate = b.maxAgeWithoutNextUpdate;
  }

  /**
   * Returns a builder for NVIDIA's responder with a nonce, the system clock and 5 minutes of skew.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public OcspResult check(X509Certificate certificate, List<X509Certificate> issuerChain) {
    Objects.requireNonNull(certificate, "certificate");
    if (issuerChain.isEmpty()) {
      throw new IllegalArgumentException("issuerChain must hold at least the issuer");
    }
    byte[] n = null;
    if (nonce) {
      n = new byte[NONCE_LENGTH];
      random.nextBytes(n);
    }
    OcspMessages.Request request = OcspMessages.request(certificate, issuerChain.get(0), n);
    HttpResponse r = http.execute(HttpRequest.builder("POST", url)
        .body(request.der(), "application/ocsp-request")
        .header("Accept", "application/ocsp-response")
        // Asking again cannot change anything on the responder.
        .idempotent(true)
        .build());
    if (!r.isSuccessful()) {
      throw new NvidiaServiceException("OCSP POST " + url.getHost(), r.status(), null);
    }
    return OcspMessages.verify(r.body(), request, List.copyOf(issuerChain), clock.instant(), skew,
        maxAgeWithoutNextUpdate);
  }

  /** Closes the transport if this provider created it. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "HttpOcspProvider[" + Redaction.safeUrl(url) + (nonce ? "" : ", no nonce") + "]";
  }

  /** Builds an {@link HttpOcspProvider}. */
  public static final class Builder {
    private URI url = NVIDIA_OCSP;
    private @Nullable HttpTransport transport;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private boolean nonce = true;
    private Duration skew = Duration.ofMinutes(5);
    private Duration maxAgeWithoutNextUpdate = Duration.ofDays(1);

    private Builder() {}

    /**
     * Sets the responder URL.
     *
     * @param url the responder
     * @return this builder
     */
    public Builder url(URI url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * Uses a shared transport (not closed by the provider).
     *
     * @param transport the transport
     * @return this builder
     */
    public Builder transport(HttpTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Sets the clock freshness and the responder certificate are judged by.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the source of request nonces.
     *
     * @param random the random source
     * @return this builder
     */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sends a nonce and requires it back (default on, as NVIDIA's verifier does).
     *
     * @param nonce whether to send a nonce
     * @return this builder
     */
    public Builder nonce(boolean nonce) {
      this.nonce = nonce;
      return this;
    }

    /**
     * Sets the tolerated clock difference to the responder (default 5 minutes).
     *
     * @param skew a non-negative duration
     * @return this builder
     */
    public Builder clockSkew(Duration skew) {
      if (skew.isNegative()) {
        throw new IllegalArgumentException("clockSkew must not be negative");
      }
      this.skew = skew;
      return this;
    }

    /**
     * Sets how old an answer without {@code nextUpdate} may be (default 1 day).
     *
     * @param maxAge a positive duration
     * @return this builder
     */
    public Builder maxAgeWithoutNextUpdate(Duration maxAge) {
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("maxAgeWithoutNextUpdate must be positive");
      }
      this.maxAgeWithoutNextUpdate = maxAge;
      return this;
    }

    /**
     * Builds the provider.
     *
     * @return the provider; close it when done if it created its transport
     */
    public HttpOcspProvider build() {
      return new HttpOcspProvider(this);
    }
  }
}
