package io.phat4j.attestation.dcap.internal;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;

/**
 * The signed part of a certificate or CRL as it was received, and the full decode that goes with it.
 *
 * <p>Both are {@code SEQUENCE { signed part, algorithm, signature }}. The issuer signed the bytes
 * of the first element exactly as they appear, and that is what is verified here, as webpki (in
 * dcap-qvl) and the JavaScript X.509 libraries do: a re-encoding of the decoded structure could
 * differ from what was signed, in either direction. BouncyCastle does the decoding; only the two
 * element headers needed to find the span are read here.
 */
public final class SignedPart {
  private SignedPart() {}

  /**
   * Returns a copy of the first element inside the outer SEQUENCE, header included.
   *
   * @param der a certificate or CRL
   * @return the bytes the issuer's signature covers
   * @throws IOException if a header is truncated, not a definite-length SEQUENCE, or runs past the end
   */
  public static byte[] of(byte[] der) throws IOException {
    int outerHeader = sequenceHeader(der, 0, "outer");
    int start = outerHeader;
    int innerHeader = sequenceHeader(der, start, "signed part");
    int end = Math.addExact(start, Math.addExact(innerHeader, contentLength(der, start)));
    if (end > der.length) {
      throw new IOException("signed part runs past the end (" + end + " > " + der.length + ")");
    }
    return Arrays.copyOfRange(der, start, end);
  }

  /**
   * Decodes every nested structure now. BouncyCastle decodes constructed elements lazily, so a corrupt
   * one would otherwise surface later, in whichever check first touched it.
   *
   * @param p the decoded object
   * @throws RuntimeException as BouncyCastle throws it for a corrupt element
   */
  public static void decodeFully(ASN1Primitive p) {
    if (p instanceof ASN1Sequence seq) {
      for (ASN1Encodable e : seq) {
        decodeFully(e.toASN1Primitive());
      }
    } else if (p instanceof ASN1Set set) {
      for (ASN1Encodable e : set) {
        decodeFully(e.toASN1Primitive());
      }
    } else if (p instanceof ASN1TaggedObject tagged) {
      decodeFully(tagged.getBaseObject().toASN1Primitive());
    }
  }

  /** The length of the SEQUENCE header at {@code off}. */
  private static int sequenceHeader(byte[] der, int off, String what) throws IOException {
    if (off + 2 > der.length || der[off] != 0x30) {
      throw new IOException(what + ": no SEQUENCE at offset " + off);
    }
    int first = der[off + 1] & 0xff;
    if (first < 0x80) {
      return 2;
    }
    int n = first & 0x7f;
    if (n == 0 || n > 3) {
      throw new IOException(what + ": unsupported length form at offset " + (off + 1));
    }
    return 2 + n;
  }

  /** The content length of the SEQUENCE at {@code off}, whose header {@link #sequenceHeader} accepted. */
  private static int contentLength(byte[] der, int off) throws IOException {
    int first = der[off + 1] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int n = first & 0x7f;
    if (off + 2 + n > der.length) {
      throw new IOException("length at offset " + (off + 1) + " is truncated");
    }
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[off + 2 + i] & 0xff);
    }
    return len;
  }
}
