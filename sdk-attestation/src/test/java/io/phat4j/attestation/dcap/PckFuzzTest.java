package io.phat4j.attestation.dcap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.core.PhalaException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Fuzzes the PCK certificate's SGX extension (DER) and the PEM PCK chain carried in quotes. */
class PckFuzzTest {
  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void sgxExtension(FuzzedDataProvider data) {
    try {
      PckExtension.fromCertificate(data.consumeRemainingAsBytes());
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void certChain(FuzzedDataProvider data) {
    try {
      PckCertChain.parse(new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8));
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}
