package io.phat4j.attestation.dcap.internal;

import io.phat4j.attestation.dcap.FailureReason;
import io.phat4j.attestation.dcap.QuoteVerificationException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.jspecify.annotations.Nullable;

/**
 * A parsed DER CRL: issuer, update times and revoked serial numbers.
 *
 * @param field the collateral field it came from (for messages)
 * @param holder the parsed CRL
 * @param issuer the CRL issuer name
 * @param nextUpdate when it expires, or {@code null} if it states none
 * @param revoked the revoked serial numbers
 */
public record Crl(String field, X509CRLHolder holder, X500Name issuer, @Nullable Instant nextUpdate, Set<BigInteger> revoked) {

  /** Copies the set. */
  public Crl {
    revoked = Set.copyOf(revoked);
  }

  /**
   * Parses a DER CRL.
   *
   * @param field the collateral field name
   * @param der the DER bytes
   * @return the CRL
   * @throws QuoteVerificationException with {@link FailureReason#CRL_FORMAT} if malformed
   */
  public static Crl parse(String field, byte[] der) {
    try {
      X509CRLHolder h = new X509CRLHolder(der);
      // BouncyCastle parses nested structures lazily; force it now so corruption is reported as a CRL format error.
      h.toASN1Structure().getEncoded(ASN1Encoding.DER);
      h.getIssuer().getRDNs();
      Set<BigInteger> serials = new HashSet<>();
      for (Object e : h.getRevokedCertificates()) {
        serials.add(((X509CRLEntryHolder) e).getSerialNumber());
      }
      Instant next = h.getNextUpdate() == null ? null : h.getNextUpdate().toInstant();
      return new Crl(field, h, h.getIssuer(), next, serials);
    } catch (IOException | RuntimeException e) {
      throw new QuoteVerificationException(FailureReason.CRL_FORMAT, field + " is not a valid DER CRL", e);
    }
  }

  /**
   * Verifies the CRL's signature with its issuer's key.
   *
   * @param issuerKey the issuer's P-256 key
   * @return {@code true} if the signature is ECDSA-SHA256 and valid
   */
  public boolean signatureValid(ECPublicKeyParameters issuerKey) {
    var list = holder.toASN1Structure();
    if (!X9ObjectIdentifiers.ecdsa_with_SHA256.equals(list.getSignatureAlgorithm().getAlgorithm())) {
      return false;
    }
    try {
      return Ecdsa.verifyDer(issuerKey, list.getTBSCertList().getEncoded(ASN1Encoding.DER), list.getSignature().getOctets());
    } catch (IOException e) {
      return false;
    }
  }
}
