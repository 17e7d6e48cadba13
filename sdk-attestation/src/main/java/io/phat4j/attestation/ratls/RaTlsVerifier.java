package io.phat4j.attestation.ratls;

import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerification;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.dcap.internal.BoundedCache;
import io.phat4j.core.Bytes32;
import io.phat4j.core.PhalaException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether an RA-TLS peer is trusted: its certificate's attestation must bind the
 * certificate's key ({@link RaTlsCertificate#requireBound()}) and pass the {@link AppVerifier}
 * under the caller's {@link AppPolicy}.
 *
 * <p>Verdicts are cached per leaf certificate (its SHA-256) until the earliest of the collateral's
 * {@code nextUpdate}, the certificate's {@code notAfter} and {@link Builder#maxCacheAge(Duration)};
 * a rejection is cached for {@link Builder#failureCacheAge(Duration)} so a peer that keeps
 * presenting a bad certificate costs one verification per period. A warm handshake with a
 * certificate seen before therefore costs a hash and a map lookup. The cache is bounded (LRU).
 *
 * <p>Immutable configuration, thread-safe; build one per policy and share it.
 */
public final class RaTlsVerifier {
  private final AppVerifier appVerifier;
  private final AppPolicy policy;
  private final Clock clock;
  private final Duration maxCacheAge;
  private final Duration failureCacheAge;
  private final BoundedCache<Bytes32, Verdict> cache;
  private final AtomicLong verifications = new AtomicLong();

  private RaTlsVerifier(Builder b) {
    this.appVerifier = Objects.requireNonNull(b.appVerifier, "appVerifier");
    this.policy = Objects.requireNonNull(b.policy, "policy");
    this.clock = b.clock;
    this.maxCacheAge = b.maxCacheAge;
    this.failureCacheAge = b.failureCacheAge;
    this.cache = new BoundedCache<>(b.cacheSize);
    if (policy.reportData() != null || policy.reportDataPrefix() != null) {
      throw new IllegalArgumentException("an RA-TLS policy must not expect report data: the report data is the key binding");
    }
    if (!b.allowAnyApp && policy.composeHashes().isEmpty() && policy.appIds().isEmpty()) {
      throw new IllegalArgumentException("the policy allows any app: pin compose hashes or app ids (the attested identity"
          + " replaces the host name check), or call allowAnyApp(true) to accept every genuine dstack app");
    }
  }

  /**
   * Starts a builder.
   *
   * @param appVerifier the app verifier (its DCAP verifier, trust anchor and collateral source)
   * @param policy what the caller accepts
   * @return a new builder
   */
  public static Builder builder(AppVerifier appVerifier, AppPolicy policy) {
    return new Builder(appVerifier, policy);
  }

  /**
   * Verifies a peer's chain (leaf first), from the cache when a current verdict exists.
   *
   * @param chain the peer's certificates, leaf first
   * @return the verified identity
   * @throws RaTlsVerificationException naming the failing link
   */
  public RaTlsIdentity verify(List<X509Certificate> chain) {
    if (chain == null || chain.isEmpty()) {
      throw new RaTlsVerificationException(RaTlsLink.CERTIFICATE_CHAIN, "the peer presented no certificate", null);
    }
    Bytes32 key = fingerprint(chain.get(0));
    Instant now = clock.instant();
    Verdict cached = cache.get(key);
    if (cached != null && now.isBefore(cached.expires)) {
      return cached.result();
    }
    Verdict fresh = decide(chain, now);
    cache.put(key, fresh);
    return fresh.result();
  }

  /**
   * Verifies a parsed certificate (no cache lookup by chain; the verdict is cached all the same).
   *
   * @param certificate the certificate
   * @return the verified identity
   * @throws RaTlsVerificationException naming the failing link
   */
  public RaTlsIdentity verify(RaTlsCertificate certificate) {
    return verify(certificate.chain());
  }

  /**
   * Returns the current verified identity of a leaf certificate seen before, without verifying.
   *
   * @param leaf the leaf certificate
   * @return the identity, or null if the certificate has no current positive verdict
   */
  public @Nullable RaTlsIdentity cachedIdentity(X509Certificate leaf) {
    Verdict v = cache.get(fingerprint(leaf));
    return v != null && v.identity != null && clock.instant().isBefore(v.expires) ? v.identity : null;
  }

  /**
   * Returns the policy verdicts are made under.
   *
   * @return the policy
   */
  public AppPolicy policy() {
    return policy;
  }

  /**
   * Returns how many full verifications ran (cache misses), for monitoring and tests.
   *
   * @return the count
   */
  public long verifications() {
    return verifications.get();
  }

  private Verdict decide(List<X509Certificate> chain, Instant now) {
    verifications.incrementAndGet();
    try {
      RaTlsCertificate cert = read(chain);
      X509Certificate leaf = cert.leaf();
      if (now.isBefore(leaf.getNotBefore().toInstant()) || now.isAfter(leaf.getNotAfter().toInstant())) {
        throw new RaTlsVerificationException(RaTlsLink.CERTIFICATE_CHAIN, "the leaf certificate is not valid at " + now
            + " (valid " + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ")", null);
      }
      cert.requireBound();
      AppVerification v = appVerifier.verify(AppEvidence.fromCertificate(cert), policy);
      if (!v.isValid()) {
        throw new RaTlsVerificationException(RaTlsLink.APP_VERIFICATION, String.valueOf(v.reason()), null);
      }
      Instant until = now.plus(maxCacheAge);
      Instant collateral = v.validUntil();
      if (collateral != null && collateral.isBefore(until)) {
        until = collateral;
      }
      Instant notAfter = leaf.getNotAfter().toInstant();
      if (notAfter.isBefore(until)) {
        until = notAfter;
      }
      Bytes32 keyHash = Bytes32.of(sha256(cert.publicKeyDer()));
      return new Verdict(RaTlsIdentity.of(cert, keyHash, v, until), null, until);
    } catch (RaTlsVerificationException e) {
      return new Verdict(null, e, now.plus(failureCacheAge));
    } catch (PhalaException e) {
      return new Verdict(null, new RaTlsVerificationException(RaTlsLink.APP_VERIFICATION, e.getMessage(), e), now.plus(failureCacheAge));
    }
  }

  private static RaTlsCertificate read(List<X509Certificate> chain) {
    try {
      return RaTlsCertificate.of(chain);
    } catch (RaTlsCertificateException e) {
      RaTlsLink link = e.extension() == null ? RaTlsLink.CERTIFICATE_CHAIN : RaTlsLink.EXTENSIONS;
      throw new RaTlsVerificationException(link, e.getMessage(), e);
    }
  }

  private static Bytes32 fingerprint(X509Certificate leaf) {
    try {
      return Bytes32.of(sha256(leaf.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new RaTlsVerificationException(RaTlsLink.CERTIFICATE_CHAIN, "the leaf certificate does not encode", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private record Verdict(@Nullable RaTlsIdentity identity, @Nullable RaTlsVerificationException failure, Instant expires) {
    RaTlsIdentity result() {
      if (identity != null) {
        return identity;
      }
      // A fresh exception per handshake (stack traces are per throw), same link and reason.
      RaTlsVerificationException f = Objects.requireNonNull(failure);
      throw new RaTlsVerificationException(f.link(), f.reason(), f.getCause());
    }
  }

  @Override
  public String toString() {
    return "RaTlsVerifier[policy=" + policy + ", cached=" + cache.size() + "]";
  }

  /** Configures a {@link RaTlsVerifier}. Not thread-safe. */
  public static final class Builder {
    private final AppVerifier appVerifier;
    private final AppPolicy policy;
    private Clock clock = Clock.systemUTC();
    private int cacheSize = 1024;
    private Duration maxCacheAge = Duration.ofHours(24);
    private Duration failureCacheAge = Duration.ofSeconds(30);
    private boolean allowAnyApp;

    private Builder(AppVerifier appVerifier, AppPolicy policy) {
      this.appVerifier = Objects.requireNonNull(appVerifier, "appVerifier");
      this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Sets the clock for certificate validity and cache expiry (use the app verifier's clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how many certificates' verdicts are kept (default 1024; 0 disables the cache).
     *
     * @param entries the bound
     * @return this builder
     */
    public Builder cacheSize(int entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("cacheSize must be >= 0");
      }
      this.cacheSize = entries;
      return this;
    }

    /**
     * Caps how long a positive verdict is reused, even if the collateral stays current longer
     * (default 24 hours).
     *
     * @param age the cap
     * @return this builder
     */
    public Builder maxCacheAge(Duration age) {
      this.maxCacheAge = positive(age, "maxCacheAge");
      return this;
    }

    /**
     * Sets how long a rejection is reused (default 30 seconds).
     *
     * @param age the period
     * @return this builder
     */
    public Builder failureCacheAge(Duration age) {
      this.failureCacheAge = positive(age, "failureCacheAge");
      return this;
    }

    /**
     * Accepts a policy that pins neither compose hashes nor app ids: then every genuine dstack app
     * passes (default false: such a policy is refused, since the attested identity replaces the
     * host name check).
     *
     * @param allow true to accept any app
     * @return this builder
     */
    public Builder allowAnyApp(boolean allow) {
      this.allowAnyApp = allow;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws IllegalArgumentException if the policy expects report data, or allows any app
     *     without {@link #allowAnyApp(boolean)}
     */
    public RaTlsVerifier build() {
      return new RaTlsVerifier(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return d;
    }
  }
}
