package io.phat4j.core.crypto;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.PhalaException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes HPKE opening with the RFC 9180 base-mode recipient key: the sealed bytes (encapsulated
 * key ‖ ciphertext) come from the input, info and aad are the vector's.
 */
class InputOpenerFuzzTest {
  private static final JsonNode VECTOR = Vectors.load("rfc9180-x25519-sha256-aes256gcm.json").get(0);
  private static final InputOpener OPENER =
      InputOpener.create(X25519PrivateKey.of(Vectors.hex(VECTOR, "skRm")));
  private static final byte[] INFO = Vectors.hex(VECTOR, "info");
  private static final byte[] AAD = Vectors.hex(VECTOR.get("encryptions").get(0), "aad");

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void open(FuzzedDataProvider data) {
    try {
      OPENER.open(data.consumeRemainingAsBytes(), INFO, AAD);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}
