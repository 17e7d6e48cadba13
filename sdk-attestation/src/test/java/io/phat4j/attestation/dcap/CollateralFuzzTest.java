package io.phat4j.attestation.dcap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.core.PhalaException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes collateral: the collateral JSON (then used to verify a real TDX quote, so every field
 * reaches its check), and the TCB info and QE identity documents on their own.
 */
class CollateralFuzzTest {
  private static final String TDX = "tdx_v4_phala_sample";
  private static final byte[] QUOTE = Vectors.quote(TDX);
  private static final Instant TIME = Vectors.time(TDX);
  private static final QuoteVerifier VERIFIER = QuoteVerifier.builder().cryptoBackend(CryptoBackend.PURE_JAVA).build();

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void collateralJson(FuzzedDataProvider data) {
    try {
      VERIFIER.verify(QUOTE, QuoteCollateral.fromJson(data.consumeRemainingAsBytes()), TIME);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void tcbInfo(FuzzedDataProvider data) {
    try {
      TcbInfo.parse(new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8));
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void qeIdentity(FuzzedDataProvider data) {
    try {
      QeIdentity.parse(new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8));
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}
