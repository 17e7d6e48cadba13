package io.phat4j.attestation.gpu;

import static io.phat4j.attestation.gpu.CheckStatus.FAILED;
import static io.phat4j.attestation.gpu.CheckStatus.NOT_RUN;
import static io.phat4j.attestation.gpu.CheckStatus.PASSED;
import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.core.Bytes32;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Blackwell evidence built in the test: no real Blackwell report or certificate chain is public, so
 * the chain (five P-384 certificates, the leaf carrying its FWID in a DICE TcbInfo) and the signed
 * SPDM report are generated here with BouncyCastle, following the structure NVIDIA's verifier parses.
 */
class BlackwellEvidenceTest {
  static final Bytes32 NONCE = Bytes32.fromHex("4cff7f5380ead8fad8ec2c531c110aca4302a88f603792801a8ca29ee151af2e");
  static final byte[] FWID = filled(48, 0x5a);

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  /** Opaque TLVs as a Blackwell GPU reports them (values made up, types from NVIDIA's list). */
  static List<byte[]> opaque(byte[] fwid) {
    return List.of(
        TestGpuPki.tlv(OpaqueData.DRIVER_VERSION, TestGpuPki.ascii("575.57.08")),
        TestGpuPki.tlv(OpaqueData.VBIOS_VERSION, new byte[] {0x00, 0x10, 0x00, (byte) 0x97, 0x02, 0, 0, 0}),
        TestGpuPki.tlv(OpaqueData.CHIP_SKU, TestGpuPki.ascii("886")),
        TestGpuPki.tlv(OpaqueData.PROJECT, TestGpuPki.ascii("G525")),
        TestGpuPki.tlv(OpaqueData.PROJECT_SKU, TestGpuPki.ascii("0200")),
        TestGpuPki.tlv(OpaqueData.FWID, fwid),
        TestGpuPki.tlv(OpaqueData.CHIP_INFO, TestGpuPki.ascii("gb100")));
  }

  static GpuEvidence evidence(TestGpuPki.GpuChain chain, byte[] reportFwid) {
    byte[] report = TestGpuPki.spdmReport(NONCE.toByteArray(), 8, opaque(reportFwid), chain.leaf().key());
    return new GpuEvidence(0, GpuArch.BLACKWELL, chain.chain(), report);
  }

  private static GpuEvidenceVerifier.Builder verifier(TestGpuPki.GpuChain chain) {
    return GpuEvidenceVerifier.builder().clock(GpuSamples.TODAY).deviceRoot(chain.root().cert());
  }

  @Test
  void verify_blackwellChainWithTcbInfoFwid_offlineCorePasses() {
    TestGpuPki.GpuChain chain = TestGpuPki.gpuChain(TestGpuPki.tcbInfo(FWID));

    GpuResult r = verifier(chain).build().verify(evidence(chain, FWID), GpuArch.BLACKWELL, NONCE);

    for (GpuCheck c : List.of(GpuCheck.ARCH_CHECK, GpuCheck.REPORT_PARSED, GpuCheck.NONCE_MATCH,
        GpuCheck.SIGNATURE_VERIFIED, GpuCheck.CERT_CHAIN_VALIDATED, GpuCheck.FWID_MATCH)) {
      assertThat(r.status(c)).as(c + ": " + r.check(c).detail()).isEqualTo(PASSED);
    }
    assertThat(r.passed()).isTrue();
    assertThat(r.status(GpuCheck.CERT_CHAIN_OCSP)).isEqualTo(NOT_RUN);
    assertThat(r.check(GpuCheck.DRIVER_RIM_FETCHED).detail()).contains("NV_GPU_CC_DRIVER_GB100_575.57.08");
    assertThat(r.check(GpuCheck.VBIOS_RIM_FETCHED).detail()).contains("NV_GPU_VBIOS_G525_0200_886_9700100002");
  }

  @Test
  void verify_tcbInfoFwidDiffersFromReport_fwidFails() {
    TestGpuPki.GpuChain chain = TestGpuPki.gpuChain(TestGpuPki.tcbInfo(filled(48, 0x11)));

    GpuResult r = verifier(chain).build().verify(evidence(chain, FWID), GpuArch.BLACKWELL, NONCE);

    assertThat(r.status(GpuCheck.SIGNATURE_VERIFIED)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.FWID_MATCH)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.FWID_MATCH).detail()).contains("differs");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void verify_leafWithoutTcbInfo_fwidFails() {
    TestGpuPki.GpuChain chain = TestGpuPki.gpuChain(null);

    GpuResult r = verifier(chain).build().verify(evidence(chain, FWID), GpuArch.BLACKWELL, NONCE);

    assertThat(r.status(GpuCheck.FWID_MATCH)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.FWID_MATCH).detail()).contains("TcbInfo");
  }

  @Test
  void verify_blackwellReportLabelledHopper_hopperRuleDoesNotFindTheFwid() {
    TestGpuPki.GpuChain chain = TestGpuPki.gpuChain(TestGpuPki.tcbInfo(FWID));
    GpuEvidence b = evidence(chain, FWID);
    GpuEvidence asHopper = new GpuEvidence(0, GpuArch.HOPPER, b.certificateChain(), b.report());

    GpuResult r = verifier(chain).build().verify(asHopper, GpuArch.HOPPER, NONCE);

    // The TcbInfo ends with flags, not with the FWID, so "last 48 bytes" is not the FWID.
    assertThat(r.status(GpuCheck.FWID_MATCH)).isEqualTo(FAILED);
  }

  @Test
  void verify_blackwell_asksRimSourceForBlackwellIds() {
    TestGpuPki.GpuChain chain = TestGpuPki.gpuChain(TestGpuPki.tcbInfo(FWID));
    List<String> asked = new ArrayList<>();
    RimSource recording = id -> {
      asked.add(id);
      return Optional.empty();
    };

    verifier(chain).rimSource(recording).build().verify(evidence(chain, FWID), GpuArch.BLACKWELL, NONCE);

    assertThat(asked).containsExactly("NV_GPU_CC_DRIVER_GB100_575.57.08", "NV_GPU_VBIOS_G525_0200_886_9700100002");
  }

  @Test
  void driverRimId_blackwellWithoutChipInfo_isEmpty() {
    TestGpuPki.GpuChain chain = TestGpuPki.gpuChain(null);
    byte[] report = TestGpuPki.spdmReport(NONCE.toByteArray(), 1,
        List.of(TestGpuPki.tlv(OpaqueData.DRIVER_VERSION, TestGpuPki.ascii("575.57.08"))), chain.leaf().key());
    SpdmMeasurementReport parsed = SpdmMeasurementReport.parse(report);

    assertThat(GpuEvidenceVerifier.driverRimId(parsed, GpuArch.BLACKWELL)).isEmpty();
    assertThat(GpuEvidenceVerifier.driverRimId(parsed, GpuArch.HOPPER)).contains("NV_GPU_DRIVER_GH100_575.57.08");
  }
}
