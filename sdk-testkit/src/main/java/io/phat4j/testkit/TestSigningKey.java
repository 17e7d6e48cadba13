package io.phat4j.testkit;

import io.phat4j.core.CryptoException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * A P-256 signing key of the test PKI (CA key, TCB signing key, PCK key or attestation key).
 *
 * <p>Keys are derived from a seed and a label, so the same seed always gives the same keys.
 * Signatures are ECDSA over SHA-256 with deterministic nonces (RFC 6979), so the same key and
 * message always give the same signature. Immutable and thread-safe. {@code toString()} shows
 * the label and the public key only; the private scalar never leaves this object.
 */
public final class TestSigningKey {
  private static final ECNamedDomainParameters P256 =
      ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);

  private final String label;
  private final ECPrivateKeyParameters privateKey;
  private final ECPublicKeyParameters publicKey;

  private TestSigningKey(String label, BigInteger d) {
    this.label = label;
    this.privateKey = new ECPrivateKeyParameters(d, P256);
    ECPoint q = P256.getG().multiply(d).normalize();
    this.publicKey = new ECPublicKeyParameters(q, P256);
  }

  /**
   * Derives a key from a seed and a label: the scalar is SHA-256(seed ‖ 0x00 ‖ label ‖ counter)
   * reduced into [1, n-1].
   *
   * @param seed the secret seed of the PKI
   * @param label what the key is for (e.g. {@code "root-ca"}); different labels give independent keys
   * @return the key
   */
  public static TestSigningKey derive(byte[] seed, String label) {
    BigInteger n = P256.getN();
    for (int counter = 0; ; counter++) {
      MessageDigest sha = sha256();
      sha.update(seed);
      sha.update((byte) 0);
      sha.update(label.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) counter);
      BigInteger d = new BigInteger(1, sha.digest());
      if (d.signum() > 0 && d.compareTo(n) < 0) {
        return new TestSigningKey(label, d);
      }
    }
  }

  /**
   * Returns the label the key was derived with.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Returns the public key as the 64-byte raw point X ‖ Y (big-endian, no {@code 0x04} prefix), the
   * encoding of the attestation key inside a quote.
   *
   * @return a fresh 64-byte array
   */
  public byte[] publicKeyRaw() {
    ECPoint q = publicKey.getQ();
    byte[] out = new byte[64];
    BigIntegers.asUnsignedByteArray(q.getAffineXCoord().toBigInteger(), out, 0, 32);
    BigIntegers.asUnsignedByteArray(q.getAffineYCoord().toBigInteger(), out, 32, 32);
    return out;
  }

  /**
   * Returns the public key as an X.509 SubjectPublicKeyInfo (named curve P-256).
   *
   * @return the key info, as put into certificates
   */
  public SubjectPublicKeyInfo subjectPublicKeyInfo() {
    try {
      return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey);
    } catch (IOException e) {
      throw new CryptoException("cannot encode the public key of " + label, e);
    }
  }

  /**
   * Returns the public key as a JCA key.
   *
   * @return the EC public key
   */
  public PublicKey publicKey() {
    try {
      return KeyFactory.getInstance("EC")
          .generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo().getEncoded(ASN1Encoding.DER)));
    } catch (GeneralSecurityException | IOException e) {
      throw new CryptoException("cannot convert the public key of " + label, e);
    }
  }

  /**
   * Signs SHA-256(message) and returns the raw 64-byte signature r ‖ s (each 32 bytes, big-endian),
   * the encoding used in quotes and in collateral JSON.
   *
   * @param message the bytes to sign
   * @return a fresh 64-byte array
   */
  public byte[] signRaw(byte[] message) {
    BigInteger[] rs = sign(message);
    byte[] out = new byte[64];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
    BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
    return out;
  }

  /**
   * Signs SHA-256(message) and returns the DER {@code SEQUENCE { r, s }}, the encoding used in
   * X.509 certificates and CRLs.
   *
   * @param message the bytes to sign
   * @return the DER signature
   */
  public byte[] signDer(byte[] message) {
    BigInteger[] rs = sign(message);
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(rs[0]));
    v.add(new ASN1Integer(rs[1]));
    try {
      return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new CryptoException("cannot encode a signature of " + label, e);
    }
  }

  private BigInteger[] sign(byte[] message) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, privateKey);
    return signer.generateSignature(sha256().digest(message));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new CryptoException("SHA-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "TestSigningKey[" + label + ", public=" + io.phat4j.core.Hex.encode(publicKeyRaw()) + "]";
  }
}
