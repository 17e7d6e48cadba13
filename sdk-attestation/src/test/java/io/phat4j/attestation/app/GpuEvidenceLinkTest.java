package io.phat4j.attestation.app;

import static io.phat4j.attestation.app.AppVerifierFixtureTest.resource;
import static io.phat4j.attestation.app.AppVerifierFixtureTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.attestation.gpu.GpuEvidenceVerifier;
import io.phat4j.attestation.gpu.NvidiaPayload;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The GPU link on Phala's private-AI test data (real H100 evidence; its test quote is from another
 * capture and does not bind the nonce, so a TD report is re-signed under the testkit PKI with report
 * data binding it) and on the dstack fixtures (no GPUs; a real GetQuote response declaring one GPU).
 */
class GpuEvidenceLinkTest {
  private static final GpuEvidenceVerifier GPUS =
      GpuEvidenceVerifier.builder().clock(Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC)).build();
  private static final AppVerifier VERIFIER = AppVerifier.builder().addLink(GpuEvidenceLink.of(GPUS)).build();
  private static final NvidiaPayload PAYLOAD = NvidiaPayload.parse(text("private-ai-nvidia_payload.json"));
  private static final byte[] QUOTE = Hex.decode("quote", text("private-ai-intel_quote.hex").strip());

  private static LinkResult gpuLink(AppEvidence e) {
    return VERIFIER.verify(e, AppPolicy.defaults()).link(GpuEvidenceLink.NAME);
  }

  /** The lite fixture's TD report re-signed with report data = 32 zero bytes ‖ the GPU payload's nonce. */
  private static byte[] boundQuote() {
    byte[] reportData = new byte[64];
    System.arraycopy(PAYLOAD.nonce().toByteArray(), 0, reportData, 32, 32);
    return TestPlatform.resign(
        Hex.decode("quote", AppVerifierFixtureTest.json(text("tdx-lite-getquote/tdx-lite-getquote.json")).get("quote").asText()),
        reportData).quote();
  }

  @Test
  void gpuEvidenceForTheNonceTheQuoteBinds_passes() {
    AppEvidence e = AppEvidence.of(EvidenceFormat.QUOTE, boundQuote(), null, null)
        .withGpuAttestation(new GpuAttestation(PAYLOAD, PAYLOAD.nonce()));
    LinkResult r = gpuLink(e);
    assertThat(r.status()).as(String.valueOf(r.reason())).isEqualTo(LinkStatus.PASSED);
    assertThat(r.detail()).startsWith("1 GPU(s) verified");
  }

  @Test
  void aNonceTheQuoteDoesNotBind_fails() {
    AppEvidence e = AppEvidence.of(EvidenceFormat.QUOTE, QUOTE, null, null)
        .withGpuAttestation(new GpuAttestation(PAYLOAD, Bytes32.of(new byte[32])));
    assertThat(gpuLink(e).reason()).contains("does not bind the GPU nonce");
  }

  @Test
  void gpuReportsForAnotherNonce_failNamingTheGpuCheck() {
    // The re-signed quote's first 32 bytes of report data are zero, so a zero nonce is bound;
    // the GPU reports carry another nonce.
    AppEvidence e = AppEvidence.of(EvidenceFormat.QUOTE, boundQuote(), null, null)
        .withGpuAttestation(new GpuAttestation(PAYLOAD, Bytes32.of(new byte[32])));
    LinkResult r = gpuLink(e);
    assertThat(r.status()).isEqualTo(LinkStatus.FAILED);
    assertThat(r.reason()).startsWith("GPU 0: ");
  }

  @Test
  void appWithoutGpus_notApplicable() {
    LinkResult r = gpuLink(AppEvidence.fromJson(resource("tdx-lite-getquote/tdx-lite-getquote.json")));
    assertThat(r.status()).isEqualTo(LinkStatus.NOT_APPLICABLE);
  }

  @Test
  void appDeclaringAGpu_withoutGpuEvidence_fails() {
    // This real GetQuote response's vm_config declares num_gpus = 1.
    AppVerification v = VERIFIER.verify(AppEvidence.fromJson(resource("dstack-guest-getquote-response.json")), AppPolicy.defaults());
    assertThat(v.link(GpuEvidenceLink.NAME).reason()).isEqualTo("vm_config declares 1 GPU(s) but the evidence carries no GPU evidence");
    assertThat(v.reason()).contains("gpu verification failed");
  }
}
