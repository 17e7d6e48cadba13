package io.phat4j.attestation.gpu;

import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Loads the real GPU samples from test resources (see resources/gpu/README.md). */
final class GpuSamples {
  static final String NVTRUST = "/gpu/nvtrust-hopper-local-sample/";
  static final Bytes32 NVTRUST_NONCE =
      Bytes32.fromHex("931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb");
  /** The date these tests treat as "today" (the RIM signers expired in 2025-06). */
  static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
  /** A date when the nvtrust RIM signer certificates were still valid. */
  static final Clock RIM_SIGNER_VALID = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

  private GpuSamples() {}

  static byte[] bytes(String path) {
    try (InputStream in = GpuSamples.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  static byte[] nvtrustReport() {
    return Hex.decode("report", text(NVTRUST + "hopperAttestationReport.txt").strip());
  }

  static GpuEvidence nvtrustEvidence() {
    return new GpuEvidence(0, GpuArch.HOPPER,
        NvidiaPayload.certificates("chain", bytes(NVTRUST + "hopperCertChain.txt")), nvtrustReport());
  }

  static NvidiaPayload phalaPayload() {
    return NvidiaPayload.parse(text("/gpu/private-ai-verifier-test-data/nvidia_payload.json"));
  }

  static byte[] driverRim() {
    return bytes(NVTRUST + "Driver_RIM_test_no_gpu.swidtag");
  }

  static byte[] vbiosRim() {
    return bytes(NVTRUST + "1010_0200_882_96005E0001_test_no_gpu.swidtag");
  }

  static byte[] prodVbiosRim() {
    return bytes(NVTRUST + "1010_0200_882_96005E0003_PROD.swidtag");
  }
}
