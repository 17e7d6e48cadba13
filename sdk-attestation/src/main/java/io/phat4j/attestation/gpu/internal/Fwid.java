package io.phat4j.attestation.gpu.internal;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;

/**
 * Reads the firmware id from a GPU leaf certificate's TCG DICE extension (OID 2.23.133.5.4.1):
 * on Hopper the last 48 bytes of the extension value, as NVIDIA's verifier takes them; on
 * Blackwell the digest of the first SHA-384 entry of a DICE {@code TcbInfo}'s {@code fwids}.
 */
public final class Fwid {
  /** TCG DICE FWID extension OID used by Hopper leaf certificates. */
  public static final String OID = "2.23.133.5.4.1";
  /** Alternative OID NVIDIA's verifier also accepts. */
  public static final String OID_ALT = "2.23.133.5.4.1.1";
  /** Length of the Hopper FWID (SHA-384). */
  public static final int LENGTH = 48;
  private static final int FWIDS_TAG = 6;

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

  /**
   * Returns the first SHA-384 FWID of the leaf's DICE {@code TcbInfo} (TCG DICE Attestation
   * Architecture: {@code DiceTcbInfo ::= SEQUENCE { ..., fwids [6] IMPLICIT SEQUENCE OF FWID, ... }},
   * {@code FWID ::= SEQUENCE { hashAlg OBJECT IDENTIFIER, digest OCTET STRING }}).
   *
   * @param leaf the leaf certificate
   * @return the 48-byte digest, or empty when the extension is missing, is not a TcbInfo, or has
   *     no SHA-384 FWID
   */
  public static Optional<byte[]> ofTcbInfo(X509Certificate leaf) {
    byte[] ext = leaf.getExtensionValue(OID);
    if (ext == null) {
      return Optional.empty();
    }
    try {
      ASN1Sequence tcbInfo = ASN1Sequence.getInstance(ASN1OctetString.getInstance(ext).getOctets());
      for (ASN1Encodable field : tcbInfo) {
        if (!(field instanceof ASN1TaggedObject tagged)) {
          return Optional.empty();
        }
        if (tagged.getTagClass() != BERTags.CONTEXT_SPECIFIC || tagged.getTagNo() != FWIDS_TAG) {
          continue;
        }
        for (ASN1Encodable f : ASN1Sequence.getInstance(tagged, false)) {
          ASN1Sequence fwid = ASN1Sequence.getInstance(f);
          if (fwid.size() != 2) {
            return Optional.empty();
          }
          ASN1ObjectIdentifier alg = ASN1ObjectIdentifier.getInstance(fwid.getObjectAt(0));
          byte[] digest = ASN1OctetString.getInstance(fwid.getObjectAt(1)).getOctets();
          if (alg.equals(NISTObjectIdentifiers.id_sha384) && digest.length == LENGTH) {
            return Optional.of(digest);
          }
        }
        return Optional.empty();
      }
      return Optional.empty();
    } catch (IllegalArgumentException | IllegalStateException e) {
      // Not DER, or not shaped like a TcbInfo: no FWID, and the check fails.
      return Optional.empty();
    }
  }
}
