package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import org.junit.jupiter.api.Test;

class PckCertChainTest {

  @Test
  void fromQuote_sgxSample_processorCa() {
    PckCertChain c = PckCertChain.fromQuote(Quote.parse(Vectors.quote("sgx_v3_phala_sample")));
    assertThat(c.caType()).isEqualTo(PckCaType.PROCESSOR);
    assertThat(c.caType().queryValue()).isEqualTo("processor");
    assertThat(c.extension().fmspcHex()).isEqualTo("00a067110000");
    assertThat(c.certificatesDer()).hasSize(3);
  }

  @Test
  void fromQuote_tdxSample_platformCa() {
    PckCertChain c = PckCertChain.fromQuote(Quote.parse(Vectors.quote("tdx_v4_phala_sample")));
    assertThat(c.caType()).isEqualTo(PckCaType.PLATFORM);
    assertThat(c.extension().fmspcHex()).isEqualTo("b0c06f000000");
  }

  @Test
  void fromQuote_encryptedPpidType_isRejected() {
    byte[] q = Vectors.quote("sgx_v3_phala_sample");
    q[1046] = 3;
    assertThatThrownBy(() -> PckCertChain.fromQuote(Quote.parse(q)))
        .isInstanceOf(DecodeException.class).hasMessageContaining("certification data type 3");
  }

  @Test
  void parse_empty_isRejected() {
    assertThatThrownBy(() -> PckCertChain.parse("")).isInstanceOf(DecodeException.class).hasMessageContaining("no certificate");
  }

  @Test
  void parse_tcbSigningChain_isNotPck() {
    String chain = Vectors.collateral("sgx_v3_phala_sample").tcbInfoIssuerChain();
    assertThatThrownBy(() -> PckCertChain.parse(chain)).isInstanceOf(DecodeException.class).hasMessageContaining("sgx_extension");
  }
}
