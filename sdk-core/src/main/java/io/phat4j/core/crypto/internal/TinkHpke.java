package io.phat4j.core.crypto.internal;

import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.internal.HpkeAead;
import com.google.crypto.tink.hybrid.internal.HpkeContext;
import com.google.crypto.tink.hybrid.internal.HpkeKdf;
import com.google.crypto.tink.hybrid.internal.HpkeKem;
import com.google.crypto.tink.hybrid.internal.HpkeKemPrivateKey;
import com.google.crypto.tink.hybrid.internal.HpkePrimitiveFactory;
import com.google.crypto.tink.util.Bytes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.GeneralSecurityException;

/**
 * The one place phat4j touches Tink's internal HPKE classes, for the suite DHKEM(X25519,
 * HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM in base mode.
 *
 * <p>Why internals: Tink's public {@code HybridEncrypt} always uses empty associated data, and the
 * base-mode sender context that takes associated data ({@code HpkeContext.createSenderContext}) is
 * package-private in Tink 1.19. It is reached by reflection here, so a Tink upgrade that changes it
 * fails loudly in one spot (and in the round-trip tests) instead of silently. The recipient side
 * uses Tink's public {@code HpkeContext.createRecipientContext}.
 */
public final class TinkHpke {
  private static final HpkeKem KEM;
  private static final HpkeKdf KDF;
  private static final HpkeAead AEAD;
  private static final Method CREATE_SENDER_CONTEXT;

  static {
    try {
      KEM = HpkePrimitiveFactory.createKem(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256);
      KDF = HpkePrimitiveFactory.createKdf(HpkeParameters.KdfId.HKDF_SHA256);
      AEAD = HpkePrimitiveFactory.createAead(HpkeParameters.AeadId.AES_256_GCM);
      CREATE_SENDER_CONTEXT =
          HpkeContext.class.getDeclaredMethod(
              "createSenderContext",
              byte[].class,
              HpkeKem.class,
              HpkeKdf.class,
              HpkeAead.class,
              byte[].class);
      CREATE_SENDER_CONTEXT.setAccessible(true);
    } catch (GeneralSecurityException | ReflectiveOperationException | RuntimeException e) {
      throw new ExceptionInInitializerError(
          "this Tink version does not provide the HPKE sender context phat4j needs: " + e);
    }
  }

  private TinkHpke() {}

  /** The result of a single-shot seal: the encapsulated key and the ciphertext with its tag. */
  public record Sealed(byte[] encapsulatedKey, byte[] ciphertext) {}

  /**
   * Single-shot base-mode seal: a fresh ephemeral key, then one AEAD encryption at sequence 0.
   *
   * @param recipientPublicKey the 32-byte X25519 key
   * @param info the HPKE info
   * @param plaintext the message
   * @param aad the associated data
   * @return the encapsulated key and ciphertext
   * @throws GeneralSecurityException if Tink rejects the key (e.g. a low-order point)
   */
  public static Sealed seal(byte[] recipientPublicKey, byte[] info, byte[] plaintext, byte[] aad)
      throws GeneralSecurityException {
    HpkeContext context;
    try {
      context = (HpkeContext) CREATE_SENDER_CONTEXT.invoke(null, recipientPublicKey, KEM, KDF, AEAD, info);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof GeneralSecurityException gse) {
        throw gse;
      }
      throw new IllegalStateException("Tink HPKE sender context failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Tink HPKE sender context is not accessible", e);
    }
    return new Sealed(context.getEncapsulatedKey(), context.seal(plaintext, aad));
  }

  /**
   * Creates a base-mode recipient context, for opening one or more messages in sequence.
   *
   * @param encapsulatedKey the sender's 32-byte encapsulated key
   * @param recipientPrivateKey the 32-byte X25519 private key
   * @param recipientPublicKey the matching public key
   * @param info the HPKE info
   * @return the context; {@code open} calls advance its sequence number
   * @throws GeneralSecurityException if Tink rejects the keys
   */
  public static HpkeContext recipientContext(
      byte[] encapsulatedKey, byte[] recipientPrivateKey, byte[] recipientPublicKey, byte[] info)
      throws GeneralSecurityException {
    HpkeKemPrivateKey key =
        new HpkeKemPrivateKey(Bytes.copyFrom(recipientPrivateKey), Bytes.copyFrom(recipientPublicKey));
    return HpkeContext.createRecipientContext(encapsulatedKey, key, KEM, KDF, AEAD, info);
  }
}
