package io.phat4j.attestation.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.DecodeException;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VmConfigTest {

  @Test
  void parsesTheGenuineGetQuoteConfig() {
    VmConfig vm = OsFixtures.load(OsFixtures.GETQUOTE).vmConfig();
    assertThat(vm.osImageHash().hex()).isEqualTo("e6f5cfec20c02e7b97baa213d0f718020b55e040172d90ccbcb946d56c8b09db");
    assertThat(vm.cpuCount()).isEqualTo(2);
    assertThat(vm.memorySize()).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(vm.qemuVersion()).isEqualTo("8.2.2");
    assertThat(vm.pciHole64Size()).isZero();
    assertThat(vm.hugepages()).isFalse();
    assertThat(vm.numGpus()).isZero();
    assertThat(vm.numNvswitches()).isZero();
    assertThat(vm.numNics()).isEqualTo(1);
    assertThat(vm.numVerityVolumes()).isZero();
    assertThat(vm.swtpm()).isFalse();
    assertThat(vm.hotplugOff()).isFalse();
    assertThat(vm.image()).isEqualTo("dstack-0.6.0");
    assertThat(vm.hostShareMode()).isEqualTo("9p");
    assertThat(vm.ovmfVariant()).isEqualTo(OvmfVariant.PRE202505);
    assertThat(vm.tdxAttestationVariant()).isEqualTo(TdxAttestationVariant.LITE);
    assertThat(vm.tdxMeasurement().osImageHash()).isEqualTo(vm.osImageHash());
    assertThat(vm.specVersion()).isEqualTo(1L);
    assertThat(vm.qemuSinglePassAddPages()).isNull();
    assertThat(vm.pic()).isNull();
  }

  @Test
  void certificateConfigCarriesItsImageName() {
    VmConfig vm = OsFixtures.load(OsFixtures.TLS_KEY).vmConfig();
    assertThat(vm.image()).isEqualTo("dstack-0.6.0-v1attest");
    assertThat(vm.osImageHash().hex()).isEqualTo("98a3394699570adf5921eb17bafed62b37b4a63cad28eb5506b430b63af2e20e");
  }

  @Test
  void absentFieldsTakeDstackDefaults() {
    VmConfig vm = VmConfig.parse("{}");
    assertThat(vm.osImageHash()).isNull();
    assertThat(vm.numNics()).isEqualTo(1);
    assertThat(vm.hostShareMode()).isEmpty();
    assertThat(vm.tdxAttestationVariant()).isEqualTo(TdxAttestationVariant.LEGACY);
    assertThat(vm.tdxMeasurement()).isNull();
    assertThat(VmConfig.parse("{\"os_image_hash\":\"\",\"qemu_version\":null,\"pic\":null}").osImageHash()).isNull();
  }

  @Test
  void unwrapsASysConfigAsDstackDoes() {
    String inner = OsFixtures.load(OsFixtures.GETQUOTE).vmConfigJson();
    String wrapped = PhalaJson.writeString(java.util.Map.of("vm_config", inner, "other", 1));
    assertThat(VmConfig.parse(wrapped)).isEqualTo(VmConfig.parse(inner));
  }

  @ParameterizedTest
  @ValueSource(strings = {OsFixtures.GETQUOTE, OsFixtures.TLS_KEY})
  void writesWhatItReads(String name) {
    VmConfig vm = OsFixtures.load(name).vmConfig();
    VmConfig again = VmConfig.parse(vm.toJsonString());
    assertThat(again).usingRecursiveComparison().ignoringFields("tdxMeasurement").isEqualTo(vm);
    assertThat(again.tdxMeasurement().checksumFile()).isEqualTo(vm.tdxMeasurement().checksumFile());
    assertThat(again.tdxMeasurement().measurement()).isEqualTo(vm.tdxMeasurement().measurement());
  }

  @Test
  void builderStartsFromTheDefaults() {
    VmConfig built = VmConfig.builder().cpuCount(2).memorySize(1L << 31).qemuVersion("8.2.2").hostShareMode("9p").build();
    assertThat(built).isEqualTo(VmConfig.parse(
        "{\"cpu_count\":2,\"memory_size\":2147483648,\"qemu_version\":\"8.2.2\",\"host_share_mode\":\"9p\"}"));
    assertThat(built.shape().describe()).isEqualTo("2 vCPU, 2048 MiB, QEMU 8.2.2, 0 GPU, share 9p");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"cpu_count\":-1}|vm_config.cpu_count",
      "{\"cpu_count\":4294967296}|vm_config.cpu_count",
      "{\"cpu_count\":\"2\"}|vm_config.cpu_count",
      "{\"cpu_count\":2.5}|vm_config.cpu_count",
      "{\"cpu_count\":null}|vm_config.cpu_count",
      "{\"memory_size\":18446744073709551615}|vm_config.memory_size",
      "{\"hugepages\":\"yes\"}|vm_config.hugepages",
      "{\"num_nics\":-2}|vm_config.num_nics",
      "{\"qemu_version\":8}|vm_config.qemu_version",
      "{\"os_image_hash\":\"abcd\"}|vm_config.os_image_hash",
      "{\"os_image_hash\":\"zz\"}|vm_config.os_image_hash",
      "{\"ovmf_variant\":\"post202505\"}|vm_config.ovmf_variant",
      "{\"tdx_attestation_variant\":\"full\"}|vm_config.tdx_attestation_variant",
      "{\"tdx_measurement\":[]}|vm_config.tdx_measurement",
      "{\"tdx_measurement\":{\"checksum_file\":\"AA==\"}}|vm_config.tdx_measurement.measurement",
      "{\"tdx_measurement\":{\"checksum_file\":\"!!\",\"measurement\":\"AA==\"}}|vm_config.tdx_measurement.checksum_file",
      "{\"cpu_count\":1,\"cpu_count\":2}|vm_config",
      "[1,2]|vm_config",
      "{\"a\":1} {\"b\":2}|vm_config",
      "{\"host_share_mode\":null}|vm_config.host_share_mode"})
  void rejectsHostileInputNamingTheField(String json, String field) {
    assertThatThrownBy(() -> VmConfig.parse(json))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith(field);
  }

  @Test
  void refusesOversizedInputBeforeParsing() {
    byte[] big = new byte[VmConfig.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertThatThrownBy(() -> VmConfig.parse(big)).isInstanceOf(DecodeException.class).hasMessageContaining("limit");
  }

  @Test
  void refusesAnOversizedMeasurementDocument() {
    String huge = "A".repeat(200_000);
    String json = "{\"tdx_measurement\":{\"checksum_file\":\"" + huge + "\",\"measurement\":\"AA==\"}}";
    assertThatThrownBy(() -> VmConfig.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith("vm_config.tdx_measurement.checksum_file");
  }
}
