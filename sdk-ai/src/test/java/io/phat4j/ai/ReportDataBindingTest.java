package io.phat4j.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReportDataBindingTest {
  private static byte[] pavReportData() {
    return Arrays.copyOfRange(Hex.decode("quote", AiSamples.text("intel_quote.hex")), 568, 632);
  }

  @Test
  void v1_pavQuoteAddressAndNonce_equalsItsReportData() {
    byte[] expected = ReportDataBinding.v1(SigningAlgorithm.ECDSA, AiSamples.PAV_ADDRESS,
        Bytes32.fromHex(AiSamples.PAV_NONCE));

    assertThat(ReportDataBinding.matches(pavReportData(), expected)).isTrue();
  }

  @Test
  void v1_checksumCaseAddress_sameBytes() {
    byte[] lower = ReportDataBinding.v1(SigningAlgorithm.ECDSA, AiSamples.PAV_ADDRESS, Bytes32.fromHex(AiSamples.PAV_NONCE));
    byte[] upper = ReportDataBinding.v1(SigningAlgorithm.ECDSA, "0x" + AiSamples.PAV_ADDRESS.substring(2).toUpperCase(),
        Bytes32.fromHex(AiSamples.PAV_NONCE));

    assertThat(upper).isEqualTo(lower);
  }

  @Test
  void v1_otherNonce_doesNotMatch() {
    byte[] expected = ReportDataBinding.v1(SigningAlgorithm.ECDSA, AiSamples.PAV_ADDRESS,
        Bytes32.fromHex(AiSamples.GPU_NONCE));

    assertThat(ReportDataBinding.matches(pavReportData(), expected)).isFalse();
  }

  @Test
  void v1_ed25519_keyFillsFirstHalf() {
    String key = "11".repeat(32);
    byte[] rd = ReportDataBinding.v1(SigningAlgorithm.ED25519, key, Bytes32.fromHex("22".repeat(32)));

    assertThat(Hex.encode(rd)).isEqualTo(key + "22".repeat(32));
  }

  @Test
  void v2_hashOfAddressAndFingerprint_thenNonce() throws Exception {
    Bytes32 fp = Bytes32.fromHex("33".repeat(32));
    Bytes32 nonce = Bytes32.fromHex(AiSamples.PAV_NONCE);
    byte[] input = new byte[52];
    System.arraycopy(Hex.decode("a", AiSamples.PAV_ADDRESS), 0, input, 0, 20);
    Arrays.fill(input, 20, 52, (byte) 0x33);
    byte[] want = new byte[64];
    System.arraycopy(MessageDigest.getInstance("SHA-256").digest(input), 0, want, 0, 32);
    System.arraycopy(nonce.toByteArray(), 0, want, 32, 32);

    assertThat(ReportDataBinding.v2(SigningAlgorithm.ECDSA, AiSamples.PAV_ADDRESS, fp, nonce)).isEqualTo(want);
  }

  @Test
  void expected_version2WithoutFingerprint_throwsDecodeException() {
    var node = AiSamples.pavReport().put("version", 2);
    AttestationReport r = AttestationReport.parse(AiSamples.bytes(node));

    assertThatThrownBy(() -> ReportDataBinding.expected(r, r.requestNonce()))
        .isInstanceOf(DecodeException.class).hasMessageContaining("tls_cert_fingerprint");
  }
}
