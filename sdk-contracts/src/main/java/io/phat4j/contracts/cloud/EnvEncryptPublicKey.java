package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * An app's env-encrypt public key from {@code GET /kms/{kms}/pubkey/{appId}}, with the KMS's
 * signature over it when the KMS provides one.
 *
 * @param publicKey the X25519 public key, hex
 * @param signature the KMS signature (r ‖ s ‖ v), hex, if any
 */
public record EnvEncryptPublicKey(String publicKey, @Nullable String signature) {}
