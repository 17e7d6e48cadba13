package io.phat4j.core.dstack.guest;

import io.phat4j.core.AppId;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.crypto.RecoverableSignature;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.dstack.guest.SignatureChainException.Reason;
import io.phat4j.core.dstack.guest.internal.ChainMessages;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Sign;

/**
 * Checks dstack key signature chains locally, up to a KMS root key the caller trusts. This replaces
 * the guest agent's {@code Verify} RPC, which dstack 0.6 removed, and lets a relying party outside
 * the CVM check a key it was shown.
 *
 * <p>The links, each a recoverable secp256k1 signature {@code r ‖ s ‖ v} over keccak256 of:
 *
 * <ul>
 *   <li>{@link ChainLink#APP_KEY_SIGNATURE}, by the app root key: for v0, {@code purpose ":"
 *       hex(public key)}; for v1, {@code LP("dstack-guest-v1-key-claim") ‖ LP(algorithm) ‖
 *       LP(domain) ‖ LP(public key)} with {@code LP(x) = u32_be(len(x)) ‖ x}. The public key is
 *       SEC1 compressed for secp256k1 and raw for Ed25519.
 *   <li>{@link ChainLink#KMS_SIGNATURE}, by the KMS root key: {@code "dstack-kms-issued" ":" ‖
 *       app_id ‖ SEC1-compressed app root key}.
 * </ul>
 *
 * <p>Verification recovers the app root key from the key link, rebuilds the KMS message with it and
 * the app id, recovers the signer of the KMS link and compares it, in constant time, with the
 * trusted key. A {@code Sign} result adds {@link ChainLink#DATA_SIGNATURE}: the data signature is
 * checked against the public key first. Every failure is a {@link SignatureChainException} naming
 * the link; nothing is accepted by default.
 *
 * <p>Where the trusted key comes from carries the security of the check: read {@code
 * DstackKms.kmsInfo().k256Pubkey} from the chain or pin the value, never take it from the agent
 * being checked. The app id binds the chain to <em>your</em> app; a chain verified under another
 * app id only proves the KMS issued the key to that other app.
 *
 * <p>Immutable and thread-safe.
 */
public final class SignatureChainVerifier {
  private static final ECDomainParameters SECP256K1 =
      new ECDomainParameters(
          Sign.CURVE_PARAMS.getCurve(),
          Sign.CURVE_PARAMS.getG(),
          Sign.CURVE_PARAMS.getN(),
          Sign.CURVE_PARAMS.getH());

  private final Secp256k1PublicKey trustedKmsKey;
  private final boolean requireLowS;

  private SignatureChainVerifier(Builder builder) {
    this.trustedKmsKey = Objects.requireNonNull(builder.trustedKmsKey, "trustedKmsKey is required");
    this.requireLowS = builder.requireLowS;
  }

  /**
   * Starts a builder; {@link Builder#trustedKmsKey} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a verifier trusting one KMS root key, rejecting high-S signatures.
   *
   * @param trustedKmsKey the KMS root key
   * @return the verifier
   */
  public static SignatureChainVerifier trusting(Secp256k1PublicKey trustedKmsKey) {
    return builder().trustedKmsKey(trustedKmsKey).build();
  }

  /**
   * Verifies the chain of a v0 {@code GetKey} result.
   *
   * @param key the result
   * @param appId the app the key must belong to
   * @return the verified chain
   * @throws SignatureChainException naming the failing link
   */
  public VerifiedKeyChain verify(DerivedKey key, AppId appId) {
    return verifyKeyV0(key.publicKey(), key.purpose(), key.signatureChain(), appId);
  }

  /**
   * Verifies the chain of a v1 {@code GetKey} result.
   *
   * @param key the result
   * @param appId the app the key must belong to
   * @return the verified chain
   * @throws SignatureChainException naming the failing link
   */
  public VerifiedKeyChain verify(DerivedKeyV1 key, AppId appId) {
    return verifyKeyV1(key.publicKey(), key.algorithm(), key.domain(), key.signatureChain(), appId);
  }

  /**
   * Verifies a v0 {@code Sign} result: the data signature, then its three-link chain.
   *
   * @param result the result
   * @param data the data that was signed (for prehashed, the 32-byte digest)
   * @param appId the app the key must belong to
   * @return the verified chain
   * @throws SignatureChainException naming the failing link
   */
  public VerifiedKeyChain verify(SignResult result, byte[] data, AppId appId) {
    return verifySignature(
        result.algorithm(),
        data,
        result.signature(),
        result.publicKey(),
        result.signatureChain(),
        appId);
  }

  /**
   * Verifies a v0 key someone presented: public key, purpose and chain as {@code GetKey} returned
   * them.
   *
   * @param publicKey the derived public key (33-byte compressed secp256k1 or 32-byte Ed25519)
   * @param purpose the purpose the key was requested with
   * @param signatureChain {@code [app key link, KMS link]}
   * @param appId the app the key must belong to
   * @return the verified chain
   * @throws SignatureChainException naming the failing link
   */
  public VerifiedKeyChain verifyKeyV0(
      byte[] publicKey, String purpose, List<byte[]> signatureChain, AppId appId) {
    Objects.requireNonNull(purpose, "purpose");
    checkLength(signatureChain, 2);
    return verifyFromKeyLink(
        ChainMessages.v0KeyClaimDigest(purpose, publicKey),
        signatureChain.get(0),
        signatureChain.get(1),
        publicKey,
        appId);
  }

  /**
   * Verifies a v1 key someone presented.
   *
   * @param publicKey the derived public key, as {@code GetKey} returned it
   * @param algorithm the algorithm it was requested with
   * @param domain the domain it was requested with
   * @param signatureChain {@code [app key link, KMS link]}
   * @param appId the app the key must belong to
   * @return the verified chain
   * @throws SignatureChainException naming the failing link
   */
  public VerifiedKeyChain verifyKeyV1(
      byte[] publicKey,
      KeyAlgorithm algorithm,
      String domain,
      List<byte[]> signatureChain,
      AppId appId) {
    checkLength(signatureChain, 2);
    return verifyFromKeyLink(
        ChainMessages.v1KeyClaimDigest(algorithm, domain, publicKey),
        signatureChain.get(0),
        signatureChain.get(1),
        publicKey,
        appId);
  }

  /**
   * Verifies a {@code Sign} signature someone presented, with its three-link chain.
   *
   * @param algorithm the algorithm it was made with
   * @param data the signed data (for prehashed, the 32-byte digest)
   * @param signature the 64-byte signature
   * @param publicKey the signing public key
   * @param signatureChain {@code [signature, app key link, KMS link]}
   * @param appId the app the key must belong to
   * @return the verified chain
   * @throws SignatureChainException naming the failing link
   */
  public VerifiedKeyChain verifySignature(
      SignAlgorithm algorithm,
      byte[] data,
      byte[] signature,
      byte[] publicKey,
      List<byte[]> signatureChain,
      AppId appId) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(data, "data");
    checkLength(signatureChain, 3);
    if (!MessageDigest.isEqual(signatureChain.get(0), signature)) {
      throw new SignatureChainException(
          ChainLink.DATA_SIGNATURE, Reason.INVALID, "chain[0] is not the returned signature");
    }
    checkDataSignature(algorithm, data, signature, publicKey);
    // Sign uses the key GetKey derives at path "vms" with purpose "signing".
    return verifyFromKeyLink(
        ChainMessages.v0KeyClaimDigest("signing", publicKey),
        signatureChain.get(1),
        signatureChain.get(2),
        publicKey,
        appId);
  }

  private VerifiedKeyChain verifyFromKeyLink(
      byte[] claimDigest, byte[] keyLink, byte[] kmsLink, byte[] publicKey, AppId appId) {
    Objects.requireNonNull(appId, "appId");
    Secp256k1PublicKey appRootKey = recover(ChainLink.APP_KEY_SIGNATURE, keyLink, claimDigest);
    Secp256k1PublicKey kmsKey =
        recover(
            ChainLink.KMS_SIGNATURE,
            kmsLink,
            ChainMessages.kmsIssuedDigest(appId.toByteArray(), appRootKey.compressed()));
    if (!trustedKmsKey.equals(kmsKey)) {
      // A different app id or app root key also lands here: the rebuilt message differs, so the
      // recovered signer is some unrelated key.
      throw new SignatureChainException(
          ChainLink.KMS_SIGNATURE,
          Reason.NOT_TRUSTED,
          "signed by "
              + kmsKey.compressedHex0x()
              + ", not by the trusted KMS key "
              + trustedKmsKey.compressedHex0x()
              + " for app "
              + appId);
    }
    return new VerifiedKeyChain(appId, appRootKey, kmsKey, Hex.encode(publicKey));
  }

  private Secp256k1PublicKey recover(ChainLink link, byte[] encoded, byte[] digest) {
    RecoverableSignature signature;
    try {
      signature = RecoverableSignature.of(encoded);
    } catch (InvalidInputException e) {
      throw new SignatureChainException(link, Reason.MALFORMED, e.getMessage());
    }
    if (requireLowS && !signature.isLowS()) {
      throw new SignatureChainException(link, Reason.HIGH_S, "s is above n/2");
    }
    try {
      return signature.recover(digest);
    } catch (CryptoException e) {
      throw new SignatureChainException(link, Reason.INVALID, e.getMessage());
    }
  }

  private void checkDataSignature(
      SignAlgorithm algorithm, byte[] data, byte[] signature, byte[] publicKey) {
    if (signature.length != 64) {
      throw new SignatureChainException(
          ChainLink.DATA_SIGNATURE,
          Reason.MALFORMED,
          "signature must be 64 bytes, got " + signature.length);
    }
    boolean valid =
        switch (algorithm) {
          case ED25519 -> ed25519(data, signature, publicKey);
          case SECP256K1 -> ecdsa(sha256(data), signature, publicKey);
          case SECP256K1_PREHASHED -> {
            if (data.length != 32) {
              throw new SignatureChainException(
                  ChainLink.DATA_SIGNATURE,
                  Reason.MALFORMED,
                  "prehashed data must be a 32-byte digest, got " + data.length + " bytes");
            }
            yield ecdsa(data, signature, publicKey);
          }
        };
    if (!valid) {
      throw new SignatureChainException(
          ChainLink.DATA_SIGNATURE,
          Reason.INVALID,
          algorithm.wireName() + " signature does not verify under the returned public key");
    }
  }

  private static boolean ed25519(byte[] data, byte[] signature, byte[] publicKey) {
    if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new SignatureChainException(
          ChainLink.DATA_SIGNATURE,
          Reason.MALFORMED,
          "Ed25519 public key must be 32 bytes, got " + publicKey.length);
    }
    Ed25519Signer verifier = new Ed25519Signer();
    try {
      verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    } catch (IllegalArgumentException e) {
      return false;
    }
    verifier.update(data, 0, data.length);
    return verifier.verifySignature(signature);
  }

  private boolean ecdsa(byte[] digest, byte[] signature, byte[] publicKey) {
    Secp256k1PublicKey key;
    try {
      key = Secp256k1PublicKey.of(publicKey);
    } catch (DecodeException e) {
      throw new SignatureChainException(ChainLink.DATA_SIGNATURE, Reason.MALFORMED, e.getMessage());
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    BigInteger n = SECP256K1.getN();
    if (r.signum() == 0 || r.compareTo(n) >= 0 || s.signum() == 0 || s.compareTo(n) >= 0) {
      throw new SignatureChainException(
          ChainLink.DATA_SIGNATURE, Reason.MALFORMED, "r or s is out of range [1, n-1]");
    }
    if (requireLowS && s.compareTo(n.shiftRight(1)) > 0) {
      throw new SignatureChainException(ChainLink.DATA_SIGNATURE, Reason.HIGH_S, "s is above n/2");
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(
        false,
        new ECPublicKeyParameters(SECP256K1.getCurve().decodePoint(key.uncompressed()), SECP256K1));
    return verifier.verifySignature(digest, r, s);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private static void checkLength(@Nullable List<byte[]> chain, int required) {
    Objects.requireNonNull(chain, "signatureChain");
    if (chain.size() < required) {
      ChainLink missing =
          required == 3 && chain.isEmpty()
              ? ChainLink.DATA_SIGNATURE
              : chain.size() < required - 1 ? ChainLink.APP_KEY_SIGNATURE : ChainLink.KMS_SIGNATURE;
      throw new SignatureChainException(
          missing,
          Reason.MISSING,
          "chain has " + chain.size() + " links, " + required + " required");
    }
    for (int i = 0; i < chain.size(); i++) {
      Objects.requireNonNull(chain.get(i), "signatureChain[" + i + "]");
    }
  }

  @Override
  public String toString() {
    return "SignatureChainVerifier[trusted="
        + trustedKmsKey.compressedHex0x()
        + (requireLowS ? ", lowS" : "")
        + "]";
  }

  /** Builds a {@link SignatureChainVerifier}. Not thread-safe; the result is. */
  public static final class Builder {
    private @Nullable Secp256k1PublicKey trustedKmsKey;
    private boolean requireLowS = true;

    private Builder() {}

    /**
     * Sets the KMS root key chains must end in (required): {@code DstackKms.kmsInfo().k256Pubkey}
     * or a pinned value.
     *
     * @param key the trusted key
     * @return this builder
     */
    public Builder trustedKmsKey(Secp256k1PublicKey key) {
      this.trustedKmsKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Sets whether signatures with a high S value are rejected. Default {@code true}: dstack only
     * emits low S, and the v1 specification requires the check.
     *
     * @param requireLowS whether to reject high S
     * @return this builder
     */
    public Builder requireLowS(boolean requireLowS) {
      this.requireLowS = requireLowS;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws NullPointerException if no trusted key was set
     */
    public SignatureChainVerifier build() {
      return new SignatureChainVerifier(this);
    }
  }
}
