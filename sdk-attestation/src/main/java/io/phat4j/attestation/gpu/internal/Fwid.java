package io.phat4j.attestation.gpu.internal;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;

/** Reads the TCG DICE FWID from a Hopper leaf certificate. */
public final class Fwid {
  /** TCG DICE FWID extension OID used by Hopper leaf certificates. */
  public static final String OID = "2.23.133.5.4.1";
  /** Alternative OID NVIDIA's verifier also accepts. */
  public static final String OID_ALT = "2.23.133.5.4.1.1";
  /** Length of the Hopper FWID (SHA-384). */
  public static final int LENGTH = 48;

  private Fwid() {}

  /**
   * Returns the last 48 bytes of the FWID extension's value, as NVIDIA's verifier compares them.
   *
   * @param leaf the leaf certificate
   * @return the FWID, or empty when the extension is missing or too short
   */
  public static Optional<byte[]> of(X509Certificate leaf) {
    byte[] ext = leaf.getExtensionValue(OID);
    if (ext == null) {
      ext = leaf.getExtensionValue(OID_ALT);
    }
    if (ext == null) {
      return Optional.empty();
    }
    byte[] value;
    try {
      value = ASN1OctetString.getInstance(ext).getOctets();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (value.length < LENGTH) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOfRange(value, value.length - LENGTH, value.length));
  }
}
