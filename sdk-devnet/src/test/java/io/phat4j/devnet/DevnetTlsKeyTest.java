package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.attestation.ratls.AttestationWireFormat;
import io.phat4j.attestation.ratls.RaTlsCertificate;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.Hex;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.dstack.guest.TlsKey;
import io.phat4j.core.dstack.guest.TlsKeyRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GetTlsKey (v0) and IssueCert (v1): a fresh leaf under the CVM's app CA; with RA-TLS, dstack's
 * attestation extension (SCALE v0 or msgpack v1) over a devnet quote bound to the leaf key.
 */
@Timeout(120)
class DevnetTlsKeyTest {
  @Test
  void getTlsKeyAndIssueCert_raTlsCertificates_areBoundToTheirKeysInDstacksWireFormats() throws Exception {
    try (Devnet devnet = Devnet.builder().chain(false).bootStep(Duration.ZERO).guestAgentVersion("0.6.0").start();
        PhalaCloudClient cloud = devnet.cloudClient()) {
      Deployment d = cloud.deploy(AppSpec.builder("tls-app", "services:\n  a:\n    image: example/tls:1\n").build(),
          DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build()).deployment();
      DevnetCvm cvm = devnet.cvm(d.appId());
      try (DstackGuestClient guest = DstackGuestClient.builder().endpoint(cvm.guestAgentEndpoint().toString()).build()) {
        TlsKeyRequest request = TlsKeyRequest.builder("tls-app.local").altName("tls-app.local").raTls(true).build();
        TlsKey v0 = guest.getTlsKey(request);
        TlsKey v1 = guest.v1().issueCert(request);
        assertThat(v0.privateKeyPem().reveal()).startsWith("-----BEGIN PRIVATE KEY-----");

        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate ca = (X509Certificate) cf.generateCertificate(
            new ByteArrayInputStream(guest.info().appCert().getBytes(StandardCharsets.US_ASCII)));
        RaTlsCertificate c0 = RaTlsCertificate.parsePem(String.join("", v0.certificateChain()));
        RaTlsCertificate c1 = RaTlsCertificate.parsePem(String.join("", v1.certificateChain()));
        assertThat(c0.wireFormat()).isEqualTo(AttestationWireFormat.V0_SCALE);
        assertThat(c1.wireFormat()).isEqualTo(AttestationWireFormat.V1_MSGPACK);
        try (PcsCollateralClient pccs = devnet.collateralClient()) {
          QuoteVerifier verifier = QuoteVerifier.builder().trustAnchor(devnet.rootCaDer()).build();
          for (RaTlsCertificate c : new RaTlsCertificate[] {c0, c1}) {
            c.leaf().verify(ca.getPublicKey());
            assertThat(c.chainSignaturesValid()).isTrue();
            assertThat(c.reportDataBound()).isTrue();
            assertThat(Hex.encode(c.appIdExtension())).isEqualTo(cvm.appId().hex());
            assertThat(c.specialUsage()).isEqualTo("app:custom");
            assertThat(c.eventLogJson()).contains("\"compose-hash\"").contains(cvm.composeHash().hex());
            assertThat(c.vmConfigJson()).contains("os_image_hash");
            TdReport td = (TdReport) verifier.verify(c.quote(), pccs).report();
            assertThat(td.reportData()).isEqualTo(c.expectedReportData());
          }
        }
      }
    }
  }
}
