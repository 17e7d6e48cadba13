package io.phat4j.attestation.gpu.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates an X.509 path to a pinned root with the JDK's PKIX validator (signatures, names, CA
 * constraints, validity at a given instant); revocation is left to an OCSP provider.
 */
public final class CertPaths {
  private CertPaths() {}

  /**
   * Validates {@code path} (leaf first, without a root) to {@code root} at {@code at}.
   *
   * @param path the certificates below the root, leaf first
   * @param root the pinned trust anchor
   * @param at the validation time
   * @return empty when valid, else a description of the first problem
   */
  public static Optional<String> validate(List<X509Certificate> path, X509Certificate root, Instant at) {
    if (path.isEmpty()) {
      return Optional.of("empty certificate path");
    }
    Date date = Date.from(at);
    for (int i = 0; i < path.size(); i++) {
      Optional<String> p = validity(path.get(i), "certificate " + i, at);
      if (p.isPresent()) {
        return p;
      }
    }
    Optional<String> rootProblem = validity(root, "pinned root", at);
    if (rootProblem.isPresent()) {
      return rootProblem;
    }
    try {
      CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
      params.setRevocationEnabled(false);
      params.setDate(date);
      CertPathValidator.getInstance("PKIX").validate(cp, params);
      return Optional.empty();
    } catch (CertPathValidatorException e) {
      int idx = e.getIndex();
      String which = idx >= 0 && idx < path.size()
          ? "certificate " + idx + " (" + path.get(idx).getSubjectX500Principal().getName() + ")"
          : "path";
      return Optional.of(which + " does not chain to the pinned root: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      return Optional.of("path validation failed: " + e.getMessage());
    }
  }

  private static Optional<String> validity(X509Certificate c, String which, Instant at) {
    String subject = c.getSubjectX500Principal().getName();
    if (at.isBefore(c.getNotBefore().toInstant())) {
      return Optional.of(which + " (" + subject + ") not yet valid at " + at + ": notBefore "
          + c.getNotBefore().toInstant());
    }
    if (at.isAfter(c.getNotAfter().toInstant())) {
      return Optional.of(which + " (" + subject + ") expired at " + at + ": notAfter "
          + c.getNotAfter().toInstant());
    }
    return Optional.empty();
  }
}
