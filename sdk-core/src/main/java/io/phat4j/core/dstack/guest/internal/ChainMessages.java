package io.phat4j.core.dstack.guest.internal;

import io.phat4j.core.Hex;
import io.phat4j.core.dstack.guest.KeyAlgorithm;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;

/**
 * The byte strings dstack signs in a key signature chain, and their keccak256 digests.
 *
 * <ul>
 *   <li>v0 key claim: {@code purpose ":" hex(public key)} (UTF-8, lowercase hex);
 *   <li>v1 key claim: {@code LP("dstack-guest-v1-key-claim") LP(algorithm) LP(domain)
 *       LP(public key)} with {@code LP(x) = u32_be(len(x)) ‖ x};
 *   <li>KMS link: {@code "dstack-kms-issued" ":" app_id ‖ SEC1-compressed app root key}.
 * </ul>
 */
public final class ChainMessages {
  private static final byte[] V1_CLAIM_TAG =
      "dstack-guest-v1-key-claim".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KMS_PREFIX = "dstack-kms-issued:".getBytes(StandardCharsets.US_ASCII);

  private ChainMessages() {}

  /**
   * The digest the app root key signs for a v0 key.
   *
   * @param purpose the purpose given to {@code GetKey}
   * @param publicKey the derived public key
   * @return keccak256 of the claim
   */
  public static byte[] v0KeyClaimDigest(String purpose, byte[] publicKey) {
    return Hash.sha3((purpose + ":" + Hex.encode(publicKey)).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The digest the app root key signs for a v1 key.
   *
   * @param algorithm the algorithm (its canonical wire name is bound)
   * @param domain the domain
   * @param publicKey the derived public key
   * @return keccak256 of the claim
   */
  public static byte[] v1KeyClaimDigest(KeyAlgorithm algorithm, String domain, byte[] publicKey) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lengthPrefixed(out, V1_CLAIM_TAG);
    lengthPrefixed(out, algorithm.wireName().getBytes(StandardCharsets.US_ASCII));
    lengthPrefixed(out, domain.getBytes(StandardCharsets.UTF_8));
    lengthPrefixed(out, publicKey);
    return Hash.sha3(out.toByteArray());
  }

  /**
   * The digest the KMS root key signs for an app root key.
   *
   * @param appId the raw app id
   * @param appRootKeyCompressed the SEC1-compressed app root public key
   * @return keccak256 of the message
   */
  public static byte[] kmsIssuedDigest(byte[] appId, byte[] appRootKeyCompressed) {
    return Hash.sha3(
        ByteBuffer.allocate(KMS_PREFIX.length + appId.length + appRootKeyCompressed.length)
            .put(KMS_PREFIX)
            .put(appId)
            .put(appRootKeyCompressed)
            .array());
  }

  /**
   * Writes {@code u32_be(len(x)) ‖ x}.
   *
   * @param out the destination
   * @param field the field bytes
   */
  public static void lengthPrefixed(ByteArrayOutputStream out, byte[] field) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(field.length).array());
    out.writeBytes(field);
  }
}
