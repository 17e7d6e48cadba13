package io.phat4j.attestation.gpu;

import static io.phat4j.attestation.gpu.CheckStatus.FAILED;
import static io.phat4j.attestation.gpu.CheckStatus.NOT_RUN;
import static io.phat4j.attestation.gpu.CheckStatus.PASSED;
import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OCSP inside {@link GpuEvidenceVerifier}: which certificates are asked about and what each answer does. */
class GpuOcspVerificationTest {
  private static final Instant NOW = GpuSamples.TODAY.instant();
  private static final TestGpuPki.GpuChain CHAIN = TestGpuPki.gpuChain(TestGpuPki.tcbInfo(BlackwellEvidenceTest.FWID));
  private static final TestGpuPki.Issued RESPONDER = TestGpuPki.responder("Test OCSP responder", CHAIN.root(), true);

  private final MockWebServer server = new MockWebServer();
  private TestOcspResponder responder;
  private HttpTransport transport;
  private HttpOcspProvider ocsp;

  @BeforeEach
  void start() throws IOException {
    responder = new TestOcspResponder(RESPONDER, NOW.minusSeconds(600), NOW.plus(Duration.ofHours(12)));
    server.setDispatcher(responder);
    server.start();
    transport = HttpTransport.builder().retryPolicy(RetryPolicy.none()).build();
    ocsp = HttpOcspProvider.builder().url(URI.create(server.url("/").toString())).transport(transport)
        .clock(GpuSamples.TODAY).build();
  }

  @AfterEach
  void stop() {
    ocsp.close();
    transport.close();
    server.close();
  }

  private GpuResult verifyGenerated() {
    return GpuEvidenceVerifier.builder().clock(GpuSamples.TODAY).deviceRoot(CHAIN.root().cert())
        .ocspProvider(ocsp).build()
        .verify(BlackwellEvidenceTest.evidence(CHAIN, BlackwellEvidenceTest.FWID), GpuArch.BLACKWELL,
            BlackwellEvidenceTest.NONCE);
  }

  @Test
  void deviceOcsp_allGood_passesAndAsksAboutTheThreeCasBetweenLeafAndRoot() {
    GpuResult r = verifyGenerated();

    assertThat(r.status(GpuCheck.CERT_CHAIN_OCSP)).as(r.check(GpuCheck.CERT_CHAIN_OCSP).detail()).isEqualTo(PASSED);
    assertThat(r.check(GpuCheck.CERT_CHAIN_OCSP).detail()).startsWith("3 certificate(s) good");
    List<BigInteger> asked = new ArrayList<>();
    for (OCSPReq req : responder.requests) {
      asked.add(req.getRequestList()[0].getCertID().getSerialNumber());
    }
    assertThat(asked).containsExactly(CHAIN.certs().get(1).cert().getSerialNumber(),
        CHAIN.certs().get(2).cert().getSerialNumber(), CHAIN.certs().get(3).cert().getSerialNumber());
    assertThat(r.passed()).isTrue();
  }

  @Test
  void deviceOcsp_revokedCa_failsAndFailsTheGpu() {
    responder.status = new RevokedStatus(Date.from(NOW.minus(Duration.ofDays(1))), CRLReason.keyCompromise);

    GpuResult r = verifyGenerated();

    assertThat(r.status(GpuCheck.CERT_CHAIN_OCSP)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.CERT_CHAIN_OCSP).detail()).contains("Test GB100 A01 GSP BROM").contains("revoked");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void deviceOcsp_responderDown_failsClosed() {
    responder.httpStatus = 503;

    GpuResult r = verifyGenerated();

    assertThat(r.status(GpuCheck.CERT_CHAIN_OCSP)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.CERT_CHAIN_OCSP).detail()).contains("no trustworthy OCSP answer").contains("503");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void deviceOcsp_forgedAnswer_fails() {
    responder.signWith = TestGpuPki.p384();

    GpuResult r = verifyGenerated();

    assertThat(r.status(GpuCheck.CERT_CHAIN_OCSP)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.CERT_CHAIN_OCSP).detail()).contains("signature does not verify");
  }

  @Test
  void deviceOcsp_chainInvalid_notRunAndNothingAsked() {
    GpuResult r = GpuEvidenceVerifier.builder().clock(GpuSamples.TODAY).ocspProvider(ocsp).build()
        .verify(BlackwellEvidenceTest.evidence(CHAIN, BlackwellEvidenceTest.FWID), GpuArch.BLACKWELL,
            BlackwellEvidenceTest.NONCE);

    assertThat(r.status(GpuCheck.CERT_CHAIN_VALIDATED)).isEqualTo(FAILED);
    assertThat(r.status(GpuCheck.CERT_CHAIN_OCSP)).isEqualTo(NOT_RUN);
    assertThat(r.check(GpuCheck.CERT_CHAIN_OCSP).detail()).contains("did not validate");
    assertThat(responder.requests).isEmpty();
  }

  /** Records which certificate and issuer chain it was asked about and answers as told. */
  private static final class Recording implements OcspProvider {
    final List<String> asked = new ArrayList<>();
    final List<X509Certificate> anchors = new ArrayList<>();
    final OcspResult answer;

    Recording(OcspResult answer) {
      this.answer = answer;
    }

    @Override
    public synchronized OcspResult check(X509Certificate certificate, List<X509Certificate> issuerChain) {
      asked.add(certificate.getSubjectX500Principal().getName());
      anchors.add(issuerChain.get(issuerChain.size() - 1));
      return answer;
    }
  }

  private static GpuResult nvtrustWithRims(OcspProvider provider, boolean allowHold) {
    return GpuEvidenceVerifier.builder().clock(GpuSamples.RIM_SIGNER_VALID)
        .rimSource(id -> Optional.of(id.startsWith("NV_GPU_DRIVER_") ? GpuSamples.driverRim() : GpuSamples.vbiosRim()))
        .ocspProvider(provider).allowRimCertificateHold(allowHold).build()
        .verify(GpuSamples.nvtrustEvidence(), GpuArch.HOPPER, GpuSamples.NVTRUST_NONCE);
  }

  @Test
  void realNvtrustChains_askAboutDeviceCasAndEveryRimCertBelowThePinnedRoots() {
    Recording good = new Recording(new OcspResult(OcspStatus.GOOD, NOW, NOW.plusSeconds(3600), null, null));

    GpuResult r = nvtrustWithRims(good, false);

    assertThat(r.status(GpuCheck.CERT_CHAIN_OCSP)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.DRIVER_RIM_OCSP)).isEqualTo(PASSED);
    assertThat(r.status(GpuCheck.VBIOS_RIM_OCSP)).isEqualTo(PASSED);
    // Device: BROM, provisioner ICA, identity (not the per-boot leaf, not the root); RIMs: 3 each.
    assertThat(good.asked).hasSize(9);
    assertThat(good.asked.subList(0, 3)).allSatisfy(n -> assertThat(n).doesNotContain("FMC LF"));
    assertThat(good.asked.get(0)).contains("GH100 A01 GSP BROM");
    assertThat(good.asked.subList(3, 9)).filteredOn(n -> n.contains("RIM")).isNotEmpty();
    assertThat(good.anchors.subList(0, 3)).containsOnly(GpuEvidenceVerifier.nvidiaDeviceRoot());
    assertThat(good.anchors.subList(3, 9)).containsOnly(GpuEvidenceVerifier.nvidiaRimRoot());
  }

  @Test
  void rimSignerOnHold_failsUnlessAllowed_deviceHoldAlwaysFails() {
    OcspResult hold = new OcspResult(OcspStatus.REVOKED, NOW, null, NOW, OcspResult.REASON_CERTIFICATE_HOLD);

    GpuResult strict = nvtrustWithRims(new Recording(hold), false);
    GpuResult tolerant = nvtrustWithRims(new Recording(hold), true);

    assertThat(strict.status(GpuCheck.DRIVER_RIM_OCSP)).isEqualTo(FAILED);
    assertThat(tolerant.status(GpuCheck.DRIVER_RIM_OCSP)).isEqualTo(PASSED);
    assertThat(tolerant.check(GpuCheck.DRIVER_RIM_OCSP).detail()).contains("on hold");
    assertThat(tolerant.status(GpuCheck.CERT_CHAIN_OCSP)).isEqualTo(FAILED);
  }

  @Test
  void unknownStatus_fails() {
    GpuResult r = nvtrustWithRims(new Recording(new OcspResult(OcspStatus.UNKNOWN, NOW, null, null, null)), false);

    assertThat(r.status(GpuCheck.CERT_CHAIN_OCSP)).isEqualTo(FAILED);
    assertThat(r.check(GpuCheck.CERT_CHAIN_OCSP).detail()).contains("does not know");
  }
}
