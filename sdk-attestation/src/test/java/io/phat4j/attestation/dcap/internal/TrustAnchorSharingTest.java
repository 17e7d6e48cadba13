package io.phat4j.attestation.dcap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.json.PhalaJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A chain certificate byte-identical to the pinned root shares the root's one decoding and key. */
class TrustAnchorSharingTest {

  @Test
  void chainEndingInTheAnchor_sharesItsDecodingAndKey() throws IOException {
    TrustAnchor anchor = TrustAnchor.of(resource("/io/phat4j/attestation/dcap/intel-sgx-root-ca.der"));
    JsonNode collateral = PhalaJson.readTree("collateral", resource("/dcap/tdx_v4_phala_sample/collateral.json"));
    String chain = collateral.get("tcb_info_issuer_chain").asText();

    List<ParsedCertificate> first = Pem.parsedCertificates(chain, anchor);
    List<ParsedCertificate> second = Pem.parsedCertificates(chain, anchor);

    assertThat(first).hasSize(2);
    assertThat(second.get(1)).isSameAs(first.get(1));
    assertThat(anchor.isSame(first.get(1))).isTrue();
    assertThat(anchor.hasBytesOf(first.get(1))).isTrue();
    // The TCB signing certificate is decoded afresh each time and is not the anchor.
    assertThat(second.get(0)).isNotSameAs(first.get(0));
    assertThat(anchor.isSame(first.get(0))).isFalse();
    assertThat(anchor.hasBytesOf(first.get(0))).isFalse();
  }

  @Test
  void signedBytes_areTheTbsCertificateAsBouncyCastleEncodesIt() throws IOException {
    TrustAnchor anchor = TrustAnchor.of(resource("/io/phat4j/attestation/dcap/intel-sgx-root-ca.der"));
    JsonNode collateral = PhalaJson.readTree("collateral", resource("/dcap/tdx_v4_phala_sample/collateral.json"));
    ParsedCertificate signer = Pem.parsedCertificates(collateral.get("tcb_info_issuer_chain").asText(), anchor).get(0);

    assertThat(signer.tbsDer())
        .isEqualTo(signer.holder().toASN1Structure().getTBSCertificate().getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER));
    assertThat(Ecdsa.verifyDer(anchor.key(), signer.tbsDer(), signer.holder().getSignature())).isTrue();
    assertThat(signer.notAfter()).isEqualTo(signer.holder().getNotAfter().toInstant());
    assertThat(signer.notBefore()).isEqualTo(signer.holder().getNotBefore().toInstant());
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = TrustAnchorSharingTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return in.readAllBytes();
    }
  }
}
