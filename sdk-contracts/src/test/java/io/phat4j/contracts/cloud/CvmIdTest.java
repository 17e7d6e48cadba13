package io.phat4j.contracts.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.AppId;
import io.phat4j.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CvmIdTest {
  @ParameterizedTest
  @CsvSource({
    "8f1d2c1e-3c4b-4d5a-9e6f-0a1b2c3d4e5f, 8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f",
    "8F1D2C1E3C4B4D5A9E6F0A1B2C3D4E5F, 8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f",
    "ea549f02e1a25fabd1cb788380e033ec5461b2ff, app_ea549f02e1a25fabd1cb788380e033ec5461b2ff",
    "0xEA549F02E1A25FABD1CB788380E033EC5461B2FF, app_ea549f02e1a25fabd1cb788380e033ec5461b2ff",
    "app_ea549f02e1a25fabd1cb788380e033ec5461b2ff, app_ea549f02e1a25fabd1cb788380e033ec5461b2ff",
    "instance_0123456789abcdef0123456789abcdef01234567, instance_0123456789abcdef0123456789abcdef01234567",
    "my-app-1, my-app-1",
    "4242, 4242"
  })
  void of_eachAcceptedForm_normalisesToPathSegment(String input, String expected) {
    assertThat(CvmId.of(input).value()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "a/b", "..", "a b", "x\ty"})
  void of_blankOrPathBreakingId_throws(String input) {
    assertThatThrownBy(() -> CvmId.of(input))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("CVM id");
  }

  @Test
  void ofAppId_appId_prefixesApp() {
    AppId appId = AppId.fromHex("ea549f02e1a25fabd1cb788380e033ec5461b2ff");
    assertThat(CvmId.ofAppId(appId).value())
        .isEqualTo("app_ea549f02e1a25fabd1cb788380e033ec5461b2ff");
  }

  @Test
  void ofInstanceId_hex40_prefixesInstance() {
    assertThat(CvmId.ofInstanceId("0x0123456789ABCDEF0123456789abcdef01234567").value())
        .isEqualTo("instance_0123456789abcdef0123456789abcdef01234567");
    assertThatThrownBy(() -> CvmId.ofInstanceId("abc"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("40 hex");
  }

  @ParameterizedTest
  @CsvSource({
    "abcd, 5 to 63",
    "1abcde, start with a letter",
    "abc_de, start with a letter",
    "abc--de, --"
  })
  void checkName_brokenRule_namesTheRule(String name, String rule) {
    assertThatThrownBy(() -> CvmId.ofName(name))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(rule);
  }

  @Test
  void checkName_64Characters_rejected() {
    assertThatThrownBy(() -> CvmId.checkName("a".repeat(64)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has 64");
    assertThat(CvmId.checkName("a".repeat(63))).hasSize(63);
  }

  @Test
  void equals_sameSegment_equal() {
    assertThat(CvmId.of("8f1d2c1e-3c4b-4d5a-9e6f-0a1b2c3d4e5f"))
        .isEqualTo(CvmId.of("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f"))
        .hasSameHashCodeAs(CvmId.of("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f"));
  }

  @Test
  void hashedIds_areKeptVerbatim_andZeroNeverAddressesACvm() {
    assertThat(CvmId.of("cvm_ykL5lbAn").value()).isEqualTo("cvm_ykL5lbAn");
    assertThat(CvmId.ofHashed("cvm_ykL5lbAn").hashed()).isTrue();
    assertThat(CvmId.of("my-app").hashed()).isFalse();
    assertThatThrownBy(() -> CvmId.ofHashed("cvm_")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> CvmId.ofHashed("cvm_a-b")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> CvmId.of("0")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> CvmId.of("000")).isInstanceOf(InvalidInputException.class);
    assertThat(CvmId.of("4242").value()).isEqualTo("4242");
  }

  @Test
  void from_prefersHashedId_thenVmUuid_thenAppId() {
    AppId app = AppId.fromHex("ea549f02e1a25fabd1cb788380e033ec5461b2ff");
    String uuid = "8f1d2c1e-3c4b-4d5a-9e6f-0a1b2c3d4e5f";
    assertThat(CvmId.from("cvm_x1", uuid, app).value()).isEqualTo("cvm_x1");
    assertThat(CvmId.from("0", uuid, app).value()).isEqualTo("8f1d2c1e3c4b4d5a9e6f0a1b2c3d4e5f");
    assertThat(CvmId.from("4242", null, app).value()).isEqualTo("app_" + app.hex());
    assertThatThrownBy(() -> CvmId.from("0", "not-a-uuid", null)).isInstanceOf(InvalidInputException.class);
  }
}
