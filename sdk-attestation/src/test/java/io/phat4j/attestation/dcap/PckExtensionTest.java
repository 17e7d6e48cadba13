package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.io.StringReader;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;

class PckExtensionTest {

  private static byte[] firstCert(String pem) throws Exception {
    try (PemReader r = new PemReader(new StringReader(pem))) {
      return r.readPemObject().getContent();
    }
  }

  @Test
  void fromCertificate_sgxSampleLeaf_readsAllFields() throws Exception {
    byte[] leaf = firstCert(Quote.parse(Vectors.quote("sgx_v3_phala_sample")).pckCertChainPem());
    PckExtension ext = PckExtension.fromCertificate(leaf);
    // Values as shown by `openssl asn1parse` of the certificate's 1.2.840.113741.1.13.1 extension.
    assertThat(Hex.encode(ext.ppid())).isEqualTo("d04ec06d4e6d92dc90d0ad3cf5ee2ddf");
    assertThat(ext.tcbComponents()).containsExactly(11, 11, 2, 2, 255, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(ext.pceSvn()).isEqualTo(13);
    assertThat(Hex.encode(ext.cpuSvn())).isEqualTo("0b0b0202ff0100000000000000000000");
    assertThat(Hex.encode(ext.pceId())).isEqualTo("0000");
    assertThat(ext.fmspcHex()).isEqualTo("00a067110000");
    assertThat(ext.sgxType()).isEqualTo(SgxType.STANDARD);
    assertThat(ext.dynamicPlatform()).isNull();
  }

  @Test
  void fromCertificate_tdxPlatformLeaf_readsFmspcAndType() throws Exception {
    byte[] leaf = firstCert(Quote.parse(Vectors.quote("tdx_v4_phala_sample")).pckCertChainPem());
    PckExtension ext = PckExtension.fromCertificate(leaf);
    assertThat(ext.fmspcHex()).isEqualTo("b0c06f000000");
    assertThat(ext.ppid()).hasSize(16);
    assertThat(ext.sgxType()).isNotEqualTo(SgxType.UNKNOWN);
  }

  @Test
  void fromCertificate_certificateWithoutExtension_isRejected() throws Exception {
    String chain = Vectors.collateral("sgx_v3_phala_sample").tcbInfoIssuerChain();
    byte[] signingCert = firstCert(chain);
    assertThatThrownBy(() -> PckExtension.fromCertificate(signingCert))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("sgx_extension")
        .hasMessageContaining("not found");
  }

  @Test
  void fromCertificate_garbage_isRejected() {
    assertThatThrownBy(() -> PckExtension.fromCertificate(new byte[] {0x30, 0x03, 1, 2, 3}))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("pck_certificate");
  }
}
