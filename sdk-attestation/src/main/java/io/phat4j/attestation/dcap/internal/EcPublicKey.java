package io.phat4j.attestation.dcap.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.jspecify.annotations.Nullable;

/**
 * A validated P-256 public key, usable by every {@link EcdsaBackend}.
 *
 * <p>The point is decoded and checked (on the curve, not infinity) once, by BouncyCastle, whatever
 * the backend: so every backend accepts and rejects exactly the same keys. A native backend may
 * attach its own parsed handle to the key, so the key is parsed natively once too; the handle
 * lives as long as the key (which the verifier's caches own).
 */
public final class EcPublicKey {
  // DER prefix of a SubjectPublicKeyInfo for an uncompressed P-256 point (id-ecPublicKey, prime256v1, BIT STRING).
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01,
    0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00
  };

  private final ECPublicKeyParameters bc;
  private final byte[] spki;
  private final AtomicReference<@Nullable Object> attachment = new AtomicReference<>();

  EcPublicKey(ECPublicKeyParameters bc) {
    this.bc = bc;
    byte[] point = bc.getQ().getEncoded(false);
    byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + point.length);
    System.arraycopy(point, 0, der, SPKI_PREFIX.length, point.length);
    this.spki = der;
  }

  /**
   * Returns the BouncyCastle form of the key.
   *
   * @return the key parameters
   */
  public ECPublicKeyParameters bouncyCastle() {
    return bc;
  }

  /**
   * Returns the key as a DER SubjectPublicKeyInfo with the uncompressed point (91 bytes).
   *
   * @return a copy of the encoding
   */
  public byte[] spki() {
    return spki.clone();
  }

  /**
   * Returns what a backend attached to this key, if anything.
   *
   * @return the attachment or {@code null}
   */
  public @Nullable Object attachment() {
    return attachment.get();
  }

  /**
   * Attaches backend state to this key unless some is already there.
   *
   * @param value the state
   * @return {@code true} if attached, {@code false} if another attachment won
   */
  public boolean attach(Object value) {
    return attachment.compareAndSet(null, value);
  }

  @Override
  public String toString() {
    return "EcPublicKey[P-256]";
  }
}
