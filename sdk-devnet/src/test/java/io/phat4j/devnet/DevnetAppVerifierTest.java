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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.os.OsImagePath;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.dstack.guest.GuestQuote;
import io.phat4j.core.dstack.guest.TlsKeyRequest;
import io.phat4j.attestation.ratls.RaTlsCertificate;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The devnet's evidence through AppVerifier: a devnet CVM's GetQuote answer and RA-TLS certificate,
 * quotes under the devnet PKI with its collateral server, the OS image on the lite path from the
 * devnet's {@code vm_config.tdx_measurement}.
 */
@Timeout(120)
class DevnetAppVerifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void devnetGetQuoteAndCertificate_verifyQuoteEventLogAndIdentity_osImageOnTheLitePath() throws Exception {
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

        // Without the devnet's ACPI pins the lite path computes the registers, but the ACPI tables
        // stay unverified and the default policy refuses that, naming the field.
        AppVerification unpinned = base.build().verify(v0, policy);
        assertThat(unpinned.link(LinkResult.QUOTE).status()).as(unpinned.toText()).isEqualTo(LinkStatus.PASSED);
        assertThat(unpinned.link(LinkResult.EVENT_LOG).status()).as(unpinned.toText()).isEqualTo(LinkStatus.PASSED);
        assertThat(unpinned.link(LinkResult.APP_IDENTITY).status()).isEqualTo(LinkStatus.PASSED);
        assertThat(unpinned.appInfo().composeHash()).isEqualTo(cvm.composeHash());
        assertThat(unpinned.acpiTablesVerified()).isFalse();
        assertThat(unpinned.link(LinkResult.OS_IMAGE).status()).isEqualTo(LinkStatus.FAILED);
        assertThat(unpinned.link(LinkResult.OS_IMAGE).reason()).contains("acpi_tables_verified is false");
        assertThat(unpinned.validUntil()).isNotNull();

        // With the devnet's reference values (its ACPI digests per VM shape): every link passes,
        // the OS image on the lite path from vm_config.tdx_measurement.
        AppVerifier verifier = base.referenceValues(devnet.referenceValues()).build();
        AppPolicy certPolicy = AppPolicy.builder().allowDevImages(true).build();
        for (AppEvidence e : new AppEvidence[] {v0, cert}) {
          AppVerification v = verifier.verify(e, e == v0 ? policy : certPolicy);
          assertThat(v.isValid()).as(v.toText()).isTrue();
          assertThat(v.appInfo().appId()).isEqualTo(cvm.appId());
          assertThat(v.osImagePath()).isEqualTo(OsImagePath.LITE.name().toLowerCase(java.util.Locale.ROOT));
          assertThat(v.acpiTablesVerified()).isTrue();
          // As with dstack-verifier, the lite path does not learn whether the image is a dev image.
          assertThat(v.osImageIsDev()).isNull();
          JsonNode details = JSON.readTree(v.toJson()).get("details");
          assertThat(details.get("os_image_hash_verified").asBoolean()).isTrue();
          assertThat(details.get("acpi_tables_verified").asBoolean()).isTrue();
        }

        // One byte of the checksum file in vm_config.tdx_measurement: the OS-image link fails, naming it.
        ObjectNode vm = (ObjectNode) JSON.readTree(v0.vmConfigJson());
        ObjectNode m = (ObjectNode) vm.get("tdx_measurement");
        byte[] checksum = Base64.getDecoder().decode(m.get("checksum_file").asText());
        checksum[3] ^= 0x01;
        m.put("checksum_file", Base64.getEncoder().encodeToString(checksum));
        AppVerification tampered = verifier.verify(AppEvidence.ofQuote(q.quote(), q.eventLogJson(), vm.toString()), policy);
        JsonNode out = JSON.readTree(tampered.toJson());
        assertThat(out.get("is_valid").asBoolean()).isFalse();
        assertThat(out.get("details").get("os_image_hash_verified").asBoolean()).isFalse();
        assertThat(out.get("details").get("event_log_verified").asBoolean()).isTrue();
        assertThat(out.get("reason").asText()).contains("checksum_file");
      }
    }
  }
}
