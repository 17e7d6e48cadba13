package io.phat4j.attestation.gpu.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * NVIDIA's trust anchors, bundled as resources and pinned by the SHA-256 of their DER encoding,
 * so a tampered jar fails loudly instead of trusting another root.
 */
public final class PinnedRoots {
  /** SHA-256 of {@code CN=NVIDIA Device Identity CA, O=NVIDIA} (notAfter 9999-12-31). */
  public static final String DEVICE_ROOT_SHA256 =
      "102bf659d5419614c9d8e6aecebc80454eb26b1df6a769ac720b9a690b167b48";
  /** SHA-256 of {@code CN=NVIDIA CoRIM signing Root CA, O=NVIDIA, C=US} (notAfter 2053-03-08). */
  public static final String RIM_ROOT_SHA256 =
      "12977b5115acb0381179279fffeb5a8c4d264971ebb32298023a465fa41df5d1";

  private static final X509Certificate DEVICE_ROOT = load("verifier_device_root.pem", DEVICE_ROOT_SHA256);
  private static final X509Certificate RIM_ROOT = load("verifier_RIM_root.pem", RIM_ROOT_SHA256);

  private PinnedRoots() {}

  /** Returns NVIDIA's pinned GPU device identity root. */
  public static X509Certificate deviceRoot() {
    return DEVICE_ROOT;
  }

  /** Returns NVIDIA's pinned RIM signing root. */
  public static X509Certificate rimRoot() {
    return RIM_ROOT;
  }

  /**
   * Returns the lowercase hex SHA-256 of a certificate's DER encoding.
   *
   * @param cert the certificate
   * @return the fingerprint
   */
  public static String sha256(X509Certificate cert) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static X509Certificate load(String name, String sha256) {
    try (InputStream in = PinnedRoots.class.getResourceAsStream("/io/phat4j/attestation/gpu/" + name)) {
      if (in == null) {
        throw new IllegalStateException("bundled NVIDIA root missing: " + name);
      }
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      String actual = sha256(cert);
      if (!MessageDigest.isEqual(actual.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          sha256.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
        throw new IllegalStateException("bundled NVIDIA root " + name + " has SHA-256 " + actual
            + ", expected " + sha256);
      }
      return cert;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load bundled NVIDIA root " + name, e);
    }
  }
}
