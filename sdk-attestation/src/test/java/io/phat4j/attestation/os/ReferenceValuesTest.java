package io.phat4j.attestation.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.Measurement;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceValuesTest {
  private static final String M1 = "11".repeat(48);
  private static final String M2 = "22".repeat(48);
  private static final String H1 = "aa".repeat(32);

  private static byte[] json(String s) {
    return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void bundledValuesPinExactlyTheFixtureShape() {
    ReferenceValues bundled = ReferenceValues.bundled();
    assertThat(bundled.images()).isEmpty();
    assertThat(bundled.registerEntries()).isEmpty();
    assertThat(bundled.acpiEntries()).hasSize(1);
    VmShape shape = bundled.acpiEntries().get(0).shape();
    assertThat(shape.describe()).isEqualTo("2 vCPU, 2048 MiB, QEMU 8.2.2, 0 GPU, share 9p");
    // A neighbouring shape is not covered.
    VmShape oneMore = new VmShape(3, shape.memorySize(), shape.qemuVersion(), null, null, 0, false, 0, 0, 1, 0, false, false, "9p");
    assertThat(bundled.acpi(oneMore)).isNull();
  }

  @Test
  void roundTripsThroughItsJsonAndAFile(@TempDir Path dir) throws Exception {
    VmShape shape = VmConfig.builder().cpuCount(4).memorySize(8L << 30).qemuVersion("9.2.1").numGpus(1).build().shape();
    ReferenceValues values = ReferenceValues.builder()
        .addImage(new ReferenceValues.KnownImage(Bytes32.fromHex(H1), "0.5.4", false, "prod image"))
        .addAcpi(new ReferenceValues.PinnedAcpi(shape,
            new AcpiDigests(Measurement.fromHex(M1), Measurement.fromHex(M2), Measurement.fromHex(M1)), "dumped by me"))
        .addRegisters(new ReferenceValues.PinnedRegisters(Bytes32.fromHex(H1), shape,
            new TdxRegisters(Measurement.fromHex(M1), Measurement.fromHex(M2), Measurement.fromHex(M1), Measurement.fromHex(M2)), "x"))
        .build();
    Path file = dir.resolve("pins.json");
    Files.writeString(file, values.toJson("my pins").toPrettyString());
    ReferenceValues loaded = ReferenceValues.load(file);
    assertThat(loaded.image(Bytes32.fromHex(H1)).version()).isEqualTo("0.5.4");
    assertThat(loaded.acpi(shape).digests().rsdp().hex()).isEqualTo(M2);
    assertThat(loaded.registers(Bytes32.fromHex(H1), shape).registers().rtmr0().hex()).isEqualTo(M2);
    ReferenceValues merged = ReferenceValues.bundled().merge(loaded);
    assertThat(merged.acpiEntries()).hasSize(2);
    assertThat(merged.merge(merged).acpiEntries()).hasSize(2);
  }

  @Test
  void conflictingPinsAreRefused() {
    String doc = "{'format':'phat4j-os-reference-values/1','acpi':["
        + "{'shape':{'cpu_count':2},'acpi_loader':'" + M1 + "','acpi_rsdp':'" + M1 + "','acpi_tables':'" + M1 + "'},"
        + "{'shape':{'cpu_count':2,'num_nics':1},'acpi_loader':'" + M2 + "','acpi_rsdp':'" + M1 + "','acpi_tables':'" + M1 + "'}]}";
    assertThatThrownBy(() -> ReferenceValues.parse(json(doc)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("listed twice with different values");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{'format':'other'}|reference_values.format",
      "{}|reference_values.format",
      "{'format':'phat4j-os-reference-values/1','extra':1}|reference_values.extra",
      "{'format':'phat4j-os-reference-values/1','images':{}}|reference_values.images",
      "{'format':'phat4j-os-reference-values/1','images':[{'os_image_hash':'ab'}]}|reference_values.images[0].os_image_hash",
      "{'format':'phat4j-os-reference-values/1','images':[{'os_image_hash':'" + "aa" + "','verison':'1'}]}|reference_values.images[0].verison",
      "{'format':'phat4j-os-reference-values/1','acpi':[{'shape':{'cpus':2}}]}|reference_values.acpi[0].shape.cpus",
      "{'format':'phat4j-os-reference-values/1','acpi':[{'shape':{'cpu_count':-2},'acpi_loader':'00','acpi_rsdp':'00','acpi_tables':'00'}]}|reference_values.acpi[0]",
      "{'format':'phat4j-os-reference-values/1','registers':[{'os_image_hash':'" + "aa" + "'}]}|reference_values.registers[0]"})
  void malformedFilesNameTheEntry(String doc, String field) {
    assertThatThrownBy(() -> ReferenceValues.parse(json(doc)))
        .isInstanceOf(DecodeException.class)
        .hasMessageStartingWith(field);
  }

  @Test
  void oversizedStreamsAreRefused() {
    byte[] big = new byte[ReferenceValues.MAX_BYTES + 10];
    assertThatThrownBy(() -> ReferenceValues.read(new ByteArrayInputStream(big)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("limit");
  }
}
