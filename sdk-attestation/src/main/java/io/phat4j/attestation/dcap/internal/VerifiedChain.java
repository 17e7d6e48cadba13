package io.phat4j.attestation.dcap.internal;

import io.phat4j.attestation.dcap.FailureReason;
import io.phat4j.attestation.dcap.QuoteVerificationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A certificate chain whose signatures, CA flags, names and revocation status have been checked
 * against a trust anchor and CRLs. What depends on the time (certificate validity, CRL expiry) is
 * kept and checked per use by {@link #checkTime(Instant)}, so a verified chain can be cached.
 */
public final class VerifiedChain {
  // The critical extensions dcap-qvl 0.5.2's certificate checker (webpki) understands; any other is an error.
  private static final Set<ASN1ObjectIdentifier> KNOWN_CRITICAL = Set.of(Extension.keyUsage, Extension.subjectAlternativeName,
      Extension.basicConstraints, Extension.nameConstraints, Extension.cRLDistributionPoints, Extension.extendedKeyUsage);

  private final X509CertificateHolder leaf;
  private final EcPublicKey leafKey;
  private final List<ParsedCertificate> certs;
  // Validity windows decoded once: parsing ASN.1 times on every use cost a fifth of a warm verify.
  private final Instant[] notBefore;
  private final Instant[] notAfter;
  private final List<Crl> crls;

  private VerifiedChain(EcPublicKey leafKey, List<ParsedCertificate> certs, List<Crl> crls) {
    this.leaf = certs.get(0).holder();
    this.leafKey = leafKey;
    this.certs = List.copyOf(certs);
    this.notBefore = new Instant[this.certs.size()];
    this.notAfter = new Instant[this.certs.size()];
    for (int i = 0; i < this.certs.size(); i++) {
      notBefore[i] = this.certs.get(i).notBefore();
      notAfter[i] = this.certs.get(i).notAfter();
    }
    this.crls = List.copyOf(crls);
  }

  /**
   * Returns the leaf certificate.
   *
   * @return the leaf
   */
  public X509CertificateHolder leaf() {
    return leaf;
  }

  /**
   * Returns the leaf's public key.
   *
   * @return the key
   */
  public EcPublicKey leafKey() {
    return leafKey;
  }

  /**
   * Checks every listed certificate's validity period and every used CRL's thisUpdate..nextUpdate.
   *
   * @param now the verification time
   * @throws QuoteVerificationException with {@link FailureReason#CERT_EXPIRED} or {@link FailureReason#CRL_EXPIRED}
   */
  public void checkTime(Instant now) {
    for (int i = 0; i < certs.size(); i++) {
      if (now.isBefore(notBefore[i]) || now.isAfter(notAfter[i])) {
        throw new QuoteVerificationException(FailureReason.CERT_EXPIRED, "certificate " + certs.get(i).holder().getSubject()
            + " is valid " + notBefore[i] + " to " + notAfter[i] + ", now is " + now, null);
      }
    }
    for (Crl crl : crls) {
      // Intel's QVL: a CRL is current from thisUpdate to nextUpdate, both inclusive; one issued
      // after the verification time is as unusable as an expired one.
      if (now.isAfter(crl.nextUpdate())) {
        throw new QuoteVerificationException(
            FailureReason.CRL_EXPIRED, crl.field() + " expired at " + crl.nextUpdate() + ", now is " + now, null);
      }
      if (now.isBefore(crl.thisUpdate())) {
        throw new QuoteVerificationException(FailureReason.CRL_EXPIRED,
            crl.field() + " is not valid before its thisUpdate " + crl.thisUpdate() + ", now is " + now, null);
      }
    }
  }

  /**
   * Verifies a chain (leaf first, optionally ending with the anchor itself) against an anchor and CRLs.
   *
   * @param chain the certificates, leaf first
   * @param anchor the trust anchor
   * @param crls the available CRLs; every certificate's issuer must have one
   * @param tooShortMessage dcap-qvl's message for a chain with fewer than two certificates
   * @param backend the signature backend
   * @return the verified chain
   * @throws QuoteVerificationException if any check fails
   */
  public static VerifiedChain verify(
      List<ParsedCertificate> chain, TrustAnchor anchor, List<Crl> crls, String tooShortMessage,
      EcdsaBackend backend) {
    try {
      return verifyChecked(chain, anchor, crls, tooShortMessage, backend);
    } catch (QuoteVerificationException e) {
      throw e;
    } catch (RuntimeException e) {
      // BouncyCastle decodes names and extension values lazily: a corrupt certificate surfaces here.
      throw new QuoteVerificationException(
          FailureReason.CERT_CHAIN, "Failed to verify certificate chain", "malformed certificate: " + e.getMessage(), e);
    }
  }

  private static VerifiedChain verifyChecked(
      List<ParsedCertificate> chain, TrustAnchor anchor, List<Crl> crls, String tooShortMessage,
      EcdsaBackend backend) {
    if (chain.size() < 2) {
      throw new QuoteVerificationException(FailureReason.CERT_CHAIN, tooShortMessage, chain.size() + " certificate(s)", null);
    }
    X509CertificateHolder leaf = chain.get(0).holder();
    if (isCa(leaf)) {
      throw new QuoteVerificationException(FailureReason.CERT_CHAIN, "CaUsedAsEndEntity", "leaf " + leaf.getSubject(), null);
    }
    List<Crl> used = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      ParsedCertificate parsed = chain.get(i);
      X509CertificateHolder cert = parsed.holder();
      boolean last = i == chain.size() - 1;
      if (last && anchor.isSame(parsed)) {
        // The pinned anchor itself: its self-signature proves nothing a byte-identical pinned copy does not.
        break;
      }
      for (Object oid : cert.getCriticalExtensionOIDs()) {
        if (!KNOWN_CRITICAL.contains((ASN1ObjectIdentifier) oid)) {
          throw new QuoteVerificationException(FailureReason.CERT_CHAIN, "Failed to verify certificate chain",
              cert.getSubject() + " has an unsupported critical extension " + oid, null);
        }
      }
      X509CertificateHolder issuer;
      EcPublicKey issuerKey;
      if (last) {
        issuer = anchor.holder();
        issuerKey = anchor.key();
      } else if (anchor.hasBytesOf(chain.get(i + 1))) {
        // The issuer is the anchor byte for byte: use its shared key, whose precomputation is already done.
        issuer = chain.get(i + 1).holder();
        issuerKey = anchor.key();
      } else {
        issuer = chain.get(i + 1).holder();
        issuerKey = key(issuer, "certificate " + issuer.getSubject());
      }
      String which = i == 0 ? "leaf" : "intermediate";
      if (!cert.getIssuer().equals(issuer.getSubject()) || !signatureValid(parsed, issuerKey, backend)) {
        throw new QuoteVerificationException(FailureReason.CERT_CHAIN,
            "Failed to verify certificate chain - " + which + " signature invalid",
            cert.getSubject() + " is not signed by " + issuer.getSubject(), null);
      }
      if (!isCa(issuer)) {
        throw new QuoteVerificationException(FailureReason.CERT_CHAIN, "Failed to verify certificate chain",
            "issuer " + issuer.getSubject() + " is not a CA", null);
      }
      boolean covered = false;
      for (Crl crl : crls) {
        if (!crl.issuer().equals(issuer.getSubject())) {
          continue;
        }
        if (!crl.signatureValid(issuerKey, backend)) {
          throw new QuoteVerificationException(
              FailureReason.CRL_SIGNATURE, crl.field() + " is not signed by " + issuer.getSubject(), null);
        }
        covered = true;
        if (!used.contains(crl)) {
          used.add(crl);
        }
        if (crl.revoked().contains(cert.getSerialNumber())) {
          throw new QuoteVerificationException(FailureReason.CERT_REVOKED,
              cert.getSubject() + " (serial " + cert.getSerialNumber().toString(16) + ") is listed in " + crl.field(), null);
        }
      }
      if (!covered) {
        throw new QuoteVerificationException(
            FailureReason.CRL_MISSING, "no CRL from " + issuer.getSubject() + " covers " + cert.getSubject(), null);
      }
    }
    return new VerifiedChain(key(leaf, "leaf certificate " + leaf.getSubject()), chain, used);
  }

  /**
   * Verifies a chain of CA certificates (such as a CRL issuer chain: issuing CA first) up to the
   * anchor: every listed certificate is a CA signed by the next one, the last by the anchor (or is
   * the anchor itself).
   *
   * @param chain the certificates, issuing CA first
   * @param anchor the trust anchor
   * @param what the collateral field, for messages
   * @param backend the signature backend
   * @return the first certificate's public key
   * @throws QuoteVerificationException with {@link FailureReason#CERT_CHAIN} if any check fails
   */
  public static EcPublicKey verifyCaChain(
      List<ParsedCertificate> chain, TrustAnchor anchor, String what, EcdsaBackend backend) {
    try {
      if (chain.isEmpty()) {
        throw new QuoteVerificationException(FailureReason.CERT_CHAIN, "Failed to verify certificate chain",
            what + " holds no certificate", null);
      }
      for (int i = 0; i < chain.size(); i++) {
        ParsedCertificate parsed = chain.get(i);
        X509CertificateHolder cert = parsed.holder();
        boolean last = i == chain.size() - 1;
        if (last && anchor.isSame(parsed)) {
          break;
        }
        X509CertificateHolder issuer = last ? anchor.holder() : chain.get(i + 1).holder();
        EcPublicKey issuerKey = last || anchor.hasBytesOf(chain.get(i + 1))
            ? anchor.key()
            : key(issuer, "certificate " + issuer.getSubject());
        if (!isCa(cert) || !cert.getIssuer().equals(issuer.getSubject()) || !signatureValid(parsed, issuerKey, backend)) {
          throw new QuoteVerificationException(FailureReason.CERT_CHAIN, "Failed to verify certificate chain",
              what + ": " + cert.getSubject() + " is not a CA signed by " + issuer.getSubject(), null);
        }
      }
      X509CertificateHolder first = chain.get(0).holder();
      return key(first, what + " certificate " + first.getSubject());
    } catch (QuoteVerificationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new QuoteVerificationException(
          FailureReason.CERT_CHAIN, "Failed to verify certificate chain", what + ": malformed certificate: " + e.getMessage(), e);
    }
  }

  private static boolean isCa(X509CertificateHolder cert) {
    BasicConstraints bc = BasicConstraints.fromExtensions(cert.getExtensions());
    return bc != null && bc.isCA();
  }

  private static EcPublicKey key(X509CertificateHolder cert, String what) {
    try {
      return Ecdsa.spkiKey(cert.getSubjectPublicKeyInfo());
    } catch (IllegalArgumentException e) {
      throw new QuoteVerificationException(FailureReason.CERT_CHAIN, "Failed to verify certificate chain",
          what + " has no valid P-256 key", e);
    }
  }

  private static boolean signatureValid(ParsedCertificate parsed, EcPublicKey issuerKey, EcdsaBackend backend) {
    var c = parsed.holder().toASN1Structure();
    if (!X9ObjectIdentifiers.ecdsa_with_SHA256.equals(c.getSignatureAlgorithm().getAlgorithm())) {
      return false;
    }
    return backend.verifyDer(issuerKey, parsed.tbsDer(), c.getSignature().getOctets());
  }
}
