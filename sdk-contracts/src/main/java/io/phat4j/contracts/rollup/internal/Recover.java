package io.phat4j.contracts.rollup.internal;

import io.phat4j.core.CryptoException;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;

/** Public-key recovery from 65-byte {@code r ‖ s ‖ v} signatures over a keccak256 digest. */
public final class Recover {
  private Recover() {}

  /**
   * Recovers the signer of {@code keccak256(message)}; v may be 0/1 (dstack) or 27/28.
   *
   * @param what the signature's name for errors
   * @param message the signed message
   * @param signature 65 bytes
   * @return the signer's key
   */
  public static Secp256k1PublicKey signer(String what, byte[] message, byte[] signature) {
    if (signature.length != 65) {
      throw new CryptoException(what + " must be 65 bytes (r, s, v), got " + signature.length);
    }
    int v = signature[64] & 0xff;
    if (v < 27) {
      v += 27;
    }
    if (v != 27 && v != 28) {
      throw new CryptoException(what + " has an invalid recovery byte " + (signature[64] & 0xff));
    }
    try {
      BigInteger key = Sign.signedMessageHashToKey(
          Hash.sha3(message),
          new Sign.SignatureData((byte) v, Arrays.copyOfRange(signature, 0, 32), Arrays.copyOfRange(signature, 32, 64)));
      byte[] xy = org.web3j.utils.Numeric.toBytesPadded(key, 64);
      byte[] uncompressed = new byte[65];
      uncompressed[0] = 4;
      System.arraycopy(xy, 0, uncompressed, 1, 64);
      return Secp256k1PublicKey.of(uncompressed);
    } catch (SignatureException | RuntimeException e) {
      throw new CryptoException(what + " does not recover to a key", e);
    }
  }
}
