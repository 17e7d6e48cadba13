package io.phat4j.attestation.dcap.internal;

import java.io.IOException;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jspecify.annotations.Nullable;

/**
 * A certificate decoded once, with what the chain check needs from it prepared at decode time: the
 * DER of the signed part (computed exactly as BouncyCastle's own signature check would, so it is
 * encoded once instead of once more per check) and the received bytes (to recognise the trust
 * anchor by a byte comparison instead of a re-encoding). Immutable.
 */
public final class ParsedCertificate {
  private final X509CertificateHolder holder;
  private final byte[] der;
  private final byte[] tbsDer;
  private @Nullable Instant notBefore;
  private @Nullable Instant notAfter;

  private ParsedCertificate(X509CertificateHolder holder, byte[] der, byte[] tbsDer) {
    this.holder = holder;
    this.der = der;
    this.tbsDer = tbsDer;
  }

  /**
   * Decodes a DER certificate completely (BouncyCastle decodes nested structures lazily; every part
   * is forced here, so a corrupt certificate fails here, not later in the chain check).
   *
   * @param der the DER bytes (kept, not copied)
   * @return the certificate
   * @throws IOException if it is not a certificate
   * @throws RuntimeException if BouncyCastle rejects a nested structure
   */
  public static ParsedCertificate parse(byte[] der) throws IOException {
    X509CertificateHolder holder = new X509CertificateHolder(der);
    Certificate c = holder.toASN1Structure();
    ASN1Sequence seq = ASN1Sequence.getInstance(c.toASN1Primitive());
    // Encoding each element of the certificate in DER forces all of it, exactly as encoding the whole would.
    ASN1Primitive rawTbs = seq.getObjectAt(0).toASN1Primitive();
    byte[] rawTbsDer = rawTbs.getEncoded(ASN1Encoding.DER);
    for (int i = 1; i < seq.size(); i++) {
      seq.getObjectAt(i).toASN1Primitive().getEncoded(ASN1Encoding.DER);
    }
    // The signed bytes as BouncyCastle's signature check computes them (the same object unless overridden).
    ASN1Primitive signedTbs = c.getTBSCertificate().toASN1Primitive();
    byte[] tbsDer = signedTbs == rawTbs ? rawTbsDer : signedTbs.getEncoded(ASN1Encoding.DER);
    holder.getSubject().getRDNs();
    holder.getIssuer().getRDNs();
    return new ParsedCertificate(holder, der, tbsDer);
  }

  /**
   * Returns BouncyCastle's view of the certificate.
   *
   * @return the holder
   */
  public X509CertificateHolder holder() {
    return holder;
  }

  /**
   * Returns the bytes the certificate was decoded from.
   *
   * @return the DER (not a copy; do not modify)
   */
  byte[] der() {
    return der;
  }

  /**
   * Returns the DER encoding of the TBSCertificate, the bytes the issuer's signature covers.
   *
   * @return the bytes (not a copy; do not modify)
   */
  public byte[] tbsDer() {
    return tbsDer;
  }

  /**
   * Returns the start of the validity period.
   *
   * @return the instant
   */
  public Instant notBefore() {
    Instant t = notBefore;
    if (t == null) {
      t = DerTime.instant(holder.toASN1Structure().getStartDate());
      notBefore = t;
    }
    return t;
  }

  /**
   * Returns the end of the validity period.
   *
   * @return the instant
   */
  public Instant notAfter() {
    Instant t = notAfter;
    if (t == null) {
      t = DerTime.instant(holder.toASN1Structure().getEndDate());
      notAfter = t;
    }
    return t;
  }

  @Override
  public String toString() {
    return "ParsedCertificate[" + holder.getSubject() + "]";
  }
}
