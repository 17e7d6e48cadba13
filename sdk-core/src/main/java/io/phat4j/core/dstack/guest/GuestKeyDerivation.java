package io.phat4j.core.dstack.guest;

import io.phat4j.core.AppId;
import io.phat4j.core.SecretBytes;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.dstack.guest.internal.ChainMessages;
import io.phat4j.core.dstack.guest.internal.GuestKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The key derivations of dstack's KMS and guest agent, for simulators and tests that must produce
 * the keys a real agent would. Application code inside a CVM gets its keys from the agent instead.
 *
 * <ul>
 *   <li>{@link #appRootKey}: the KMS derives an app's k256 root key as HKDF-SHA256 with salt
 *       {@code "RATLS"}, the KMS root key as input and {@code app_id ‖ "app-key"} as info.
 *   <li>{@link #v0}: the v0 {@code GetKey} uses the same HKDF with the app root key and the path
 *       as info (purpose and algorithm do not enter).
 *   <li>{@link #v1}: the v1 {@code GetKey} uses salt {@code "dstack-guest-v1"} and info {@code
 *       LP("dstack-guest-v1-key") ‖ LP(algorithm) ‖ LP(domain)}.
 * </ul>
 *
 * <p>Thread-safe: all methods are static and pure.
 */
public final class GuestKeyDerivation {
  private static final byte[] V0_SALT = "RATLS".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] V1_SALT = "dstack-guest-v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] V1_KEY_TAG =
      "dstack-guest-v1-key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] APP_KEY_INFO = "app-key".getBytes(StandardCharsets.US_ASCII);

  private GuestKeyDerivation() {}

  /**
   * Derives an app's root key from the KMS root key, as the KMS does when it issues app keys.
   *
   * @param kmsRootKey the KMS root secp256k1 key
   * @param appId the app id
   * @return the app root key
   * @throws io.phat4j.core.DecodeException in the negligible case that the output is not a valid
   *     scalar
   */
  public static Secp256k1PrivateKey appRootKey(Secp256k1PrivateKey kmsRootKey, AppId appId) {
    Objects.requireNonNull(kmsRootKey, "kmsRootKey");
    byte[] id = appId.toByteArray();
    byte[] info = Arrays.copyOf(id, id.length + APP_KEY_INFO.length);
    System.arraycopy(APP_KEY_INFO, 0, info, id.length, APP_KEY_INFO.length);
    byte[] ikm = kmsRootKey.secret().revealBytes();
    byte[] out = hkdf(V0_SALT, ikm, info);
    try {
      return Secp256k1PrivateKey.of(out);
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  /**
   * Derives the 32 bytes the v0 {@code GetKey} returns for a path.
   *
   * @param appRootKey the app root key
   * @param path the path
   * @return the derived secret
   */
  public static SecretBytes v0(Secp256k1PrivateKey appRootKey, String path) {
    Objects.requireNonNull(path, "path");
    byte[] out =
        hkdf(V0_SALT, appRootKey.secret().revealBytes(), path.getBytes(StandardCharsets.UTF_8));
    try {
      return SecretBytes.copyOf(out);
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  /**
   * Derives the 32 bytes the v1 {@code GetKey} returns for a domain and algorithm.
   *
   * @param appRootKey the app root key
   * @param algorithm the algorithm
   * @param domain the domain
   * @return the derived secret
   * @throws io.phat4j.core.DecodeException if, for secp256k1, the output is not a valid scalar (the
   *     agent fails such a call too)
   */
  public static SecretBytes v1(
      Secp256k1PrivateKey appRootKey, KeyAlgorithm algorithm, String domain) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(domain, "domain");
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    ChainMessages.lengthPrefixed(info, V1_KEY_TAG);
    ChainMessages.lengthPrefixed(info, algorithm.wireName().getBytes(StandardCharsets.US_ASCII));
    ChainMessages.lengthPrefixed(info, domain.getBytes(StandardCharsets.UTF_8));
    byte[] out = hkdf(V1_SALT, appRootKey.secret().revealBytes(), info.toByteArray());
    try {
      if (algorithm == KeyAlgorithm.SECP256K1) {
        Secp256k1PrivateKey.of(out); // range check, as the agent makes it
      }
      return SecretBytes.copyOf(out);
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  /**
   * Computes the public key dstack reports and binds into chains for a derived secret.
   *
   * @param algorithm the curve
   * @param key the 32-byte secret (secp256k1 scalar or Ed25519 seed)
   * @return 33 bytes (SEC1 compressed) for secp256k1, 32 bytes for Ed25519
   * @throws io.phat4j.core.DecodeException if a secp256k1 scalar is out of range
   */
  public static byte[] publicKey(KeyAlgorithm algorithm, SecretBytes key) {
    Objects.requireNonNull(algorithm, "algorithm");
    byte[] secret = key.revealBytes();
    try {
      return GuestKeys.publicKey(algorithm, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info) {
    try {
      HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
      generator.init(new HKDFParameters(ikm, salt, info));
      byte[] out = new byte[32];
      generator.generateBytes(out, 0, out.length);
      return out;
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }
}
