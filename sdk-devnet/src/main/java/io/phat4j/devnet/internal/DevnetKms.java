package io.phat4j.devnet.internal;

import io.phat4j.core.AppId;
import io.phat4j.core.CryptoException;
import io.phat4j.core.crypto.EnvKeySigner;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.crypto.X25519PrivateKey;
import io.phat4j.core.crypto.X25519PublicKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import io.phat4j.core.crypto.RecoverableSignature;
import io.phat4j.core.dstack.guest.GuestKeyDerivation;
import io.phat4j.core.dstack.guest.KeyAlgorithm;
import io.phat4j.core.dstack.guest.SignatureChainSigner;

/**
 * The devnet KMS: one secp256k1 root key, and per-app keys derived from it.
 *
 * <p>What is dstack's and what is ours: the signed messages are dstack's (env key signatures v1
 * and legacy, the {@code dstack-kms-issued} app-key link, the v0 and v1 GetKey key links), and so
 * are the app-key and GetKey derivations ({@link GuestKeyDerivation}). The KMS root itself and the
 * env-encrypt X25519 keys are the devnet's own derivations (HMAC-SHA256 over labelled inputs):
 * dstack derives them from its KMS root CA key in ways a verifier never sees.
 *
 * <p>Immutable and thread-safe.
 */
public final class DevnetKms {
  private static final BigInteger SECP256K1_N =
      new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  private final byte[] rootSecret;
  private final Secp256k1PrivateKey root;

  /**
   * Derives the KMS root from the devnet seed.
   *
   * @param seed the devnet seed
   */
  public DevnetKms(byte[] seed) {
    this.rootSecret = scalar(hmac(seed, "phat4j-devnet/kms-root-k256"));
    this.root = Secp256k1PrivateKey.of(rootSecret);
  }

  /**
   * Returns the KMS root public key, the key clients trust.
   *
   * @return the key
   */
  public Secp256k1PublicKey rootPublicKey() {
    return root.publicKey();
  }

  /**
   * Returns the app's env-encrypt key pair (X25519).
   *
   * @param appId the app
   * @return the private key
   */
  public X25519PrivateKey envKey(AppId appId) {
    return X25519PrivateKey.of(hmac(rootSecret, "env-encrypt-key", appId.toByteArray()));
  }

  /**
   * Signs the app's env-encrypt public key the legacy way (no timestamp).
   *
   * @param appId the app
   * @return 65 bytes r ‖ s ‖ v
   */
  public byte[] envKeySignatureLegacy(AppId appId) {
    return EnvKeySigner.create(root).signLegacy(appId, envKey(appId).publicKey());
  }

  /**
   * Signs the app's env-encrypt public key the v1 way.
   *
   * @param appId the app
   * @param timestampSeconds the signing time
   * @return 65 bytes r ‖ s ‖ v
   */
  public byte[] envKeySignatureV1(AppId appId, long timestampSeconds) {
    return EnvKeySigner.create(root).signV1(appId, envKey(appId).publicKey(), timestampSeconds);
  }

  /**
   * Returns the app's env public key.
   *
   * @param appId the app
   * @return the key
   */
  public X25519PublicKey envPublicKey(AppId appId) {
    return envKey(appId).publicKey();
  }

  /**
   * Returns the app's k256 root key: dstack's KMS derivation (HKDF-SHA256 from the KMS root).
   *
   * @param appId the app
   * @return the key
   */
  public Secp256k1PrivateKey appRootKey(AppId appId) {
    return GuestKeyDerivation.appRootKey(root, appId);
  }

  /**
   * Returns the app's k256 public key.
   *
   * @param appId the app
   * @return the key
   */
  public Secp256k1PublicKey appK256PublicKey(AppId appId) {
    return appRootKey(appId).publicKey();
  }

  /**
   * Returns the KMS root's signature over the app key: keccak256("dstack-kms-issued:" ‖ app_id ‖
   * compressed app k256 public key).
   *
   * @param appId the app
   * @return 65 bytes r ‖ s ‖ v
   */
  public byte[] kmsIssuedSignature(AppId appId) {
    return SignatureChainSigner.kmsLink(root, appId, appK256PublicKey(appId)).toBytes();
  }

  /**
   * Derives a v0 GetKey key with dstack's KDF: from the app key and the path only (purpose and
   * algorithm do not enter, as in dstack 0.5).
   *
   * @param appId the app
   * @param path the key path
   * @return 32 bytes, a secp256k1 scalar and an Ed25519 seed
   */
  public byte[] deriveV0(AppId appId, String path) {
    return GuestKeyDerivation.v0(appRootKey(appId), path).revealBytes();
  }

  /**
   * Derives a v1 GetKey key with dstack 0.6's KDF (domain and algorithm enter).
   *
   * @param appId the app
   * @param domain the key domain
   * @param algorithm the algorithm
   * @return 32 bytes
   */
  public byte[] deriveV1(AppId appId, String domain, KeyAlgorithm algorithm) {
    return GuestKeyDerivation.v1(appRootKey(appId), algorithm, domain).revealBytes();
  }

  /**
   * Returns the v0 GetKey signature chain: the app key's signature over keccak256(purpose ‖ ":" ‖
   * hex(public key)), then {@link #kmsIssuedSignature}.
   *
   * @param appId the app
   * @param purpose the purpose text
   * @param publicKey the derived public key (SEC1 compressed for secp256k1, raw for Ed25519)
   * @return two 65-byte signatures
   */
  public List<byte[]> keyChain(AppId appId, String purpose, byte[] publicKey) {
    return List.of(SignatureChainSigner.v0KeyLink(appRootKey(appId), purpose, publicKey).toBytes(),
        kmsIssuedSignature(appId));
  }

  /**
   * Returns the v1 GetKey signature chain: the app key's v1 key claim, then the KMS link.
   *
   * @param appId the app
   * @param algorithm the algorithm
   * @param domain the domain
   * @param publicKey the derived public key
   * @return two 65-byte signatures
   */
  public List<byte[]> keyChainV1(AppId appId, KeyAlgorithm algorithm, String domain, byte[] publicKey) {
    return List.of(SignatureChainSigner.v1KeyLink(appRootKey(appId), algorithm, domain, publicKey).toBytes(),
        kmsIssuedSignature(appId));
  }

  /**
   * Returns the compressed secp256k1 public key of a secret.
   *
   * @param secret 32 bytes
   * @return 33 bytes
   */
  public static byte[] secp256k1Public(byte[] secret) {
    return Secp256k1PrivateKey.of(secret).publicKey().compressed();
  }

  /**
   * Returns the Ed25519 public key of a 32-byte seed.
   *
   * @param seed 32 bytes
   * @return 32 bytes
   */
  public static byte[] ed25519Public(byte[] seed) {
    return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
  }

  /**
   * Signs a 32-byte digest with secp256k1, RFC 6979, low S, recovery id 0/1.
   *
   * @param secret the private key
   * @param digest 32 bytes
   * @return 65 bytes r ‖ s ‖ v
   */
  public static byte[] sign(byte[] secret, byte[] digest) {
    return RecoverableSignature.sign(Secp256k1PrivateKey.of(secret), digest).toBytes();
  }

  /**
   * Signs a message with Ed25519.
   *
   * @param seed the 32-byte seed
   * @param message the message
   * @return 64 bytes
   */
  public static byte[] signEd25519(byte[] seed, byte[] message) {
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(seed, 0);
    byte[] out = new byte[64];
    key.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.length, out, 0);
    return out;
  }

  static byte[] hmac(byte[] key, String label, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(label.getBytes(StandardCharsets.UTF_8));
      for (byte[] p : parts) {
        mac.update((byte) 0);
        mac.update(p);
      }
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new CryptoException("HMAC-SHA256 is not available", e);
    }
  }

  /** Re-hashes until the bytes are a valid secp256k1 scalar (a 2^-128 event, but fail-safe). */
  private static byte[] scalar(byte[] candidate) {
    byte[] c = candidate;
    while (true) {
      BigInteger v = new BigInteger(1, c);
      if (v.signum() > 0 && v.compareTo(SECP256K1_N) < 0) {
        return c;
      }
      c = hmac(c, "rehash");
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  @Override
  public String toString() {
    return "DevnetKms[root=" + root.publicKey().compressedHex0x() + "]";
  }
}
