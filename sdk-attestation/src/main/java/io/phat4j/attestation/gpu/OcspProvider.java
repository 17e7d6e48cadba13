package io.phat4j.attestation.gpu;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a certificate's revocation status online. {@link GpuEvidenceVerifier} asks it about the
 * device chain (every certificate between the leaf and the root) and each RIM signing chain (every
 * certificate below the root); without a provider those checks are reported as not run.
 *
 * <p>{@link HttpOcspProvider} asks NVIDIA's responder; {@link #caching(OcspProvider, Clock)} keeps
 * answers until their {@code nextUpdate}.
 */
@FunctionalInterface
public interface OcspProvider {
  /**
   * Asks for the revocation status of one certificate and verifies the answer.
   *
   * @param certificate the certificate to check
   * @param issuerChain its issuer first, then the issuer's issuers, ending with the pinned trust
   *     anchor the responder must chain to
   * @return the verified answer
   * @throws OcspException if the answer cannot be trusted
   * @throws io.phat4j.core.PhalaTransportException if the responder could not be reached
   * @throws NvidiaServiceException if the responder answered with an HTTP error
   */
  OcspResult check(X509Certificate certificate, List<X509Certificate> issuerChain);

  /**
   * Wraps a provider so each verified answer is reused until its {@code nextUpdate}. Answers
   * without a {@code nextUpdate} are never cached, nor are failures, so a transient error does not
   * stick. Answers are keyed by the certificate's encoding.
   *
   * @param delegate the provider that asks the responder
   * @param clock the clock {@code nextUpdate} is compared with
   * @return the caching provider (thread-safe when {@code delegate} is)
   */
  static OcspProvider caching(OcspProvider delegate, Clock clock) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(clock, "clock");
    // X509Certificate equality is equality of the DER encoding.
    ConcurrentHashMap<X509Certificate, OcspResult> cache = new ConcurrentHashMap<>();
    return (certificate, issuerChain) -> {
      X509Certificate key = certificate;
      OcspResult hit = cache.get(key);
      if (hit != null && hit.nextUpdate() != null && clock.instant().isBefore(hit.nextUpdate())) {
        return hit;
      }
      OcspResult fresh = delegate.check(certificate, issuerChain);
      if (fresh.nextUpdate() != null && clock.instant().isBefore(fresh.nextUpdate())) {
        cache.put(key, fresh);
      } else {
        cache.remove(key);
      }
      return fresh;
    };
  }
}
