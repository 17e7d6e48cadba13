package io.phat4j.attestation.gpu;

import static io.phat4j.attestation.gpu.CheckStatus.FAILED;
import static io.phat4j.attestation.gpu.CheckStatus.NOT_RUN;
import static io.phat4j.attestation.gpu.CheckStatus.PASSED;
import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.core.Bytes32;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpuEvidenceVerifierTest {
  private static final List<GpuCheck> CORE = List.of(GpuCheck.ARCH_CHECK, GpuCheck.REPORT_PARSED,
      GpuCheck.NONCE_MATCH, GpuCheck.SIGNATURE_VERIFIED, GpuCheck.CERT_CHAIN_VALIDATED, GpuCheck.FWID_MATCH);

  private static GpuEvidenceVerifier offline() {
    return GpuEvidenceVerifier.builder().clock(GpuSamples.TODAY).build();
  }

  /** Serves the nvtrust sample's own test RIMs under whatever ids the report asks for. */
  private static RimSource sampleRims(byte[] driver, byte[] vbios) {
    return id -> Optional.of(id.startsWith("NV_GPU_DRIVER_") ? driver : vbios);
  }

  private static void assertCorePassed(GpuResult r) {
    for (GpuCheck c : CORE) {
      assertThat(r.status(c)).as(c + ": " + r.check(c).detail()).isEqualTo(PASSED);
    }
  }

  @Test
  void verify_nvtrustSampleWithItsNonce_offlineCorePassesAndOnlineChecksNotRun() {
    GpuResult r = offline().verify(GpuSamples.nvtrustEvidence(), GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertCorePassed(r);
    assertThat(r.passed()).isTrue();
    assertThat(r.complete()).isFalse();
    assertThat(r.driverVersion()).contains("550.90.07");
    assertThat(r.vbiosVersion()).contains("96.00.9f.00.01");
    assertThat(r.check(GpuCheck.CERT_CHAIN_OCSP).status()).isEqualTo(NOT_RUN);
    assertThat(r.check(GpuCheck.CERT_CHAIN_OCSP).detail()).contains("OCSP");
    assertThat(r.check(GpuCheck.DRIVER_RIM_FETCHED).detail()).contains("NV_GPU_DRIVER_GH100_550.90.07");
    assertThat(r.check(GpuCheck.VBIOS_RIM_FETCHED).detail()).contains("NV_GPU_VBIOS_1010_0200_882_96009F0001");
    assertThat(r.notRun()).extracting(CheckResult::check).contains(
        GpuCheck.CERT_CHAIN_OCSP, GpuCheck.DRIVER_RIM_FETCHED, GpuCheck.VBIOS_RIM_FETCHED,
        GpuCheck.MEASUREMENTS_MATCH, GpuCheck.INDEX_NO_CONFLICT);
    assertThat(r.checks()).extracting(CheckResult::check).containsExactly(GpuCheck.values());
    assertThat(r.ueid()).isEqualTo(GpuSamples.nvtrustEvidence().certificateChain().get(0).getSerialNumber().toString());
  }

  @Test
  void verify_phalaPayloadWithItsNonce_passes() {
    NvidiaPayload p = GpuSamples.phalaPayload();

    GpuEvidenceResult result = offline().verify(p, p.nonce());

    assertThat(result.passed()).isTrue();
    assertThat(result.complete()).isFalse();
    assertThat(result.gpus()).hasSize(1);
    GpuResult g = result.gpus().get(0);
    assertCorePassed(g);
    assertThat(g.driverVersion()).contains("570.172.08");
    assertThat(g.vbiosVersion()).contains("96.00.d0.00.03");
  }

  @Test
  void verify_otherNonce_nonceCheckFails() {
    Bytes32 other = Bytes32.fromHex("00".repeat(31) + "01");

    GpuResult r = offline().verify(GpuSamples.nvtrustEvidence(), GpuArch.HOPPER, other);

    assertThat(r.status(GpuCheck.NONCE_MATCH)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.NONCE_MATCH).detail()).contains("differs from the expected nonce");
    assertThat(r.status(GpuCheck.SIGNATURE_VERIFIED)).isEqualTo(PASSED);
    assertThat(r.passed()).isFalse();
  }

  @Test
  void verify_payloadNonceNotTheCallers_overallFails() {
    NvidiaPayload p = GpuSamples.phalaPayload();

    GpuEvidenceResult result = offline().verify(p, GpuSamples.NVTRUST_NONCE);

    assertThat(result.passed()).isFalse();
    assertThat(result.gpus().get(0).failures()).extracting(CheckResult::check).containsExactly(GpuCheck.NONCE_MATCH);
  }

  @Test
  void verify_flippedMeasurementByte_signatureFails() {
    byte[] report = GpuSamples.nvtrustReport();
    report[37 + 8 + 7] ^= 0x01; // first byte of measurement block 1's value
    GpuEvidence e = new GpuEvidence(0, GpuArch.HOPPER, GpuSamples.nvtrustEvidence().certificateChain(), report);

    GpuResult r = offline().verify(e, GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.REPORT_PARSED)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.SIGNATURE_VERIFIED)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.SIGNATURE_VERIFIED).detail()).contains("does not verify");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void verify_everySignedByteFlipped_signatureAlwaysFailsOrReportRejected() {
    byte[] original = GpuSamples.nvtrustReport();
    X509Certificate[] chain = GpuSamples.nvtrustEvidence().certificateChain().toArray(X509Certificate[]::new);
    GpuEvidenceVerifier v = offline();
    for (int i = 0; i < original.length; i += 97) {
      byte[] report = original.clone();
      report[i] ^= 0x40;
      GpuResult r = v.verify(new GpuEvidence(0, GpuArch.HOPPER, List.of(chain), report),
          GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);
      assertThat(r.passed()).as("byte %d flipped", i).isFalse();
    }
  }

  @Test
  void verify_flippedSignatureByte_signatureFails() {
    byte[] report = GpuSamples.nvtrustReport();
    report[report.length - 1] ^= 0x01;
    GpuEvidence e = new GpuEvidence(0, GpuArch.HOPPER, GpuSamples.nvtrustEvidence().certificateChain(), report);

    GpuResult r = offline().verify(e, GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.SIGNATURE_VERIFIED)).isEqualTo(FAILED);
  }

  @Test
  void verify_certificatesSwappedBetweenGpus_signatureAndFwidFail() {
    GpuEvidence nvtrust = GpuSamples.nvtrustEvidence();
    GpuEvidence phala = GpuSamples.phalaPayload().evidence().get(0);
    GpuEvidence swapped = new GpuEvidence(0, GpuArch.HOPPER, phala.certificateChain(), nvtrust.report());

    GpuResult r = offline().verify(swapped, GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.CERT_CHAIN_VALIDATED)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.SIGNATURE_VERIFIED)).isEqualTo(FAILED);
    assertThat(r.status(GpuCheck.FWID_MATCH)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.FWID_MATCH).detail()).contains("differs from the report FWID");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void verify_twoGpusOneSwapped_overallFailsOnlyThatGpu() {
    GpuEvidence nvtrust = GpuSamples.nvtrustEvidence();
    GpuEvidence good = new GpuEvidence(0, GpuArch.HOPPER, nvtrust.certificateChain(), nvtrust.report());
    GpuEvidence bad = new GpuEvidence(1, GpuArch.HOPPER,
        GpuSamples.phalaPayload().evidence().get(0).certificateChain(), nvtrust.report());
    NvidiaPayload p = new NvidiaPayload(GpuSamples.NVTRUST_NONCE, GpuArch.HOPPER, List.of(good, bad));

    GpuEvidenceResult result = offline().verify(p, GpuSamples.NVTRUST_NONCE);

    assertThat(result.gpus()).extracting(GpuResult::passed).containsExactly(true, false);
    assertThat(result.passed()).isFalse();
  }

  @Test
  void verify_noGpus_overallFails() {
    NvidiaPayload p = new NvidiaPayload(GpuSamples.NVTRUST_NONCE, GpuArch.HOPPER, List.of());

    assertThat(offline().verify(p, GpuSamples.NVTRUST_NONCE).passed()).isFalse();
  }

  @Test
  void verify_deviceRootNotNvidias_chainFails() {
    GpuEvidenceVerifier v = GpuEvidenceVerifier.builder()
        .clock(GpuSamples.TODAY).deviceRoot(GpuEvidenceVerifier.nvidiaRimRoot()).build();

    GpuResult r = v.verify(GpuSamples.nvtrustEvidence(), GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.CERT_CHAIN_VALIDATED)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.CERT_CHAIN_VALIDATED).detail()).contains("does not chain to the pinned root");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void verify_deviceSuppliedRootReplaced_pinnedRootStillDecides() {
    List<X509Certificate> chain = new ArrayList<>(GpuSamples.nvtrustEvidence().certificateChain());
    chain.set(4, GpuEvidenceVerifier.nvidiaRimRoot());
    GpuEvidence e = new GpuEvidence(0, GpuArch.HOPPER, chain, GpuSamples.nvtrustReport());

    GpuResult r = offline().verify(e, GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.CERT_CHAIN_VALIDATED)).isEqualTo(PASSED);
  }

  @Test
  void verify_intermediateMissing_chainFails() {
    List<X509Certificate> chain = new ArrayList<>(GpuSamples.nvtrustEvidence().certificateChain());
    chain.remove(2);
    chain.add(GpuEvidenceVerifier.nvidiaDeviceRoot());
    GpuEvidence e = new GpuEvidence(0, GpuArch.HOPPER, chain, GpuSamples.nvtrustReport());

    GpuResult r = offline().verify(e, GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.CERT_CHAIN_VALIDATED)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.CERT_CHAIN_VALIDATED).detail()).contains("does not chain");
  }

  @Test
  void verify_fourCertificates_chainFailsOnLength() {
    List<X509Certificate> chain = GpuSamples.nvtrustEvidence().certificateChain().subList(0, 4);
    GpuEvidence e = new GpuEvidence(0, GpuArch.HOPPER, chain, GpuSamples.nvtrustReport());

    GpuResult r = offline().verify(e, GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.CERT_CHAIN_VALIDATED)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.CERT_CHAIN_VALIDATED).detail()).contains("has 4 certificates, expected 5");
  }

  @Test
  void verify_truncatedReport_parsedFailsAndRestNotRun() {
    byte[] report = java.util.Arrays.copyOf(GpuSamples.nvtrustReport(), 100);
    GpuEvidence e = new GpuEvidence(0, GpuArch.HOPPER, GpuSamples.nvtrustEvidence().certificateChain(), report);

    GpuResult r = offline().verify(e, GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.REPORT_PARSED)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.REPORT_PARSED).detail()).contains("at offset");
    assertThat(r.status(GpuCheck.SIGNATURE_VERIFIED)).isEqualTo(NOT_RUN);
    assertThat(r.checks()).hasSize(GpuCheck.values().length);
    assertThat(r.passed()).isFalse();
  }

  @Test
  void verify_hopperEvidenceLabelledBlackwell_fwidFailsBecauseHopperHasNoTcbInfo() {
    GpuEvidence hopper = GpuSamples.nvtrustEvidence();
    GpuEvidence e = new GpuEvidence(0, GpuArch.BLACKWELL, hopper.certificateChain(), hopper.report());

    GpuResult r = offline().verify(e, GpuArch.BLACKWELL, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.ARCH_CHECK)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.SIGNATURE_VERIFIED)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.FWID_MATCH)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.FWID_MATCH).detail()).contains("TcbInfo");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void verify_entryArchDiffersFromPayload_archCheckFails() {
    GpuEvidence hopper = GpuSamples.nvtrustEvidence();
    GpuEvidence e = new GpuEvidence(0, GpuArch.BLACKWELL, hopper.certificateChain(), hopper.report());

    GpuResult r = offline().verify(e, GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.ARCH_CHECK)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.ARCH_CHECK).detail()).contains("differs from payload");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void verify_nvtrustSampleWithItsTestRimsToday_measurementsAndRimSignerFail() {
    GpuEvidenceVerifier v = GpuEvidenceVerifier.builder().clock(GpuSamples.TODAY)
        .rimSource(sampleRims(GpuSamples.driverRim(), GpuSamples.vbiosRim())).build();

    GpuResult r = v.verify(GpuSamples.nvtrustEvidence(), GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertCorePassed(r);
    assertThat(r.status(GpuCheck.DRIVER_RIM_FETCHED)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.DRIVER_RIM_SIGNATURE_VERIFIED)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.VBIOS_RIM_SIGNATURE_VERIFIED)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.DRIVER_RIM_CERT_VALIDATED)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.DRIVER_RIM_CERT_VALIDATED).detail())
        .contains("HCC RIM L4 Signer").contains("expired").contains("2025-06");
    assertThat(r.status(GpuCheck.VBIOS_RIM_CERT_VALIDATED)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.VBIOS_RIM_CERT_VALIDATED).detail()).contains("expired").contains("2025-06");
    assertThat(r.status(GpuCheck.DRIVER_RIM_VERSION_MATCH)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.DRIVER_RIM_VERSION_MATCH).detail()).contains("545.00").contains("550.90.07");
    assertThat(r.status(GpuCheck.VBIOS_RIM_VERSION_MATCH)).isEqualTo(FAILED);
    assertThat(r.status(GpuCheck.INDEX_NO_CONFLICT)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.MEASUREMENTS_MATCH)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.MEASUREMENTS_MATCH).detail()).contains("20 of 32 golden measurements mismatch");
    assertThat(r.failures()).extracting(CheckResult::check).containsExactlyInAnyOrder(
        GpuCheck.DRIVER_RIM_CERT_VALIDATED, GpuCheck.VBIOS_RIM_CERT_VALIDATED,
        GpuCheck.DRIVER_RIM_VERSION_MATCH, GpuCheck.VBIOS_RIM_VERSION_MATCH, GpuCheck.MEASUREMENTS_MATCH);
    assertThat(r.notRun()).extracting(CheckResult::check).containsExactlyInAnyOrder(
        GpuCheck.CERT_CHAIN_OCSP, GpuCheck.DRIVER_RIM_OCSP, GpuCheck.VBIOS_RIM_OCSP);
    assertThat(r.passed()).isFalse();
    Map<String, Object> claims = r.claims();
    assertThat(claims).containsEntry("measres", "fail")
        .containsEntry("x-nvidia-gpu-attestation-report-signature-verified", true)
        .containsEntry("x-nvidia-gpu-driver-rim-cert-validated", false)
        .containsEntry("x-nvidia-gpu-driver-version", "550.90.07")
        .containsEntry("x-nvidia-gpu-vbios-version", "96.00.9F.00.01")
        .containsEntry("eat_nonce", GpuSamples.NVTRUST_NONCE.hex());
  }

  @Test
  void claims_everyName_isOneNvidiasVerifierEmits() throws Exception {
    // Every name NVIDIA's SDK emits in its claims or names in its policies, at any depth.
    java.util.Set<String> nvidia = new java.util.HashSet<>();
    for (String file : java.util.List.of("gpu_detached_claims_local.json", "gpu_detached_claims_remote.json",
        "policy_local_NVGPULocalv4PolicyExample.json", "policy_remote_NVGPURemotePolicyExample.json")) {
      collectNames(new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(GpuSamples.bytes("/gpu/nvtrust-sdk-claims-and-policies/" + file)), nvidia);
    }
    GpuEvidenceVerifier v = GpuEvidenceVerifier.builder().clock(GpuSamples.RIM_SIGNER_VALID)
        .rimSource(sampleRims(GpuSamples.driverRim(), GpuSamples.vbiosRim())).build();

    Map<String, Object> claims = v.verify(GpuSamples.nvtrustEvidence(), GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE).claims();

    assertThat(claims).isNotEmpty();
    assertThat(nvidia).containsAll(claims.keySet());
  }

  private static void collectNames(com.fasterxml.jackson.databind.JsonNode node, java.util.Set<String> names) {
    node.fields().forEachRemaining(e -> {
      names.add(e.getKey());
      collectNames(e.getValue(), names);
    });
    node.elements().forEachRemaining(e -> collectNames(e, names));
  }

  @Test
  void verify_nvtrustSampleWithItsTestRims_comparisonMatchesNvidiaRules() {
    GpuEvidenceVerifier v = GpuEvidenceVerifier.builder().clock(GpuSamples.RIM_SIGNER_VALID)
        .rimSource(sampleRims(GpuSamples.driverRim(), GpuSamples.vbiosRim())).build();

    GpuResult r = v.verify(GpuSamples.nvtrustEvidence(), GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    // 21 active driver + 12 active VBIOS golden indexes = 33; index 35 is skipped because NVDEC0 is disabled.
    assertThat(r.report().opaqueData().nvdec0Status()).contains(OpaqueData.NVDEC0_DISABLED);
    MeasurementComparison cmp = r.comparison();
    assertThat(cmp).isNotNull();
    assertThat(cmp.comparedIndexes()).hasSize(32).doesNotContain(MeasurementComparison.NVDEC0_INDEX);
    assertThat(cmp.mismatchedIndexes()).hasSize(20);
    assertThat(cmp.missingIndexes()).isEmpty();
    assertThat(r.status(GpuCheck.DRIVER_RIM_CERT_VALIDATED)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.VBIOS_RIM_CERT_VALIDATED)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.MEASUREMENTS_MATCH)).isEqualTo(FAILED);
  }

  @Test
  void verify_tamperedDriverRim_signatureFailsAndComparisonNotRun() {
    byte[] tampered = ReferenceIntegrityManifestTest.replaceFirst(GpuSamples.driverRim(),
        "colloquialVersion=\"545.00\"", "colloquialVersion=\"550.90.07\"");
    GpuEvidenceVerifier v = GpuEvidenceVerifier.builder().clock(GpuSamples.RIM_SIGNER_VALID)
        .rimSource(sampleRims(tampered, GpuSamples.vbiosRim())).build();

    GpuResult r = v.verify(GpuSamples.nvtrustEvidence(), GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.DRIVER_RIM_SIGNATURE_VERIFIED)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.DRIVER_RIM_SIGNATURE_VERIFIED).detail()).contains("digest does not match");
    assertThat(r.status(GpuCheck.DRIVER_RIM_VERSION_MATCH)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.MEASUREMENTS_MATCH)).isEqualTo(NOT_RUN);
    assertThat(r.comparison()).isNull();
    assertThat(r.passed()).isFalse();
  }

  @Test
  void verify_malformedRim_fetchedFails() {
    GpuEvidenceVerifier v = GpuEvidenceVerifier.builder().clock(GpuSamples.TODAY)
        .rimSource(sampleRims("<not-xml".getBytes(StandardCharsets.UTF_8), GpuSamples.vbiosRim())).build();

    GpuResult r = v.verify(GpuSamples.nvtrustEvidence(), GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);

    assertThat(r.status(GpuCheck.DRIVER_RIM_FETCHED)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.DRIVER_RIM_FETCHED).detail()).contains("malformed");
    assertThat(r.status(GpuCheck.DRIVER_RIM_SIGNATURE_VERIFIED)).isEqualTo(NOT_RUN);
    assertThat(r.passed()).isFalse();
  }

  @Test
  void compare_rimRewrittenToReportValues_matchesButSignatureWouldFail() {
    SpdmMeasurementReport report = SpdmMeasurementReport.parse(GpuSamples.nvtrustReport());
    String xml = new String(GpuSamples.driverRim(), StandardCharsets.UTF_8);
    for (MeasurementBlock b : report.measurements()) {
      xml = xml.replaceAll("(index=\"" + (b.index() - 1) + "\" active=\"True\" alternatives=\"1\" ns2:Hash0=\")[0-9a-f]+",
          "$1" + io.phat4j.core.Hex.encode(b.value()));
    }
    String vbios = new String(GpuSamples.vbiosRim(), StandardCharsets.UTF_8);
    for (MeasurementBlock b : report.measurements()) {
      vbios = vbios.replaceAll("(index=\"" + (b.index() - 1) + "\" active=\"True\" alternatives=\"1\" ns2:Hash0=\")[0-9a-f]+",
          "$1" + io.phat4j.core.Hex.encode(b.value()));
    }
    ReferenceIntegrityManifest driver = ReferenceIntegrityManifest.parse(xml.getBytes(StandardCharsets.UTF_8));
    ReferenceIntegrityManifest vb = ReferenceIntegrityManifest.parse(vbios.getBytes(StandardCharsets.UTF_8));

    MeasurementComparison cmp = MeasurementComparison.compare(report, driver, vb);

    assertThat(cmp.matches()).isTrue();
    assertThat(cmp.comparedIndexes()).hasSize(32);
  }

  @Test
  void compare_sameRimTwice_reportsIndexConflicts() {
    SpdmMeasurementReport report = SpdmMeasurementReport.parse(GpuSamples.nvtrustReport());
    ReferenceIntegrityManifest driver = ReferenceIntegrityManifest.parse(GpuSamples.driverRim());

    MeasurementComparison cmp = MeasurementComparison.compare(report, driver, driver);

    assertThat(cmp.conflictingIndexes()).hasSize(21);
    assertThat(cmp.matches()).isFalse();
  }

  @Test
  void nvidiaRoots_areThePinnedCertificates() {
    assertThat(GpuEvidenceVerifier.nvidiaDeviceRoot().getSubjectX500Principal().getName())
        .contains("CN=NVIDIA Device Identity CA");
    assertThat(io.phat4j.attestation.gpu.internal.PinnedRoots.sha256(GpuEvidenceVerifier.nvidiaDeviceRoot()))
        .isEqualTo("102bf659d5419614c9d8e6aecebc80454eb26b1df6a769ac720b9a690b167b48");
    assertThat(GpuEvidenceVerifier.nvidiaRimRoot().getSubjectX500Principal().getName())
        .contains("CN=NVIDIA CoRIM signing Root CA");
  }

  @Test
  void verify_randomlyCorruptedReports_neverThrowAndNeverPass() {
    byte[] original = GpuSamples.nvtrustReport();
    List<X509Certificate> chain = GpuSamples.nvtrustEvidence().certificateChain();
    GpuEvidenceVerifier v = offline();
    java.util.Random random = new java.util.Random(20261124L);
    for (int round = 0; round < 300; round++) {
      byte[] report = original.clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = random.nextInt(report.length);
        report[at] = (byte) (report[at] ^ (1 + random.nextInt(255)));
      }
      GpuResult r = v.verify(new GpuEvidence(0, GpuArch.HOPPER, chain, report), GpuArch.HOPPER,
          GpuSamples.NVTRUST_NONCE);
      assertThat(r.passed()).as("round %d", round).isFalse();
      assertThat(r.checks()).hasSize(GpuCheck.values().length);
    }
  }
}
