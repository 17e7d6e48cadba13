package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuoteTest {

  @Test
  void parse_sgxV3Sample_exposesHeaderBodyAndAuthData() {
    Quote q = Quote.parse(Vectors.quote("sgx_v3_phala_sample"));
    assertThat(q.version()).isEqualTo(3);
    assertThat(q.teeType()).isEqualTo(TeeType.SGX);
    assertThat(q.header().attestationKeyType()).isEqualTo(2);
    assertThat(Hex.encode(q.header().qeVendorId())).isEqualTo("939a7233f79c4ca9940a0db3957f0607");
    assertThat(q.body().type()).isEqualTo(BodyType.SGX_ENCLAVE);
    assertThat(q.signedLength()).isEqualTo(432);
    SgxReport body = (SgxReport) q.body();
    assertThat(body.mrEnclave().hex()).isEqualTo("33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
    assertThat(new String(body.reportData(), 0, 13, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("Hello, world!");
    assertThat(body.debug()).isFalse();
    // Offsets from the spec: QE auth data 1014..1045, certification data type at 1046, PEM from 1052.
    byte[] raw = Vectors.quote("sgx_v3_phala_sample");
    assertThat(q.qeAuthData()).isEqualTo(Arrays.copyOfRange(raw, 1014, 1046));
    assertThat(q.attestationKey()).isEqualTo(Arrays.copyOfRange(raw, 500, 564));
    assertThat(q.qeReport().toByteArray()).isEqualTo(Arrays.copyOfRange(raw, 564, 948));
    assertThat(q.qeReportSignature()).isEqualTo(Arrays.copyOfRange(raw, 948, 1012));
    assertThat(q.certificationDataType()).isEqualTo(Quote.CERT_TYPE_PCK_CHAIN);
    assertThat(q.pckCertChainPem()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(q.declaredLength()).isEqualTo(raw.length);
  }

  @Test
  void parse_tdxV4Sample_exposesTdReport10() {
    byte[] raw = Vectors.quote("tdx_v4_phala_sample");
    Quote q = Quote.parse(raw);
    assertThat(q.version()).isEqualTo(4);
    assertThat(q.teeType()).isEqualTo(TeeType.TDX);
    TdReport td = (TdReport) q.body();
    assertThat(td.type()).isEqualTo(BodyType.TD_REPORT_10);
    assertThat(q.signedLength()).isEqualTo(632);
    assertThat(td.mrTd().toByteArray()).isEqualTo(Arrays.copyOfRange(raw, 48 + 136, 48 + 184));
    assertThat(td.rtmr(3).toByteArray()).isEqualTo(Arrays.copyOfRange(raw, 48 + 472, 48 + 520));
    assertThat(td.rtmrs()).hasSize(4);
    assertThat(td.teeTcbSvn2()).isNull();
    assertThat(td.mrServiceTd()).isNull();
    assertThat(q.qeReport().toByteArray()).isEqualTo(Arrays.copyOfRange(raw, 770, 1154));
    assertThat(q.qeAuthData()).hasSize(32);
    assertThat(q.pckCertChainPem()).contains("-----END CERTIFICATE-----");
  }

  @Test
  void parse_tdxV5Sample_exposesTdReport15() {
    byte[] raw = Vectors.quote("tdx_v5_gotdx_2026");
    Quote q = Quote.parse(raw);
    assertThat(q.version()).isEqualTo(5);
    TdReport td = (TdReport) q.body();
    assertThat(td.type()).isEqualTo(BodyType.TD_REPORT_15);
    assertThat(q.signedLength()).isEqualTo(702);
    assertThat(td.teeTcbSvn2()).isEqualTo(Arrays.copyOfRange(raw, 54 + 584, 54 + 600));
    assertThat(td.mrServiceTd().toByteArray()).isEqualTo(Arrays.copyOfRange(raw, 54 + 600, 54 + 648));
    assertThat(q.qeReport().toByteArray()).isEqualTo(Arrays.copyOfRange(raw, 840, 1224));
  }

  @Test
  void parse_trailingBytes_areIgnored() {
    byte[] raw = Vectors.quote("sgx_v3_phala_sample");
    byte[] padded = Arrays.copyOf(raw, raw.length + 100);
    Quote q = Quote.parse(padded);
    assertThat(q.declaredLength()).isEqualTo(raw.length);
    assertThat(q.certificationData()).isEqualTo(Quote.parse(raw).certificationData());
  }

  @Test
  void parse_inputArrayChangedAfterwards_quoteUnaffected() {
    byte[] raw = Vectors.quote("sgx_v3_phala_sample");
    Quote q = Quote.parse(raw);
    byte[] before = q.body().reportData();
    raw[368] ^= 1;
    assertThat(q.body().reportData()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgx_v3_phala_sample", "tdx_v4_phala_sample", "tdx_v5_gotdx_2026", "tdx_v4_dcaprs_00806f_0225"})
  void parse_everyTruncation_throwsOnlyQuoteFormatException(String vector) {
    byte[] raw = Vectors.quote(vector);
    int declared = Quote.parse(raw).declaredLength();
    for (int len = 0; len < declared; len++) {
      byte[] cut = Arrays.copyOf(raw, len);
      Throwable t = catchThrowable(() -> Quote.parse(cut));
      assertThat(t).as("length %d", len).isExactlyInstanceOf(QuoteFormatException.class);
      assertThat(((QuoteFormatException) t).offset()).as("length %d", len).isBetween(0L, (long) len);
    }
    assertThat(Quote.parse(Arrays.copyOf(raw, declared)).declaredLength()).isEqualTo(declared);
  }

  @Test
  void parse_version2_namesVersionField() {
    byte[] raw = Vectors.quote("sgx_v3_phala_sample");
    raw[0] = 2;
    assertThatThrownBy(() -> Quote.parse(raw))
        .isInstanceOf(QuoteFormatException.class)
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("version at offset 0")
        .hasMessageContaining("unsupported quote version 2");
  }

  @Test
  void parse_unknownTeeType_namesTeeTypeField() {
    byte[] raw = Vectors.quote("tdx_v4_phala_sample");
    raw[4] = 0x7f;
    assertThatThrownBy(() -> Quote.parse(raw)).isInstanceOf(QuoteFormatException.class).hasMessageContaining("tee_type at offset 4");
  }

  @Test
  void parse_v3WithTdxTeeType_isRejected() {
    byte[] raw = Vectors.quote("sgx_v3_phala_sample");
    raw[4] = (byte) 0x81;
    assertThatThrownBy(() -> Quote.parse(raw)).isInstanceOf(QuoteFormatException.class).hasMessageContaining("version 3 must be SGX");
  }

  @Test
  void parse_v5UnknownBodyType_namesBodyType() {
    byte[] raw = Vectors.quote("tdx_v5_gotdx_2026");
    raw[48] = 9;
    assertThatThrownBy(() -> Quote.parse(raw)).isInstanceOf(QuoteFormatException.class).hasMessageContaining("body_type at offset 48");
  }

  @Test
  void parse_authDataSizeTooLarge_namesAuthData() {
    byte[] raw = Vectors.quote("sgx_v3_phala_sample");
    raw[432 + 3] = 0x7f;
    assertThatThrownBy(() -> Quote.parse(raw)).isInstanceOf(QuoteFormatException.class).hasMessageContaining("auth_data at offset 436");
  }

  @Test
  void parse_qeAuthSizeBeyondAuthData_isRejected() {
    byte[] raw = Vectors.quote("sgx_v3_phala_sample");
    raw[1012] = (byte) 0xff;
    raw[1013] = (byte) 0xff;
    assertThatThrownBy(() -> Quote.parse(raw)).isInstanceOf(QuoteFormatException.class).hasMessageContaining("qe_auth_data at offset 1014");
  }

  @Test
  void parse_v4OuterCertTypeNot6_isReadAsType6LikeTheReferences() {
    byte[] raw = Vectors.quote("tdx_v4_phala_sample");
    raw[636 + 128] = 5;
    Quote quote = Quote.parse(raw);
    assertThat(quote.qeReport().reportData()).isEqualTo(Quote.parse(Vectors.quote("tdx_v4_phala_sample")).qeReport().reportData());
    // only strict verification insists on the 6
    assertThatThrownBy(quote::requireDeclaredSizesUsedExactly).isInstanceOf(QuoteFormatException.class)
        .hasMessageContaining("certification_data_type at offset 764");
  }

  @Test
  void parse_null_isRejected() {
    assertThatThrownBy(() -> Quote.parse(null)).isInstanceOf(QuoteFormatException.class).hasMessageContaining("quote");
  }

  @Test
  void sgxReportOf_wrongLength_isRejected() {
    assertThatThrownBy(() -> SgxReport.of(new byte[10])).isInstanceOf(QuoteFormatException.class).hasMessageContaining("384");
  }

  @Test
  void parse_v5TdxWithSgxBody_isRejected() {
    byte[] raw = Vectors.quote("tdx_v5_gotdx_2026");
    raw[48] = 1;
    assertThatThrownBy(() -> Quote.parse(raw)).isInstanceOf(QuoteFormatException.class)
        .hasMessageContaining("body_type at offset 48").hasMessageContaining("does not fit TEE type TDX");
  }
}
