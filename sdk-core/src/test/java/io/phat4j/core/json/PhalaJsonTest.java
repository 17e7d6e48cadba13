package io.phat4j.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PhalaJsonTest {
  record CvmSummary(String appId, int vcpu, Status status) {}

  enum Status {
    RUNNING,
    STOPPED
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void read_snakeCaseAndUnknownFields_mapsToRecord() {
    CvmSummary c =
        PhalaJson.read("cvm", utf8("{\"app_id\":\"ab\",\"vcpu\":2,\"status\":\"RUNNING\",\"new_field\":[1]}"), CvmSummary.class);
    assertThat(c).isEqualTo(new CvmSummary("ab", 2, Status.RUNNING));
  }

  @Test
  void read_unknownEnumValue_isNullForTheCallerToMap() {
    assertThat(PhalaJson.read("cvm", utf8("{\"status\":\"HIBERNATING\"}"), CvmSummary.class).status()).isNull();
  }

  @Test
  void write_usesSnakeCase() {
    assertThat(PhalaJson.writeString(new CvmSummary("ab", 1, Status.STOPPED)))
        .isEqualTo("{\"app_id\":\"ab\",\"vcpu\":1,\"status\":\"STOPPED\"}");
  }

  @Test
  void read_malformed_namesDocumentAndOffset() {
    assertThatThrownBy(() -> PhalaJson.readTree("cvm info", utf8("{\"a\": tru}")))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith("cvm info at offset ")
        .satisfies(e -> assertThat(((DecodeException) e).offset()).isGreaterThan(0));
  }

  @Test
  void read_trailingContentOrDuplicateKey_rejected() {
    assertThatThrownBy(() -> PhalaJson.read("doc", utf8("{\"vcpu\":1} {\"vcpu\":2}"), CvmSummary.class))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> PhalaJson.readTree("doc", utf8("{\"a\":1,\"a\":2}")))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("Duplicate field 'a'");
  }

  @Test
  void read_wrongShape_isDecodeException() {
    assertThatThrownBy(() -> PhalaJson.read("cvm", utf8("{\"vcpu\":\"many\"}"), CvmSummary.class))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("cvm");
  }

  @Test
  void newMapper_isACopy() {
    assertThat(PhalaJson.newMapper()).isNotSameAs(PhalaJson.newMapper());
  }
}
