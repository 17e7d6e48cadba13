package io.phat4j.attestation.dcap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.core.PhalaException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the DCAP quote: the binary parser alone, and the whole verifier with real collateral
 * (SGX or TDX, picked by the quote's TEE type field) at the vector's time.
 */
class QuoteFuzzTest {
  private static final String SGX = "sgx_v3_phala_sample";
  private static final String TDX = "tdx_v4_phala_sample";
  private static final QuoteCollateral SGX_COLLATERAL = Vectors.collateral(SGX);
  private static final QuoteCollateral TDX_COLLATERAL = Vectors.collateral(TDX);
  private static final Instant SGX_TIME = Vectors.time(SGX);
  private static final Instant TDX_TIME = Vectors.time(TDX);
  private static final QuoteVerifier VERIFIER = QuoteVerifier.builder().cryptoBackend(CryptoBackend.PURE_JAVA).build();

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parse(FuzzedDataProvider data) {
    try {
      Quote q = Quote.parse(data.consumeRemainingAsBytes());
      q.declaredLength();
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void verify(FuzzedDataProvider data) {
    byte[] quote = data.consumeRemainingAsBytes();
    boolean sgx = quote.length > 4 && quote[4] == 0;
    try {
      VERIFIER.verify(quote, sgx ? SGX_COLLATERAL : TDX_COLLATERAL, sgx ? SGX_TIME : TDX_TIME);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}
