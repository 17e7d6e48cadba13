package io.phat4j.attestation.gpu;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.core.PhalaException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the GPU evidence readers: the SPDM measurement report, the RIM (SWID tag XML), the
 * NVIDIA evidence payload JSON (with its certificate chains) and the NRAS response (JWTs).
 */
class GpuEvidenceFuzzTest {
  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void spdmReport(FuzzedDataProvider data) {
    try {
      SpdmMeasurementReport report = SpdmMeasurementReport.parse(data.consumeRemainingAsBytes());
      GpuEvidenceVerifier.driverRimId(report);
      GpuEvidenceVerifier.vbiosRimId(report);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void rimXml(FuzzedDataProvider data) {
    try {
      ReferenceIntegrityManifest.parse(data.consumeRemainingAsBytes());
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void nvidiaPayload(FuzzedDataProvider data) {
    try {
      NvidiaPayload.parse(new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8));
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void nrasResponse(FuzzedDataProvider data) {
    try {
      NrasResponse.parse(new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8));
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}
