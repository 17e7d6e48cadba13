package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.dstack.guest.TlsKey;
import io.phat4j.core.dstack.guest.TlsKeyRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GetTlsKey: a fresh leaf under the CVM's app CA; with RA-TLS, a devnet quote bound to the leaf key. */
@Timeout(120)
class DevnetTlsKeyTest {
  @Test
  void raTlsCertificate_chainsToTheAppCa_andCarriesAQuoteBoundToItsKey() throws Exception {
    try (Devnet devnet = Devnet.builder().chain(false).bootStep(Duration.ZERO).start();
        PhalaCloudClient cloud = devnet.cloudClient()) {
      Deployment d = cloud.deploy(AppSpec.builder("tls-app", "services:\n  a:\n    image: example/tls:1\n").build(),
          DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build()).deployment();
      try (DstackGuestClient guest = DstackGuestClient.builder()
          .endpoint(devnet.cvm(d.appId()).guestAgentEndpoint().toString()).build()) {
        TlsKey tls = guest.getTlsKey(TlsKeyRequest.builder("tls-app.local").altName("tls-app.local").raTls(true).build());
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate leaf = (X509Certificate) cf.generateCertificate(
            new ByteArrayInputStream(tls.certificateChain().get(0).getBytes(StandardCharsets.US_ASCII)));
        X509Certificate ca = (X509Certificate) cf.generateCertificate(
            new ByteArrayInputStream(guest.info().appCert().getBytes(StandardCharsets.US_ASCII)));
        leaf.verify(ca.getPublicKey());
        assertThat(tls.privateKeyPem().reveal()).startsWith("-----BEGIN PRIVATE KEY-----");

        byte[] quote = ASN1OctetString.getInstance(
            ASN1OctetString.getInstance(leaf.getExtensionValue("1.3.6.1.4.1.62397.1.1")).getOctets()).getOctets();
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update("ratls-cert:".getBytes(StandardCharsets.US_ASCII));
        byte[] expected = sha512.digest(leaf.getPublicKey().getEncoded());
        try (PcsCollateralClient pccs = devnet.collateralClient()) {
          TdReport td = (TdReport) QuoteVerifier.builder().trustAnchor(devnet.rootCaDer()).build().verify(quote, pccs).report();
          assertThat(td.reportData()).isEqualTo(expected);
        }
      }
    }
  }
}
