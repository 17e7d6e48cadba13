package io.phat4j.core.dstack.guest;

import io.phat4j.core.AppId;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import java.util.Objects;

/**
 * A key signature chain that verified up to the trusted KMS root key.
 *
 * @param appId the app the KMS issued the app root key to
 * @param appRootKey the app root public key recovered from the key link
 * @param kmsRootKey the KMS root key the chain ends in (equal to the trusted one)
 * @param publicKeyHex the derived public key the chain vouches for, lowercase hex
 */
public record VerifiedKeyChain(
    AppId appId,
    Secp256k1PublicKey appRootKey,
    Secp256k1PublicKey kmsRootKey,
    String publicKeyHex) {
  /**
   * Checks the components.
   *
   * @param appId the app id
   * @param appRootKey the app root key
   * @param kmsRootKey the KMS root key
   * @param publicKeyHex the derived public key
   */
  public VerifiedKeyChain {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(appRootKey, "appRootKey");
    Objects.requireNonNull(kmsRootKey, "kmsRootKey");
    Objects.requireNonNull(publicKeyHex, "publicKeyHex");
  }
}
