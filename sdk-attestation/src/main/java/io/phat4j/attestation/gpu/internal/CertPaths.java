package io.phat4j.attestation.gpu.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.Certificate;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
      params.addCertPathChecker(new DiceExtensions());
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

  /**
   * Finds and validates a path from {@code target} to {@code root} through any of {@code
   * intermediates}, at {@code at} (for responder certificates, whose path is not given in order).
   *
   * @param target the certificate to validate
   * @param intermediates certificates that may lie on the path, in any order
   * @param root the pinned trust anchor
   * @param at the validation time
   * @return empty when a valid path exists, else why none was found
   */
  public static Optional<String> build(X509Certificate target, List<X509Certificate> intermediates,
      X509Certificate root, Instant at) {
    Optional<String> p = validity(target, "certificate", at);
    if (p.isPresent()) {
      return p;
    }
    try {
      X509CertSelector selector = new X509CertSelector();
      selector.setCertificate(target);
      PKIXBuilderParameters params =
          new PKIXBuilderParameters(Set.of(new TrustAnchor(root, null)), selector);
      params.setRevocationEnabled(false);
      params.addCertPathChecker(new DiceExtensions());
      params.setDate(Date.from(at));
      List<X509Certificate> store = new ArrayList<>(intermediates);
      store.add(target);
      params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
      CertPathBuilder.getInstance("PKIX").build(params);
      return Optional.empty();
    } catch (CertPathBuilderException e) {
      return Optional.of(target.getSubjectX500Principal().getName() + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      return Optional.of("path building failed: " + e.getMessage());
    }
  }

  /**
   * Marks the TCG DICE extensions as handled: the TCG recommends making them critical, the JDK does
   * not know them, and the GPU verifier reads the FWID from them itself.
   */
  private static final class DiceExtensions extends PKIXCertPathChecker {
    private static final Set<String> HANDLED = Set.of(
        "2.23.133.5.4.1", // tcg-dice-TcbInfo (Blackwell FWID; Hopper's composite FWID)
        "2.23.133.5.4.1.1", // the variant OID NVIDIA's verifier also reads
        "2.23.133.5.4.4", // tcg-dice-Ueid
        "2.23.133.5.4.5"); // tcg-dice-MultiTcbInfo

    @Override
    public void init(boolean forward) {}

    @Override
    public boolean isForwardCheckingSupported() {
      return true;
    }

    @Override
    public Set<String> getSupportedExtensions() {
      return HANDLED;
    }

    @Override
    public void check(Certificate cert, Collection<String> unresolvedCritExts) {
      unresolvedCritExts.removeAll(HANDLED);
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
