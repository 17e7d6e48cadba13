package io.phat4j.attestation.dcap.internal;

import java.io.IOException;
import java.time.Instant;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jspecify.annotations.Nullable;

/**
 * A certificate decoded once, with what the chain check needs from it prepared at decode time: the
 * signed part as received (see {@link SignedPart}) and the received bytes (to recognise the trust
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
    SignedPart.decodeFully(holder.toASN1Structure().toASN1Primitive());
    byte[] tbsDer = SignedPart.of(der);
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
   * Returns the TBSCertificate as received, the bytes the issuer's signature covers.
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
