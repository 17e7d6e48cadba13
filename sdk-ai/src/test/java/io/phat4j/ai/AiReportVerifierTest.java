package io.phat4j.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.gpu.CheckStatus;
import io.phat4j.attestation.gpu.GpuEvidenceVerifier;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AiReportVerifierTest {
  private static final GpuEvidenceVerifier GPU = GpuEvidenceVerifier.builder()
      .clock(Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC)).build();
  private static final QuoteCollateral COLLATERAL =
      QuoteCollateral.fromJson(AiSamples.bytes("tdx_v4_phala_sample_collateral.json"));

  private static AiReportVerifier verifier(AiVerificationPolicy policy) {
    return AiReportVerifier.builder().gpuVerifier(GPU).policy(policy).build();
  }

  private static AttestationReport parse(ObjectNode n) {
    return AttestationReport.parse(AiSamples.bytes(n));
  }

  private static CheckStatus status(AiReportVerification v, String link) {
    return v.link(link).orElseThrow().status();
  }

  @Test
  void verify_dcapQuoteWithCollateral_tdxAndBindingPassGpuNonceFails() {
    AttestationReport r = parse(AiSamples.dcapEd25519Report());

    AiReportVerification v = verifier(AiVerificationPolicy.defaults())
        .verify(r, Bytes32.fromHex(AiSamples.dcapNonce()), COLLATERAL, AiSamples.DCAP_TIME);

    assertThat(status(v, AiReportVerifier.REQUEST_NONCE)).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.TDX_QUOTE)).as(v.links().toString()).isEqualTo(CheckStatus.PASSED);
    assertThat(v.link(AiReportVerifier.TDX_QUOTE).orElseThrow().detail()).contains("UpToDate");
    assertThat(status(v, AiReportVerifier.REPORT_DATA_BINDING)).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.GPU_EVIDENCE_PRESENT)).isEqualTo(CheckStatus.PASSED);
    // The GPU payload answered another nonce: Phala's verifier would not notice, this one does.
    assertThat(status(v, AiReportVerifier.GPU_EVIDENCE)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.link(AiReportVerifier.GPU_EVIDENCE).orElseThrow().detail())
        .contains("NONCE_MATCH").contains("nvidia_payload.nonce " + AiSamples.GPU_NONCE);
    assertThat(v.quote()).isNotNull();
    assertThat(v.ok()).isFalse();
    assertThat(v.failures()).extracting(VerificationLink::name).containsExactly(AiReportVerifier.GPU_EVIDENCE);
  }

  @Test
  void verify_gpuFailureNotFatal_okWithGpuFailureListed() {
    AttestationReport r = parse(AiSamples.dcapEd25519Report());

    AiReportVerification v = verifier(AiVerificationPolicy.defaults().withGpuFailureFatal(false))
        .verify(r, Bytes32.fromHex(AiSamples.dcapNonce()), COLLATERAL, AiSamples.DCAP_TIME);

    assertThat(v.ok()).isTrue();
    assertThat(status(v, AiReportVerifier.GPU_EVIDENCE)).isEqualTo(CheckStatus.FAILED);
  }

  @Test
  void verify_noCollateral_tdxNotRunAndNotOk() {
    AttestationReport r = parse(AiSamples.pavReport());

    AiReportVerification v = verifier(AiVerificationPolicy.defaults().withGpuFailureFatal(false))
        .verify(r, Bytes32.fromHex(AiSamples.PAV_NONCE), null, Instant.now());

    assertThat(status(v, AiReportVerifier.TDX_QUOTE)).isEqualTo(CheckStatus.NOT_RUN);
    assertThat(status(v, AiReportVerifier.REPORT_DATA_BINDING)).isEqualTo(CheckStatus.PASSED);
    assertThat(v.link(AiReportVerifier.REPORT_DATA_BINDING).orElseThrow().detail()).contains("not verified");
    assertThat(v.ok()).isFalse();
  }

  @Test
  void verify_callerNonceIsTheGpuNonce_bindingAndRequestNonceFailGpuPasses() {
    AttestationReport r = parse(AiSamples.pavReport());

    AiReportVerification v = verifier(AiVerificationPolicy.defaults())
        .verify(r, Bytes32.fromHex(AiSamples.GPU_NONCE), null, Instant.now());

    assertThat(status(v, AiReportVerifier.REQUEST_NONCE)).isEqualTo(CheckStatus.FAILED);
    assertThat(status(v, AiReportVerifier.REPORT_DATA_BINDING)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.link(AiReportVerifier.REPORT_DATA_BINDING).orElseThrow().detail()).contains("differs from the expected");
    assertThat(status(v, AiReportVerifier.GPU_EVIDENCE)).isEqualTo(CheckStatus.PASSED);
    assertThat(v.ok()).isFalse();
  }

  @Test
  void verify_completeGpuChecksRequiredOffline_gpuLinkFailsNamingRimAndOcsp() {
    AttestationReport r = parse(AiSamples.pavReport());

    AiReportVerification v = verifier(AiVerificationPolicy.defaults().withCompleteGpuChecksRequired(true))
        .verify(r, Bytes32.fromHex(AiSamples.GPU_NONCE), null, Instant.now());

    // The same evidence passes the core checks (previous test); offline, RIM and OCSP cannot run.
    assertThat(status(v, AiReportVerifier.GPU_EVIDENCE)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.link(AiReportVerifier.GPU_EVIDENCE).orElseThrow().detail())
        .contains("the policy requires every GPU check, but RIM/OCSP checks did not run");
  }

  @Test
  void verify_flippedQuoteSignatureByte_tdxFails() {
    byte[] q = AiSamples.phalaSampleQuote();
    q[q.length - 100] ^= 0x01;
    ObjectNode n = AiSamples.dcapEd25519Report().put("intel_quote", Hex.encode(q));

    AiReportVerification v = verifier(AiVerificationPolicy.defaults().withGpuFailureFatal(false))
        .verify(parse(n), Bytes32.fromHex(AiSamples.dcapNonce()), COLLATERAL, AiSamples.DCAP_TIME);

    assertThat(status(v, AiReportVerifier.TDX_QUOTE)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.quote()).isNull();
    assertThat(v.ok()).isFalse();
  }

  @Test
  void verify_otherSigningAddress_bindingFails() {
    ObjectNode n = AiSamples.dcapEd25519Report().put("signing_address", "77".repeat(32));

    AiReportVerification v = verifier(AiVerificationPolicy.defaults().withGpuFailureFatal(false))
        .verify(parse(n), Bytes32.fromHex(AiSamples.dcapNonce()), COLLATERAL, AiSamples.DCAP_TIME);

    assertThat(status(v, AiReportVerifier.TDX_QUOTE)).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.REPORT_DATA_BINDING)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.ok()).isFalse();
  }

  @Test
  void verify_noGpuEvidence_failsWhenRequired() {
    ObjectNode n = AiSamples.dcapEd25519Report();
    n.remove("nvidia_payload");

    AiReportVerification v = verifier(AiVerificationPolicy.defaults().withGpuFailureFatal(false))
        .verify(parse(n), Bytes32.fromHex(AiSamples.dcapNonce()), COLLATERAL, AiSamples.DCAP_TIME);

    assertThat(status(v, AiReportVerifier.GPU_EVIDENCE_PRESENT)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.ok()).isFalse();
    assertThat(v.gpu()).isNull();
  }

  @Test
  void verify_driverVersionNotAllowed_versionsLinkFails() {
    AttestationReport r = parse(AiSamples.pavReport());

    AiReportVerification v = verifier(AiVerificationPolicy.defaults().withAllowedDriverVersions("570.133.20"))
        .verify(r, Bytes32.fromHex(AiSamples.GPU_NONCE), null, Instant.now());

    assertThat(status(v, AiReportVerifier.GPU_VERSIONS)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.link(AiReportVerifier.GPU_VERSIONS).orElseThrow().detail()).contains("driver 570.172.08 not allowed");
  }

  @Test
  void verify_versionNotAllowedWhileGpuFailuresNotFatal_stillNotOk() {
    AttestationReport r = parse(AiSamples.dcapEd25519Report());
    AiVerificationPolicy policy = AiVerificationPolicy.defaults().withGpuFailureFatal(false)
        .withAllowedDriverVersions("1.0.0");

    AiReportVerification v = verifier(policy)
        .verify(r, Bytes32.fromHex(AiSamples.dcapNonce()), COLLATERAL, AiSamples.DCAP_TIME);

    assertThat(status(v, AiReportVerifier.GPU_VERSIONS)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.ok()).isFalse();
  }

  private static final String DSTACK_APP_ID = "3763bc34552cf3a27ff71ad5f7a90471562a1a2d";
  private static final String DSTACK_COMPOSE = "3763bc34552cf3a27ff71ad5f7a90471562a1a2df552dfc1998cba2d60da27e7";

  /** The dstack GetQuote fixture as an Ed25519 report: key = report_data[0:32], nonce = zeros. */
  private static ObjectNode dstackReport() throws Exception {
    var fixture = AiSamples.JSON.readTree(AiSamples.bytes("dstack-guest-getquote-response.json"));
    String quote = fixture.get("quote").asText();
    byte[] q = Hex.decode("quote", quote);
    ObjectNode n = AiSamples.report(Hex.encode(java.util.Arrays.copyOfRange(q, 568, 600)), "ed25519",
        "00".repeat(32), quote);
    n.put("event_log", fixture.get("event_log").asText());
    return n;
  }

  @Test
  void verify_eventLogReplaysAndAppAllowed_appIdentityPasses() throws Exception {
    AiVerificationPolicy policy = AiVerificationPolicy.defaults()
        .withAllowedAppIds("0x" + DSTACK_APP_ID.toUpperCase()).withAllowedComposeHashes(DSTACK_COMPOSE);

    AiReportVerification v = verifier(policy).verify(parse(dstackReport()), Bytes32.fromHex("00".repeat(32)), null,
        Instant.now());

    assertThat(status(v, AiReportVerifier.REPORT_DATA_BINDING)).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.EVENT_LOG_REPLAY)).as(v.links().toString()).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.APP_IDENTITY)).isEqualTo(CheckStatus.PASSED);
    assertThat(v.link(AiReportVerifier.APP_IDENTITY).orElseThrow().detail()).contains(DSTACK_COMPOSE);
  }

  @Test
  void verify_composeHashNotAllowed_appIdentityFails() throws Exception {
    AiVerificationPolicy policy = AiVerificationPolicy.defaults().withGpuFailureFatal(false)
        .withAllowedComposeHashes("ab".repeat(32));

    AiReportVerification v = verifier(policy).verify(parse(dstackReport()), Bytes32.fromHex("00".repeat(32)), null,
        Instant.now());

    assertThat(status(v, AiReportVerifier.APP_IDENTITY)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.link(AiReportVerifier.APP_IDENTITY).orElseThrow().detail())
        .contains("compose hash " + DSTACK_COMPOSE + " not allowed");
    assertThat(v.ok()).isFalse();
  }

  @Test
  void verify_eventLogFromAnotherTd_replayFailsAndAppIdentityNotRun() throws Exception {
    ObjectNode n = dstackReport();
    var pav = AiSamples.pavReport();
    n.put("intel_quote", pav.get("intel_quote").asText())
        .put("signing_address", AiSamples.PAV_ADDRESS).put("signing_algo", "ecdsa")
        .put("request_nonce", AiSamples.PAV_NONCE);

    AiReportVerification v = verifier(AiVerificationPolicy.defaults().withAllowedAppIds(DSTACK_APP_ID))
        .verify(parse(n), Bytes32.fromHex(AiSamples.PAV_NONCE), null, Instant.now());

    assertThat(status(v, AiReportVerifier.REPORT_DATA_BINDING)).isEqualTo(CheckStatus.PASSED);
    assertThat(status(v, AiReportVerifier.EVENT_LOG_REPLAY)).isEqualTo(CheckStatus.FAILED);
    assertThat(v.link(AiReportVerifier.EVENT_LOG_REPLAY).orElseThrow().detail()).contains("differs from the quote's");
    assertThat(status(v, AiReportVerifier.APP_IDENTITY)).isEqualTo(CheckStatus.NOT_RUN);
  }

  @Test
  void verify_noEventLogWithoutAppPolicy_replayNotRunButNotFatal() {
    AttestationReport r = parse(AiSamples.dcapEd25519Report());

    AiReportVerification v = verifier(AiVerificationPolicy.defaults().withGpuFailureFatal(false))
        .verify(r, Bytes32.fromHex(AiSamples.dcapNonce()), COLLATERAL, AiSamples.DCAP_TIME);

    assertThat(status(v, AiReportVerifier.EVENT_LOG_REPLAY)).isEqualTo(CheckStatus.NOT_RUN);
    assertThat(v.ok()).isTrue();
  }
}
