package io.phat4j.attestation.ratls;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.attestation.ratls.internal.AttestationDecoder;
import io.phat4j.core.PhalaException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what an RA-TLS peer controls: the attestation extension (SCALE v0, msgpack v1) and the PEM
 * chain. Seeds: the real dstack v0 attestation and chain (see ratls/source.txt) and a v1-shaped map.
 */
class RaTlsFuzzTest {
  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void attestation(FuzzedDataProvider data) {
    try {
      AttestationDecoder.decode(data.consumeRemainingAsBytes());
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void pemChain(FuzzedDataProvider data) {
    try {
      RaTlsCertificate.parsePem(new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1));
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}
