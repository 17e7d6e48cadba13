package io.phat4j.core.crypto;

import io.phat4j.core.CryptoException;
import io.phat4j.core.crypto.internal.TinkHpke;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Seals a message to an enclave's X25519 key with HPKE (RFC 9180), using Tink.
 *
 * <p>The suite is fixed: KEM DHKEM(X25519, HKDF-SHA256) ({@value #KEM_ID}), KDF HKDF-SHA256
 * ({@value #KDF_ID}), AEAD AES-256-GCM ({@value #AEAD_ID}), base mode, single shot (one message
 * per encapsulation, sequence number 0). {@code info} binds the message to an application context;
 * {@code aad} is authenticated but not encrypted. Both must be given again, unchanged, to open.
 *
 * <pre>{@code
 * SealedInput sealed = InputSealer.create(enclaveKey).seal(prompt, info, aad);
 * send(sealed.toByteArray());
 * }</pre>
 *
 * <h2>WARNING</h2>
 *
 * <p>Base mode gives <b>no sender authentication</b>: anyone who has the recipient's public key can
 * seal a message that opens correctly. Confidentiality and integrity hold against parties without
 * the recipient's private key (IND-CCA2); who sent the message must be established another way.
 *
 * <p>Immutable and thread-safe.
 */
public final class InputSealer {
  /** RFC 9180 KEM id of DHKEM(X25519, HKDF-SHA256). */
  public static final int KEM_ID = 0x0020;

  /** RFC 9180 KDF id of HKDF-SHA256. */
  public static final int KDF_ID = 0x0001;

  /** RFC 9180 AEAD id of AES-256-GCM. */
  public static final int AEAD_ID = 0x0002;

  private final X25519PublicKey recipient;

  private InputSealer(X25519PublicKey recipient) {
    this.recipient = recipient;
  }

  /**
   * Creates a sealer for a recipient key.
   *
   * @param recipient the enclave's X25519 public key
   * @return the sealer
   */
  public static InputSealer create(X25519PublicKey recipient) {
    return new InputSealer(Objects.requireNonNull(recipient, "recipient"));
  }

  /**
   * Seals a message with a fresh ephemeral key.
   *
   * @param plaintext the message
   * @param info the HPKE info (context binding); may be empty
   * @param aad associated data authenticated with the message; may be empty
   * @return {@code enc} and the ciphertext
   * @throws CryptoException if the recipient key is rejected (e.g. a low-order point)
   */
  public SealedInput seal(byte[] plaintext, byte[] info, byte[] aad) {
    try {
      TinkHpke.Sealed s =
          TinkHpke.seal(
              recipient.rawBytes(),
              Objects.requireNonNull(info, "info"),
              Objects.requireNonNull(plaintext, "plaintext"),
              Objects.requireNonNull(aad, "aad"));
      return SealedInput.of(s.encapsulatedKey(), s.ciphertext());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("HPKE seal failed: the recipient public key was rejected", e);
    }
  }

  /**
   * Returns the recipient key.
   *
   * @return the enclave's public key
   */
  public X25519PublicKey recipient() {
    return recipient;
  }

  @Override
  public String toString() {
    return "InputSealer[recipient=" + recipient.hex() + "]";
  }
}
