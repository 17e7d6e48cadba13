package io.phat4j.core.crypto;

import io.phat4j.core.CryptoException;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Sign;

/**
 * A recoverable secp256k1 ECDSA signature {@code r(32) ‖ s(32) ‖ v(1)}, the form dstack's KMS
 * and guest agent use for every signature a verifier has to trace back to a key.
 *
 * <p>The recovery byte {@code v} may be 0/1 (what dstack emits) or 27/28 (the Ethereum
 * convention); both name the same recovery id. {@link #of} checks the shape and that r and s lie
 * in {@code [1, n-1]}; it does not reject high-S values, which callers may do with {@link
 * #isLowS()} where a rule asks for it.
 *
 * <p>Recovering a key proves nothing on its own: every well-formed signature recovers to
 * <em>some</em> key. Compare the result with a key you trust.
 *
 * <p>Immutable and thread-safe. {@code toString()} prints the hex signature, which is public data.
 */
public final class RecoverableSignature {
  /** Encoded length: r, s and the recovery byte. */
  public static final int LENGTH = 65;

  private static final BigInteger ORDER = Sign.CURVE_PARAMS.getN();
  private static final BigInteger HALF_ORDER = ORDER.shiftRight(1);

  private final byte[] bytes;
  private final BigInteger r;
  private final BigInteger s;
  private final int recoveryId;

  private RecoverableSignature(byte[] bytes, BigInteger r, BigInteger s, int recoveryId) {
    this.bytes = bytes;
    this.r = r;
    this.s = s;
    this.recoveryId = recoveryId;
  }

  /**
   * Checks and wraps a copy of a 65-byte signature.
   *
   * @param signature {@code r ‖ s ‖ v}
   * @return the signature
   * @throws InvalidInputException if the length is not 65, v is not 0, 1, 27 or 28, or r or s is
   *     outside {@code [1, n-1]}; the message says which
   */
  public static RecoverableSignature of(byte[] signature) {
    if (signature == null || signature.length != LENGTH) {
      throw new InvalidInputException(
          "signature must be "
              + LENGTH
              + " bytes (r, s, v), got "
              + (signature == null ? "null" : signature.length + " bytes"));
    }
    int v = signature[64] & 0xff;
    int recoveryId;
    if (v == 0 || v == 1) {
      recoveryId = v;
    } else if (v == 27 || v == 28) {
      recoveryId = v - 27;
    } else {
      throw new InvalidInputException(
          "signature recovery byte v must be 0, 1, 27 or 28, got " + v);
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    if (r.signum() == 0 || r.compareTo(ORDER) >= 0 || s.signum() == 0 || s.compareTo(ORDER) >= 0) {
      throw new InvalidInputException("signature r or s is out of range [1, n-1]");
    }
    return new RecoverableSignature(signature.clone(), r, s, recoveryId);
  }

  /**
   * Signs a 32-byte digest deterministically (RFC 6979) with low S, and sets v to the recovery id
   * 0 or 1, as dstack does.
   *
   * @param key the signing key
   * @param digest the 32-byte digest (dstack signs keccak256 of its messages)
   * @return the signature
   * @throws InvalidInputException if the digest is not 32 bytes
   */
  public static RecoverableSignature sign(Secp256k1PrivateKey key, byte[] digest) {
    Objects.requireNonNull(key, "key");
    checkDigest(digest);
    Sign.SignatureData sig = Sign.signMessage(digest, key.toWeb3jKeyPair(), false);
    byte[] out = new byte[LENGTH];
    System.arraycopy(sig.getR(), 0, out, 0, 32);
    System.arraycopy(sig.getS(), 0, out, 32, 32);
    // web3j encodes the recovery id as 27/28 (Ethereum style); dstack uses 0/1.
    out[64] = (byte) (sig.getV()[0] - 27);
    return of(out);
  }

  /**
   * Recovers the public key that made this signature over {@code digest}.
   *
   * @param digest the 32-byte digest that was signed
   * @return the signer's key
   * @throws InvalidInputException if the digest is not 32 bytes
   * @throws CryptoException if no key can be recovered (the signature cannot be valid for any key)
   */
  public Secp256k1PublicKey recover(byte[] digest) {
    checkDigest(digest);
    BigInteger key;
    try {
      key = Sign.recoverFromSignature(recoveryId, new ECDSASignature(r, s), digest);
    } catch (RuntimeException e) {
      key = null;
    }
    if (key == null) {
      throw new CryptoException("no public key can be recovered from the signature");
    }
    return Secp256k1PublicKey.fromWeb3jInteger(key);
  }

  /**
   * Tells whether s is in the lower half of the group order, the canonical form dstack emits.
   *
   * @return {@code true} if {@code s ≤ n/2}
   */
  public boolean isLowS() {
    return s.compareTo(HALF_ORDER) <= 0;
  }

  /**
   * Returns the recovery id.
   *
   * @return 0 or 1
   */
  public int recoveryId() {
    return recoveryId;
  }

  /**
   * Returns the 65 bytes as given (v unchanged).
   *
   * @return a fresh array
   */
  public byte[] toBytes() {
    return bytes.clone();
  }

  private static void checkDigest(byte[] digest) {
    if (digest == null || digest.length != 32) {
      throw new InvalidInputException(
          "digest must be 32 bytes, got " + (digest == null ? "null" : digest.length + " bytes"));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecoverableSignature other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return Hex.encode(bytes);
  }
}
