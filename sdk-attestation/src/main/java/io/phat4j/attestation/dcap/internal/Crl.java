package io.phat4j.attestation.dcap.internal;

import io.phat4j.attestation.dcap.FailureReason;
import io.phat4j.attestation.dcap.QuoteVerificationException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.jspecify.annotations.Nullable;

/**
 * A parsed DER CRL: issuer, next update and revoked serial numbers. Signature checks are
 * remembered per issuer key, since one CRL serves several chains. Immutable apart from that memo;
 * thread-safe.
 */
public final class Crl {
  private final String field;
  private final CertificateList list;
  // The signed part as received (see SignedPart).
  private final byte[] tbsDer;
  private final X500Name issuer;
  private final Instant thisUpdate;
  private final Instant nextUpdate;
  private final Set<BigInteger> revoked;
  private final ConcurrentHashMap<HashKey, Boolean> signatureChecks = new ConcurrentHashMap<>();

  private Crl(String field, CertificateList list, byte[] tbsDer, X500Name issuer, Instant thisUpdate,
      Instant nextUpdate, Set<BigInteger> revoked) {
    this.field = field;
    this.list = list;
    this.tbsDer = tbsDer;
    this.issuer = issuer;
    this.thisUpdate = thisUpdate;
    this.nextUpdate = nextUpdate;
    // Wrapped, not copied: the set is built by parse and never escapes otherwise.
    this.revoked = Collections.unmodifiableSet(revoked);
  }

  /**
   * Parses a DER CRL.
   *
   * @param field the collateral field name
   * @param der the DER bytes
   * @return the CRL
   * @throws QuoteVerificationException with {@link FailureReason#CRL_FORMAT} if malformed or without
   *     a nextUpdate (Intel's QVL refuses such a CRL as an unsupported format; so does phat4j, in
   *     every mode)
   */
  public static Crl parse(String field, byte[] der) {
    try {
      X509CRLHolder h = new X509CRLHolder(der);
      CertificateList list = h.toASN1Structure();
      // Decoded fully now, so corruption is reported as a CRL format error; signed as received.
      SignedPart.decodeFully(list.toASN1Primitive());
      byte[] tbsDer = SignedPart.of(der);
      h.getIssuer().getRDNs();
      Set<BigInteger> serials = new HashSet<>();
      for (Object e : h.getRevokedCertificates()) {
        serials.add(((X509CRLEntryHolder) e).getSerialNumber());
      }
      Time nextTime = list.getNextUpdate();
      if (nextTime == null) {
        // A CRL that never expires would vouch for a certificate forever: Intel's QVL refuses it.
        throw new QuoteVerificationException(
            FailureReason.CRL_FORMAT, field + " has no nextUpdate: a CRL must say when it expires", null);
      }
      Instant next = DerTime.instant(nextTime);
      Instant issued = DerTime.instant(list.getThisUpdate());
      return new Crl(field, list, tbsDer, h.getIssuer(), issued, next, serials);
    } catch (QuoteVerificationException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new QuoteVerificationException(FailureReason.CRL_FORMAT, field + " is not a valid DER CRL", e);
    }
  }

  /**
   * Returns the collateral field the CRL came from.
   *
   * @return the field name
   */
  public String field() {
    return field;
  }

  /**
   * Returns the issuer name.
   *
   * @return the issuer
   */
  public X500Name issuer() {
    return issuer;
  }

  /**
   * Returns when the CRL was issued.
   *
   * @return the this-update time
   */
  public Instant thisUpdate() {
    return thisUpdate;
  }

  /**
   * Returns when the CRL expires.
   *
   * @return the next update
   */
  public Instant nextUpdate() {
    return nextUpdate;
  }

  /**
   * Returns the revoked serial numbers.
   *
   * @return an immutable set
   */
  public Set<BigInteger> revoked() {
    return revoked;
  }

  /**
   * Verifies the CRL's signature with its issuer's key (remembered per key).
   *
   * @param issuerKey the issuer's P-256 key
   * @param backend the signature backend
   * @return {@code true} if the signature is ECDSA-SHA256 and valid
   */
  public boolean signatureValid(EcPublicKey issuerKey, EcdsaBackend backend) {
    HashKey key = new HashKey(issuerKey.spki());
    return signatureChecks.computeIfAbsent(key, k -> check(issuerKey, backend));
  }

  private boolean check(EcPublicKey issuerKey, EcdsaBackend backend) {
    if (!X9ObjectIdentifiers.ecdsa_with_SHA256.equals(list.getSignatureAlgorithm().getAlgorithm())) {
      return false;
    }
    try {
      return backend.verifyDer(issuerKey, tbsDer, list.getSignature().getOctets());
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "Crl[" + field + ", issuer=" + issuer + ", nextUpdate=" + nextUpdate + ", revoked=" + revoked.size() + "]";
  }
}
