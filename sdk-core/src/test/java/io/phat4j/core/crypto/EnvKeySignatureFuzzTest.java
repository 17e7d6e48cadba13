package io.phat4j.core.crypto;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.PhalaException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Fuzzes secp256k1 signer recovery over the KMS env-key message with untrusted signature bytes. */
class EnvKeySignatureFuzzTest {
  private static final JsonNode VECTOR = Vectors.load("env-pubkey-signature.json");
  private static final byte[] APP_ID = Vectors.hex(VECTOR, "app_id");
  private static final X25519PublicKey ENV_KEY = X25519PublicKey.of(Vectors.hex(VECTOR, "env_public_key"));

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void recoverSigner(FuzzedDataProvider data) {
    boolean legacy = data.consumeBoolean();
    byte[] signature = data.consumeRemainingAsBytes();
    try {
      if (legacy) {
        EnvKeySignatureVerifier.recoverSignerLegacy(APP_ID, ENV_KEY, signature);
      } else {
        EnvKeySignatureVerifier.recoverSignerV1(APP_ID, ENV_KEY, 1_750_000_000L, signature);
      }
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}
