package io.phat4j.core.crypto;

import io.phat4j.core.AppId;
import io.phat4j.core.CryptoException;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.crypto.KmsSignatureException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks a dstack KMS signature over an app's env-encrypt public key, so a client knows the key it
 * is about to encrypt secrets to really comes from the KMS it trusts.
 *
 * <p>The KMS signs {@code keccak256(message)} with its secp256k1 root key, where the message is
 * {@code "dstack-env-encrypt-pubkey" ‖ ":" ‖ app_id ‖ timestamp ‖ public_key} (v1, timestamp as an
 * unsigned 64-bit big-endian unix time) or the same without the timestamp (legacy). The signature
 * is {@code r(32) ‖ s(32) ‖ v(1)}. Verification recovers the signer's public key from the signature
 * and compares it, in constant time, with the trusted KMS key; v1 signatures must also be fresh.
 *
 * <p>The recovery byte {@code v} may be 0/1 (what dstack emits) or 27/28 (the Ethereum convention,
 * which some tools produce); both mean the same recovery id. High-S signatures are accepted, since
 * malleability does not matter when the signer, not the signature, is what is checked.
 *
 * <pre>{@code
 * EnvKeySignatureVerifier verifier = EnvKeySignatureVerifier.builder()
 *     .trustedKmsKey(Secp256k1PublicKey.fromHex(kmsK256Pubkey))
 *     .build();
 * verifier.verifyV1(appId, publicKey, timestamp, signatureV1); // throws if not trusted
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvKeySignatureVerifier {
  /** Signature length: r, s and the recovery byte. */
  public static final int SIGNATURE_LENGTH = 65;

  /** Default maximum age of a v1 timestamp, as in the dstack JS SDK. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(300);

  /** Default tolerance for a v1 timestamp in the future. */
  public static final Duration DEFAULT_FUTURE_SKEW = Duration.ofSeconds(60);

  private final Secp256k1PublicKey trustedKmsKey;
  private final Duration maxAge;
  private final Duration futureSkew;
  private final Clock clock;

  private EnvKeySignatureVerifier(Builder b) {
    this.trustedKmsKey = Objects.requireNonNull(b.trustedKmsKey, "trustedKmsKey is required");
    this.maxAge = b.maxAge;
    this.futureSkew = b.futureSkew;
    this.clock = b.clock;
  }

  /**
   * Starts a builder. {@link Builder#trustedKmsKey} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a v1 signature: well formed, timestamp within the allowed window, signer is the
   * trusted KMS key.
   *
   * @param appId the app id
   * @param publicKey the env-encrypt public key that was signed
   * @param timestampSeconds the signed unix time
   * @param signature the 65-byte {@code signature_v1}
   * @return the recovered signer, equal to the trusted key
   * @throws KmsSignatureException with reason MALFORMED, STALE, FUTURE, INVALID or NOT_TRUSTED
   */
  public Secp256k1PublicKey verifyV1(
      AppId appId, X25519PublicKey publicKey, long timestampSeconds, byte[] signature) {
    return verifyV1(appId.toByteArray(), publicKey, timestampSeconds, signature);
  }

  /**
   * Verifies a v1 signature for a raw app id.
   *
   * @param appId the app id bytes, as decoded from its hex (usually 20 bytes)
   * @param publicKey the env-encrypt public key that was signed
   * @param timestampSeconds the signed unix time
   * @param signature the 65-byte {@code signature_v1}
   * @return the recovered signer, equal to the trusted key
   * @throws KmsSignatureException with reason MALFORMED, STALE, FUTURE, INVALID or NOT_TRUSTED
   */
  public Secp256k1PublicKey verifyV1(
      byte[] appId, X25519PublicKey publicKey, long timestampSeconds, byte[] signature) {
    checkShape(signature);
    checkFreshness(timestampSeconds);
    return checkTrusted(recoverSignerV1(appId, publicKey, timestampSeconds, signature));
  }

  /**
   * Verifies a legacy signature (no timestamp, so no freshness check: a legacy signature stays
   * valid forever; prefer v1 when the KMS provides it).
   *
   * @param appId the app id
   * @param publicKey the env-encrypt public key that was signed
   * @param signature the 65-byte legacy {@code signature}
   * @return the recovered signer, equal to the trusted key
   * @throws KmsSignatureException with reason MALFORMED, INVALID or NOT_TRUSTED
   */
  public Secp256k1PublicKey verifyLegacy(AppId appId, X25519PublicKey publicKey, byte[] signature) {
    return verifyLegacy(appId.toByteArray(), publicKey, signature);
  }

  /**
   * Verifies a legacy signature for a raw app id.
   *
   * @param appId the app id bytes
   * @param publicKey the env-encrypt public key that was signed
   * @param signature the 65-byte legacy {@code signature}
   * @return the recovered signer, equal to the trusted key
   * @throws KmsSignatureException with reason MALFORMED, INVALID or NOT_TRUSTED
   */
  public Secp256k1PublicKey verifyLegacy(byte[] appId, X25519PublicKey publicKey, byte[] signature) {
    return checkTrusted(recoverSignerLegacy(appId, publicKey, signature));
  }

  /**
   * Recovers who signed a v1 message, without any trust or freshness check.
   *
   * <p>Recovering alone proves nothing: every well-formed signature recovers to <em>some</em> key.
   * The result means something only once it is compared with a key you trust; use
   * {@link #verifyV1} for that.
   *
   * @param appId the app id bytes
   * @param publicKey the env-encrypt public key that was signed
   * @param timestampSeconds the signed unix time
   * @param signature the 65-byte signature
   * @return the signer's public key
   * @throws KmsSignatureException with reason MALFORMED or INVALID
   */
  public static Secp256k1PublicKey recoverSignerV1(
      byte[] appId, X25519PublicKey publicKey, long timestampSeconds, byte[] signature) {
    checkAppId(appId);
    return recover(EnvKeyMessage.v1(appId, publicKey, timestampSeconds), signature);
  }

  /**
   * Recovers who signed a legacy message, without any trust check. As with
   * {@link #recoverSignerV1}, the result proves nothing on its own.
   *
   * @param appId the app id bytes
   * @param publicKey the env-encrypt public key that was signed
   * @param signature the 65-byte signature
   * @return the signer's public key
   * @throws KmsSignatureException with reason MALFORMED or INVALID
   */
  public static Secp256k1PublicKey recoverSignerLegacy(
      byte[] appId, X25519PublicKey publicKey, byte[] signature) {
    checkAppId(appId);
    return recover(EnvKeyMessage.legacy(appId, publicKey), signature);
  }

  /**
   * Recovers who signed a v1 message for a typed app id; see
   * {@link #recoverSignerV1(byte[], X25519PublicKey, long, byte[])}. Proves nothing on its own.
   *
   * @param appId the app id
   * @param publicKey the env-encrypt public key that was signed
   * @param timestampSeconds the signed unix time
   * @param signature the 65-byte signature
   * @return the signer's public key
   * @throws KmsSignatureException with reason MALFORMED or INVALID
   */
  public static Secp256k1PublicKey recoverSignerV1(
      AppId appId, X25519PublicKey publicKey, long timestampSeconds, byte[] signature) {
    return recoverSignerV1(appId.toByteArray(), publicKey, timestampSeconds, signature);
  }

  /**
   * Recovers who signed a legacy message for a typed app id. Proves nothing on its own.
   *
   * @param appId the app id
   * @param publicKey the env-encrypt public key that was signed
   * @param signature the 65-byte signature
   * @return the signer's public key
   * @throws KmsSignatureException with reason MALFORMED or INVALID
   */
  public static Secp256k1PublicKey recoverSignerLegacy(
      AppId appId, X25519PublicKey publicKey, byte[] signature) {
    return recoverSignerLegacy(appId.toByteArray(), publicKey, signature);
  }

  private static void checkAppId(byte[] appId) {
    if (appId == null || appId.length == 0) {
      throw new KmsSignatureException(Reason.MALFORMED, "app_id is empty");
    }
  }

  private static void checkShape(byte[] signature) {
    toSignature(signature);
  }

  private static RecoverableSignature toSignature(byte[] signature) {
    try {
      return RecoverableSignature.of(signature);
    } catch (InvalidInputException e) {
      throw new KmsSignatureException(Reason.MALFORMED, e.getMessage());
    }
  }

  private static Secp256k1PublicKey recover(byte[] message, byte[] signature) {
    return recoverFromDigest(EnvKeyMessage.keccak256(message), signature);
  }

  /** Signer recovery over a 32-byte digest: the step Wycheproof's secp256k1 vectors exercise. */
  static Secp256k1PublicKey recoverFromDigest(byte[] digest, byte[] signature) {
    RecoverableSignature sig = toSignature(signature);
    try {
      return sig.recover(digest);
    } catch (CryptoException e) {
      throw new KmsSignatureException(Reason.INVALID, e.getMessage());
    }
  }

  private void checkFreshness(long timestampSeconds) {
    long now = clock.instant().getEpochSecond();
    // A timestamp with the top bit set is a u64 far in the future.
    if (timestampSeconds < 0 || timestampSeconds - now > futureSkew.toSeconds()) {
      throw new KmsSignatureException(
          Reason.FUTURE,
          "signature timestamp "
              + Long.toUnsignedString(timestampSeconds)
              + " is more than "
              + futureSkew.toSeconds()
              + " s in the future (now "
              + now
              + ")");
    }
    if (now - timestampSeconds > maxAge.toSeconds()) {
      throw new KmsSignatureException(
          Reason.STALE,
          "signature timestamp "
              + timestampSeconds
              + " is older than "
              + maxAge.toSeconds()
              + " s (now "
              + now
              + ")");
    }
  }

  private Secp256k1PublicKey checkTrusted(Secp256k1PublicKey recovered) {
    if (!trustedKmsKey.equals(recovered)) {
      throw new KmsSignatureException(
          Reason.NOT_TRUSTED,
          "signature was made by "
              + recovered.compressedHex0x()
              + ", not by the trusted KMS key "
              + trustedKmsKey.compressedHex0x());
    }
    return recovered;
  }

  @Override
  public String toString() {
    return "EnvKeySignatureVerifier[trusted="
        + trustedKmsKey.compressedHex0x()
        + ", maxAge="
        + maxAge
        + ", futureSkew="
        + futureSkew
        + "]";
  }

  /** Builds an {@link EnvKeySignatureVerifier}. Not thread-safe; the result is. */
  public static final class Builder {
    private @Nullable Secp256k1PublicKey trustedKmsKey;
    private Duration maxAge = DEFAULT_MAX_AGE;
    private Duration futureSkew = DEFAULT_FUTURE_SKEW;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the KMS root key that signatures must come from (required), e.g. the on-chain
     * {@code DstackKms.kmsInfo().k256Pubkey} or a pinned value.
     *
     * @param key the trusted key
     * @return this builder
     */
    public Builder trustedKmsKey(Secp256k1PublicKey key) {
      this.trustedKmsKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Sets how old a v1 timestamp may be. Default {@link #DEFAULT_MAX_AGE} (300 s).
     *
     * @param maxAge a non-negative duration
     * @return this builder
     */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = nonNegative("maxAge", maxAge);
      return this;
    }

    /**
     * Sets how far in the future a v1 timestamp may be, to allow for clock skew. Default
     * {@link #DEFAULT_FUTURE_SKEW} (60 s).
     *
     * @param futureSkew a non-negative duration
     * @return this builder
     */
    public Builder futureSkew(Duration futureSkew) {
      this.futureSkew = nonNegative("futureSkew", futureSkew);
      return this;
    }

    /**
     * Sets the clock used for freshness checks. Default: the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws NullPointerException if no trusted key was set
     */
    public EnvKeySignatureVerifier build() {
      return new EnvKeySignatureVerifier(this);
    }

    private static Duration nonNegative(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
    }
  }
}
