package io.phat4j.attestation.dcap.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.jspecify.annotations.Nullable;

/**
 * ECDSA P-256 / SHA-256 verification on BouncyCastle's low-level API (its custom P-256 curve
 * arithmetic is several times faster than the JDK provider).
 */
public final class Ecdsa {
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());

  private static final MessageDigest SHA256_PROTOTYPE = newSha256();

  private Ecdsa() {}

  /**
   * Decodes a raw X‖Y public key (64 bytes, no prefix).
   *
   * @param buf the array
   * @param off the offset of X
   * @return the key
   * @throws IllegalArgumentException if the point is not on the curve
   */
  public static EcPublicKey rawKey(byte[] buf, int off) {
    byte[] enc = new byte[65];
    enc[0] = 0x04;
    System.arraycopy(buf, off, enc, 1, 64);
    ECPoint p = DOMAIN.getCurve().decodePoint(enc);
    return new EcPublicKey(new ECPublicKeyParameters(p, DOMAIN));
  }

  /**
   * Decodes a certificate's P-256 public key.
   *
   * @param spki the subject public key info
   * @return the key
   * @throws IllegalArgumentException if it is not an EC P-256 key or the point is invalid
   */
  public static EcPublicKey spkiKey(SubjectPublicKeyInfo spki) {
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())
        || !SECObjectIdentifiers.secp256r1.equals(spki.getAlgorithm().getParameters())) {
      throw new IllegalArgumentException("public key is not EC P-256");
    }
    ECPoint p = DOMAIN.getCurve().decodePoint(spki.getPublicKeyData().getBytes());
    return new EcPublicKey(new ECPublicKeyParameters(p, DOMAIN));
  }

  /**
   * Verifies a raw r‖s signature (64 bytes) over a slice of data.
   *
   * @param key the public key
   * @param data the array holding the signed bytes
   * @param off the start of the signed bytes
   * @param len their length
   * @param sig the array holding the signature
   * @param sigOff the offset of r
   * @return {@code true} if valid
   */
  public static boolean verifyRaw(EcPublicKey key, byte[] data, int off, int len, byte[] sig, int sigOff) {
    BigInteger[] rs = rawComponents(sig, sigOff);
    return rs != null && verify(key.bouncyCastle(), sha256(data, off, len), rs[0], rs[1]);
  }

  /**
   * Reads r and s from a raw r‖s signature, as every backend must interpret it.
   *
   * @param sig the array holding the signature
   * @param sigOff the offset of r
   * @return {r, s}, or {@code null} if fewer than 64 bytes are there
   */
  public static BigInteger @Nullable [] rawComponents(byte[] sig, int sigOff) {
    if (sigOff < 0 || sig.length - sigOff < 64) {
      return null;
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, sigOff, sigOff + 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, sigOff + 32, sigOff + 64));
    return new BigInteger[] {r, s};
  }

  /**
   * Verifies a DER {@code SEQUENCE { r INTEGER, s INTEGER }} signature (as in X.509 and CRLs).
   *
   * @param key the public key
   * @param data the signed bytes
   * @param der the DER signature
   * @return {@code true} if valid
   */
  public static boolean verifyDer(EcPublicKey key, byte[] data, byte[] der) {
    BigInteger[] rs = derComponents(der);
    return rs != null && verify(key.bouncyCastle(), sha256(data, 0, data.length), rs[0], rs[1]);
  }

  /**
   * Reads r and s from a DER signature, as every backend must interpret it: the encoding must be
   * canonical DER, and both integers must be non-negative.
   *
   * @param der the DER signature
   * @return {r, s}, or {@code null} if it is not a canonical two-integer sequence
   */
  public static BigInteger @Nullable [] derComponents(byte[] der) {
    BigInteger r;
    BigInteger s;
    try {
      ASN1Primitive prim = der.length == 0 ? null : ASN1Primitive.fromByteArray(der);
      ASN1Sequence seq = prim == null ? null : ASN1Sequence.getInstance(prim);
      if (seq == null || seq.size() != 2 || !java.util.Arrays.equals(seq.getEncoded(ASN1Encoding.DER), der)) {
        return null;
      }
      ASN1Encodable a = seq.getObjectAt(0);
      ASN1Encodable b = seq.getObjectAt(1);
      r = ASN1Integer.getInstance(a).getValue();
      s = ASN1Integer.getInstance(b).getValue();
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
    // A DER INTEGER with its top bit set is negative: reading it as a magnitude would accept a
    // signature whose leading zero byte was dropped (Wycheproof "MissingZero").
    if (r.signum() < 0 || s.signum() < 0) {
      return null;
    }
    return new BigInteger[] {r, s};
  }

  /**
   * Encodes r and s as the canonical DER signature native libraries expect.
   *
   * @param r the r component (non-negative)
   * @param s the s component (non-negative)
   * @return the DER {@code SEQUENCE { r INTEGER, s INTEGER }}
   */
  public static byte[] derSignature(BigInteger r, BigInteger s) {
    try {
      return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding in memory cannot fail", e);
    }
  }

  private static boolean verify(ECPublicKeyParameters key, byte[] digest, BigInteger r, BigInteger s) {
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, key);
    return signer.verifySignature(digest, r, s);
  }

  /**
   * Hashes a slice with SHA-256.
   *
   * @param data the array
   * @param off the offset
   * @param len the length
   * @return the 32-byte digest
   */
  public static byte[] sha256(byte[] data, int off, int len) {
    MessageDigest md = sha256();
    md.update(data, off, len);
    return md.digest();
  }

  /**
   * Returns a fresh SHA-256 digest.
   *
   * @return the digest
   */
  public static MessageDigest sha256() {
    try {
      // Cloning skips the provider lookup of getInstance, which showed in cold-verification profiles.
      return (MessageDigest) SHA256_PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
