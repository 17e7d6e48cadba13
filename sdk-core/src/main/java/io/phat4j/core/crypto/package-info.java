/**
 * Encryption to enclave keys and signatures over them: dstack env-var encryption
 * ({@link io.phat4j.core.crypto.EnvEncryptor}, {@link io.phat4j.core.crypto.EnvDecryptor}), the KMS
 * signature over an app's env-encrypt public key ({@link io.phat4j.core.crypto.EnvKeySignatureVerifier},
 * {@link io.phat4j.core.crypto.EnvKeySigner}) and RFC 9180 HPKE input sealing
 * ({@link io.phat4j.core.crypto.InputSealer}, {@link io.phat4j.core.crypto.InputOpener}).
 *
 * <p>Keys are typed and validated on construction ({@link io.phat4j.core.crypto.X25519PublicKey},
 * {@link io.phat4j.core.crypto.Secp256k1PublicKey}); private keys keep their bytes in a
 * {@link io.phat4j.core.SecretBytes} and print as redacted. Failures are
 * {@link io.phat4j.core.CryptoException}s (a check did not pass) or
 * {@link io.phat4j.core.DecodeException}s (the input was malformed), and their messages never
 * contain key material or plaintext. All types here are immutable and thread-safe.
 */
@NullMarked
package io.phat4j.core.crypto;

import org.jspecify.annotations.NullMarked;
