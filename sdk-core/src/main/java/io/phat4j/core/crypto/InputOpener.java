package io.phat4j.core.crypto;

import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.crypto.internal.TinkHpke;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Opens messages sealed by {@link InputSealer} with the recipient's X25519 private key (HPKE,
 * RFC 9180, same suite, base mode, single shot), using Tink.
 *
 * <h2>WARNING</h2>
 *
 * <p>Base mode gives <b>no sender authentication</b>: a message that opens was sealed by someone
 * who knew the public key, which may be anyone.
 *
 * <p>Immutable and thread-safe.
 */
public final class InputOpener {
  private final X25519PrivateKey key;

  private InputOpener(X25519PrivateKey key) {
    this.key = key;
  }

  /**
   * Creates an opener for a private key.
   *
   * @param key the recipient's X25519 private key
   * @return the opener
   */
  public static InputOpener create(X25519PrivateKey key) {
    return new InputOpener(Objects.requireNonNull(key, "key"));
  }

  /**
   * Opens {@code enc ‖ ciphertext}.
   *
   * @param sealed the sealed bytes
   * @param info the info used when sealing
   * @param aad the associated data used when sealing
   * @return the plaintext
   * @throws DecodeException if the input is too short
   * @throws CryptoException if it does not authenticate (wrong key, info, aad, or tampered)
   */
  public byte[] open(byte[] sealed, byte[] info, byte[] aad) {
    return open(SealedInput.of(sealed), info, aad);
  }

  /**
   * Opens a sealed message.
   *
   * @param sealed the sealed message
   * @param info the info used when sealing
   * @param aad the associated data used when sealing
   * @return the plaintext
   * @throws CryptoException if it does not authenticate (wrong key, info, aad, or tampered)
   */
  public byte[] open(SealedInput sealed, byte[] info, byte[] aad) {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(aad, "aad");
    byte[] sk = key.secret().revealBytes();
    try {
      return TinkHpke.recipientContext(
              sealed.rawEncapsulatedKey(), sk, key.publicKey().rawBytes(), info)
          .open(sealed.rawCiphertext(), aad);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(
          "HPKE open failed: wrong key, info or aad, or the message was tampered with", e);
    } finally {
      Arrays.fill(sk, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "InputOpener[" + key + "]";
  }
}
