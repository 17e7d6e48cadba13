package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerification;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.app.EvidenceFormat;
import io.phat4j.attestation.app.LinkResult;
import io.phat4j.attestation.app.LinkStatus;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.attestation.os.TdxRegisters;
import io.phat4j.attestation.os.VmConfig;
import io.phat4j.attestation.os.VmShape;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.dstack.guest.GuestQuote;
import io.phat4j.core.dstack.guest.TlsKeyRequest;
import io.phat4j.attestation.ratls.RaTlsCertificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The devnet's evidence through AppVerifier: a devnet CVM's GetQuote answer and RA-TLS certificate,
 * quotes under the devnet PKI with its collateral server.
 */
@Timeout(120)
class DevnetAppVerifierTest {
  @Test
  void devnetGetQuoteAndCertificate_verifyQuoteEventLogAndIdentity_osImageOnPinnedRegisters() throws Exception {
    try (Devnet devnet = Devnet.builder().chain(false).bootStep(Duration.ZERO).guestAgentVersion("0.6.0").start();
        PhalaCloudClient cloud = devnet.cloudClient();
        PcsCollateralClient pccs = devnet.collateralClient()) {
      cloud.deploy(AppSpec.builder("verify-app", "services:\n  a:\n    image: example/app:1\n").build(),
          DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build());
      DevnetCvm cvm = devnet.cvms().getFirst();
      byte[] nonce = "devnet nonce".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      try (DstackGuestClient guest = DstackGuestClient.builder().endpoint(cvm.guestAgentEndpoint().toString()).build()) {
        GuestQuote q = guest.getQuote(nonce);
        AppEvidence v0 = AppEvidence.fromGuestQuote(q);
        // The devnet serves no Attest; its RA-TLS certificates carry the same kind of attestation.
        AppEvidence cert = AppEvidence.fromCertificate(RaTlsCertificate.parsePem(String.join("",
            guest.getTlsKey(TlsKeyRequest.builder("verify-app.local").raTls(true).build()).certificateChain())));
        assertThat(cert.format()).isEqualTo(EvidenceFormat.RA_TLS_CERTIFICATE);

        AppVerifier.Builder base = AppVerifier.builder()
            .quoteVerifier(QuoteVerifier.builder().trustAnchor(devnet.rootCaDer()).build())
            .collateralSource(pccs);
        AppPolicy policy = AppPolicy.builder().expectedNonce(nonce).allowDevImages(true).build();

        // Without reference values for the simulated image the OS-image link fails, and says why.
        AppVerification unpinned = base.build().verify(v0, policy);
        assertThat(unpinned.link(LinkResult.QUOTE).status()).as(unpinned.toText()).isEqualTo(LinkStatus.PASSED);
        assertThat(unpinned.link(LinkResult.EVENT_LOG).status()).as(unpinned.toText()).isEqualTo(LinkStatus.PASSED);
        assertThat(unpinned.link(LinkResult.APP_IDENTITY).status()).isEqualTo(LinkStatus.PASSED);
        assertThat(unpinned.appInfo().composeHash()).isEqualTo(cvm.composeHash());
        assertThat(unpinned.link(LinkResult.OS_IMAGE).status()).isEqualTo(LinkStatus.FAILED);
        assertThat(unpinned.validUntil()).isNotNull();

        // Pinning the simulated image's registers for this VM shape: every link passes.
        OsImage image = devnet.osImage();
        ReferenceValues pins = ReferenceValues.builder()
            .addRegisters(new ReferenceValues.PinnedRegisters(image.osImageHash(), VmShape.of(VmConfig.parse(v0.vmConfigJson())),
                new TdxRegisters(image.mrtd(), image.rtmr(0), image.rtmr(1), image.rtmr(2)), "devnet simulated image"))
            .build();
        AppVerifier pinned = base.referenceValues(pins).build();
        AppPolicy lenient = AppPolicy.builder().expectedNonce(nonce).allowDevImages(true).allowUnverifiedAcpiTables(true).build();
        assertThat(pinned.verify(v0, lenient).isValid()).isTrue();
        AppPolicy certPolicy = AppPolicy.builder().allowDevImages(true).allowUnverifiedAcpiTables(true).build();
        for (AppEvidence e : new AppEvidence[] {v0, cert}) {
          AppVerification v = pinned.verify(e, e == v0 ? lenient : certPolicy);
          assertThat(v.isValid()).as(v.toText()).isTrue();
          assertThat(v.appInfo().appId()).isEqualTo(cvm.appId());
          assertThat(v.osImagePath()).isEqualTo("full");
        }
      }
    }
  }
}
