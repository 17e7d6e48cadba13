package io.phat4j.core.crypto;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.PhalaException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes env decryption with the dstack vector's recipient key: raw blobs (framing and tag check),
 * and plaintexts sealed under the vector's shared key so the env JSON reader sees fuzzed text.
 */
class EnvDecryptorFuzzTest {
  private static final JsonNode VECTOR = Vectors.load("env-encryption.json");
  private static final EnvDecryptor DECRYPTOR =
      EnvDecryptor.create(X25519PrivateKey.of(Vectors.hex(VECTOR, "recipient_x25519_private_key")));
  private static final byte[] EPHEMERAL_PUBLIC = Vectors.hex(VECTOR, "ephemeral_x25519_public_key");
  private static final byte[] SHARED_KEY = Vectors.hex(VECTOR, "shared_secret_aes_key");
  private static final byte[] IV = Vectors.hex(VECTOR, "iv");

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void decryptBlob(FuzzedDataProvider data) {
    try {
      DECRYPTOR.decrypt(data.consumeRemainingAsBytes());
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void decryptPlaintext(FuzzedDataProvider data) throws GeneralSecurityException {
    byte[] blob = seal(data.consumeRemainingAsBytes());
    try {
      DECRYPTOR.decrypt(blob);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  /** Builds ephemeral public key ‖ IV ‖ AES-256-GCM(plaintext), the layout dstack uses. */
  private static byte[] seal(byte[] plaintext) throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(SHARED_KEY, "AES"), new GCMParameterSpec(128, IV));
    byte[] sealed = gcm.doFinal(plaintext);
    byte[] blob = new byte[EPHEMERAL_PUBLIC.length + IV.length + sealed.length];
    System.arraycopy(EPHEMERAL_PUBLIC, 0, blob, 0, EPHEMERAL_PUBLIC.length);
    System.arraycopy(IV, 0, blob, EPHEMERAL_PUBLIC.length, IV.length);
    System.arraycopy(sealed, 0, blob, EPHEMERAL_PUBLIC.length + IV.length, sealed.length);
    return blob;
  }
}
