package io.phat4j.attestation.dcap.internal;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The root certificate chains must end in, with its decoded key and SHA-256 fingerprint.
 *
 * @param holder the parsed certificate
 * @param der its DER encoding
 * @param key its P-256 public key
 * @param fingerprint SHA-256 of the DER
 */
public record TrustAnchor(X509CertificateHolder holder, byte[] der, EcPublicKey key, byte[] fingerprint) {

  /**
   * Parses a DER certificate as a trust anchor.
   *
   * @param der the certificate
   * @return the anchor
   * @throws IOException if it is not a certificate
   * @throws IllegalArgumentException if its key is not EC P-256
   */
  public static TrustAnchor of(byte[] der) throws IOException {
    byte[] copy = der.clone();
    X509CertificateHolder h = new X509CertificateHolder(copy);
    return new TrustAnchor(h, copy, Ecdsa.spkiKey(h.getSubjectPublicKeyInfo()), Ecdsa.sha256(copy, 0, copy.length));
  }

  /**
   * Tells whether a certificate is this anchor (same encoding).
   *
   * @param cert the certificate
   * @return {@code true} if identical
   */
  public boolean isSame(X509CertificateHolder cert) {
    try {
      return Arrays.equals(cert.getEncoded(), der);
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustAnchor t && Arrays.equals(der, t.der);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fingerprint);
  }

  @Override
  public String toString() {
    return "TrustAnchor[" + holder.getSubject() + ", sha256=" + io.phat4j.core.Hex.encode(fingerprint) + "]";
  }
}
