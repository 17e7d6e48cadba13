package io.phat4j.ai;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.gpu.GpuEvidenceVerifier;
import io.phat4j.core.Bytes32;
import io.phat4j.core.PhalaException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what a private-AI client reads from the server: the attestation report (parsed, then run
 * through every verification link with real collateral), the signature answer and the signed text.
 */
class AiReportFuzzTest {
  private static final Instant NOW = AiSamples.DCAP_TIME;
  private static final QuoteCollateral COLLATERAL =
      QuoteCollateral.fromJson(AiSamples.bytes("tdx_v4_phala_sample_collateral.json"));
  private static final AiReportVerifier VERIFIER =
      AiReportVerifier.builder()
          .gpuVerifier(GpuEvidenceVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build())
          .build();
  private static final Bytes32 NONCE = Bytes32.fromHex(AiSamples.dcapNonce());

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void report(FuzzedDataProvider data) {
    try {
      AttestationReport report = AttestationReport.parse(data.consumeRemainingAsBytes());
      report.nvidiaPayload();
      report.select(report.signingAddress());
      VERIFIER.verify(report, NONCE, COLLATERAL, NOW);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void signature(FuzzedDataProvider data) {
    boolean signedText = data.consumeBoolean();
    byte[] input = data.consumeRemainingAsBytes();
    try {
      if (signedText) {
        SignedText.parse(new String(input, StandardCharsets.UTF_8));
      } else {
        ResponseSignature.fromJson(input);
      }
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}
