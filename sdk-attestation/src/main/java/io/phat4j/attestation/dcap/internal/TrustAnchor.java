package io.phat4j.attestation.dcap.internal;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jspecify.annotations.Nullable;

/**
 * The root certificate chains must end in, with its decoded key and SHA-256 fingerprint.
 *
 * <p>Decoded once per anchor (for the built-in Intel root: once per JVM) and shared by every
 * verification: the key object keeps BouncyCastle's precomputed point multiples (and a native
 * backend's parsed key), so checks signed by the root cost what a warm check costs. That is safe
 * because the key is only ever used for a certificate whose bytes are exactly the anchor's.
 */
public final class TrustAnchor {
  private final X509CertificateHolder holder;
  private final byte[] der;
  private final EcPublicKey key;
  private final byte[] fingerprint;
  // The anchor decoded like any chain certificate, or null if that decoding fails (then nothing is shortcut).
  private final @Nullable ParsedCertificate certificate;
  // Whether re-encoding the decoded anchor gives its bytes back: only then does equal input imply isSame.
  private final boolean reencodesIdentically;

  private TrustAnchor(byte[] der) throws IOException {
    this.der = der;
    this.holder = new X509CertificateHolder(der);
    this.key = Ecdsa.spkiKey(holder.getSubjectPublicKeyInfo());
    this.fingerprint = Ecdsa.sha256(der, 0, der.length);
    ParsedCertificate parsed;
    try {
      parsed = ParsedCertificate.parse(der);
    } catch (IOException | RuntimeException e) {
      parsed = null;
    }
    this.certificate = parsed;
    this.reencodesIdentically = Arrays.equals(holder.getEncoded(), der);
  }

  /**
   * Parses a DER certificate as a trust anchor.
   *
   * @param der the certificate
   * @return the anchor
   * @throws IOException if it is not a certificate
   * @throws IllegalArgumentException if its key is not EC P-256
   */
  public static TrustAnchor of(byte[] der) throws IOException {
    return new TrustAnchor(der.clone());
  }

  /**
   * Returns the parsed certificate.
   *
   * @return the holder
   */
  public X509CertificateHolder holder() {
    return holder;
  }

  /**
   * Returns the DER encoding.
   *
   * @return a copy
   */
  public byte[] der() {
    return der.clone();
  }

  /**
   * Returns the anchor's P-256 public key (one shared object).
   *
   * @return the key
   */
  public EcPublicKey key() {
    return key;
  }

  /**
   * Returns the SHA-256 fingerprint of the DER.
   *
   * @return a copy
   */
  public byte[] fingerprint() {
    return fingerprint.clone();
  }

  /**
   * Returns the anchor decoded as a chain certificate if these bytes are exactly the anchor, so a
   * chain listing the root does not decode it again.
   *
   * @param candidate DER bytes from a chain
   * @return the shared decoded anchor, or {@code null} if the bytes differ
   */
  @Nullable ParsedCertificate sameCertificate(byte[] candidate) {
    return certificate != null && Arrays.equals(candidate, der) ? certificate : null;
  }

  /**
   * Tells whether a certificate was decoded from exactly the anchor's bytes (so its key is the anchor's key).
   *
   * @param cert the certificate
   * @return {@code true} if byte-identical
   */
  public boolean hasBytesOf(ParsedCertificate cert) {
    return cert == certificate || Arrays.equals(cert.der(), der);
  }

  /**
   * Tells whether a certificate is this anchor (its re-encoding equals the anchor's bytes).
   *
   * @param cert the certificate
   * @return {@code true} if identical
   */
  public boolean isSame(ParsedCertificate cert) {
    if (cert == certificate || (reencodesIdentically && Arrays.equals(cert.der(), der))) {
      return true;
    }
    try {
      return Arrays.equals(cert.holder().getEncoded(), der);
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
