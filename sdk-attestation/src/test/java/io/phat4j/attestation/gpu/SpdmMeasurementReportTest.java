package io.phat4j.attestation.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpdmMeasurementReportTest {

  @Test
  void parse_nvtrustSample_readsRequestMeasurementsAndOpaqueData() {
    SpdmMeasurementReport r = SpdmMeasurementReport.parse(GpuSamples.nvtrustReport());

    assertThat(r.spdmVersion()).isEqualTo(0x11);
    assertThat(r.requestNonce()).isEqualTo(GpuSamples.NVTRUST_NONCE);
    assertThat(r.measurements()).hasSize(64);
    assertThat(r.measurements()).extracting(MeasurementBlock::index)
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 64).boxed().toList());
    assertThat(r.measurements()).allSatisfy(m -> assertThat(m.value()).hasSize(48));
    assertThat(r.opaqueData().driverVersion()).contains("550.90.07");
    assertThat(r.opaqueData().vbiosVersion()).contains("96.00.9f.00.01");
    assertThat(r.opaqueData().fwid()).hasValueSatisfying(f -> assertThat(f).hasSize(48));
    assertThat(r.opaqueData().text(OpaqueData.PROJECT)).contains("1010");
    assertThat(r.signature()).hasSize(96);
    byte[] raw = GpuSamples.nvtrustReport();
    assertThat(r.signedBytes()).isEqualTo(Arrays.copyOf(raw, raw.length - 96));
  }

  @Test
  void parse_phalaPayloadReport_readsVersionsAsNvidiaFormatsThem() {
    byte[] report = GpuSamples.phalaPayload().evidence().get(0).report();

    SpdmMeasurementReport r = SpdmMeasurementReport.parse(report);

    assertThat(r.opaqueData().driverVersion()).contains("570.172.08");
    assertThat(r.opaqueData().vbiosVersion()).contains("96.00.d0.00.03");
    assertThat(r.requestNonce()).isEqualTo(GpuSamples.phalaPayload().nonce());
  }

  @Test
  void parse_truncatedAtEveryLength_throwsOnlyFormatExceptions() {
    byte[] raw = GpuSamples.nvtrustReport();
    for (int len = 0; len < raw.length; len++) {
      int cut = len;
      Throwable t = catchThrowable(() -> SpdmMeasurementReport.parse(Arrays.copyOf(raw, cut)));
      assertThat(t).as("length %d", cut).isInstanceOf(GpuEvidenceFormatException.class);
      assertThat(((GpuEvidenceFormatException) t).offset()).as("length %d", cut).isBetween(0L, (long) cut);
    }
  }

  @Test
  void parse_trailingByte_throwsNamingSignature() {
    byte[] raw = GpuSamples.nvtrustReport();
    byte[] longer = Arrays.copyOf(raw, raw.length + 1);

    assertThatThrownBy(() -> SpdmMeasurementReport.parse(longer))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("response.signature")
        .hasMessageContaining("trailing");
  }

  @Test
  void parse_wrongRequestCode_throwsNamingFieldAndOffset() {
    byte[] raw = GpuSamples.nvtrustReport();
    raw[1] = 0x60;

    assertThatThrownBy(() -> SpdmMeasurementReport.parse(raw))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("request.request_response_code at offset 1")
        .hasMessageContaining("GET_MEASUREMENTS");
  }

  @Test
  void parse_blockCountDisagreesWithRecord_throws() {
    byte[] raw = GpuSamples.nvtrustReport();
    raw[37 + 4] = 63;

    assertThatThrownBy(() -> SpdmMeasurementReport.parse(raw))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("number_of_blocks")
        .hasMessageContaining("64");
  }

  @Test
  void parse_measurementSpecificationNotDmtf_throws() {
    byte[] raw = GpuSamples.nvtrustReport();
    raw[37 + 8 + 1] = 2;

    assertThatThrownBy(() -> SpdmMeasurementReport.parse(raw))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("measurement_block[1].specification at offset 46");
  }

  @Test
  void parse_recordLengthBeyondReport_throwsNamingRecord() {
    byte[] raw = GpuSamples.nvtrustReport();
    raw[37 + 7] = 0x7f;

    assertThatThrownBy(() -> SpdmMeasurementReport.parse(raw))
        .isInstanceOf(GpuEvidenceFormatException.class)
        .hasMessageContaining("response.measurement_record at offset 45");
  }

  @Test
  void accessors_returnCopies_reportStaysUnchanged() {
    SpdmMeasurementReport r = SpdmMeasurementReport.parse(GpuSamples.nvtrustReport());
    r.signature()[0] ^= 1;
    r.measurements().get(0).value()[0] ^= 1;
    r.opaqueData().fwid().orElseThrow()[0] ^= 1;

    assertThat(r.toByteArray()).isEqualTo(GpuSamples.nvtrustReport());
    assertThat(r.measurements().get(0).value())
        .isEqualTo(SpdmMeasurementReport.parse(GpuSamples.nvtrustReport()).measurements().get(0).value());
  }
}
