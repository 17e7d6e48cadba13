package io.phat4j.attestation.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.attestation.os.internal.Digests;
import io.phat4j.attestation.os.internal.Tdvf;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import io.phat4j.core.dstack.EventLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The full path on a synthetic image, cross-checked against the lite path and real reference values. */
class FullPathTest {
  private static final String LOADER = "095d04cf26fe03aef6e3561fa24c1aa1cea93f4aeaf563b1f9f7616184c53454875925759434769cec2490acb563a337";
  private static final String RSDP = "8d9a4d4777a1bc77ecd9d8d37a4628129a80052a510320159a20a923bd07a0e90d8d1f2e1ebf088992b25f0d0fa672ef";
  private static final String TABLES = "3070721e169bc41884724cb0e6b3082e1baf249083d8b389181ba50b9afa951057876c380b8870e8c2facf2eff67a2b6";
  private static final AcpiDigests ACPI = new AcpiDigests(Measurement.fromHex(LOADER), Measurement.fromHex(RSDP), Measurement.fromHex(TABLES));
  private static final EventLog ACPI_LOG = EventLog.parse(OsFixtures.acpiEventLog(LOADER, RSDP, TABLES));

  private static VmConfig config(SyntheticImage.Image image, long memory, String qemu, boolean lite) {
    VmConfig.Builder b = VmConfig.builder().cpuCount(2).memorySize(memory).qemuVersion(qemu).hostShareMode("9p")
        .image("dstack-dev-0.6.0").ovmfVariant(OvmfVariant.PRE202505)
        .osImageHash(io.phat4j.core.Bytes32.of(Digests.sha256(image.checksumFile())));
    if (lite) {
      b.tdxAttestationVariant(TdxAttestationVariant.LITE).tdxMeasurement(image.document());
    }
    return b.build();
  }

  @Test
  void theSyntheticTdvfHasDstacksTdHobLayoutAndMeasuresToTheGenuineTdHob() throws Exception {
    Tdvf tdvf = Tdvf.parse(SyntheticImage.firmware(1));
    JsonRef ref = new JsonRef(OsFixtures.load(OsFixtures.GETQUOTE));
    // Same TD_HOB/TEMP_MEM sections as dstack's OVMF, so the same witness and, at 2 GiB, the same
    // TD HOB digest as the genuine CVM's first RTMR0 event.
    assertThat(Hex.encode(tdvf.tdHobWitness())).isEqualTo(ref.measurement("td_hob"));
    assertThat(Hex.encode(tdvf.tdHobHash(2L << 30))).isEqualTo(ref.expectedMrs("td_hob_hash"));
    assertThat(tdvf.sections()).hasSize(6);
  }

  @ParameterizedTest
  @CsvSource({
      "false, 2147483648, 8.2.2",
      "false, 4294967296, 8.2.2",
      "false, 3221225472, 9.2.1",
      "true, 2147483648, 8.2.2",
      "true, 2684354560, 10.2.1",
      "true, 8589934592, 9.1.0"})
  void liteAndFullPathsAgree(boolean normalized, long memory, String qemu) {
    SyntheticImage.Image image = SyntheticImage.build(normalized);
    ExpectedBoot full = TdxMeasurementCalculator.fromImageFiles(image.files(), config(image, memory, qemu, false), ACPI);
    ExpectedBoot lite = TdxMeasurementCalculator.fromDocument(image.measurement(), config(image, memory, qemu, true), ACPI);
    assertThat(lite).isEqualTo(full);
    assertThat(full.rtmr0Log()).hasSize(13);
    assertThat(full.rtmr1Log()).hasSize(5);
    assertThat(full.rtmr2Log()).hasSize(2);

    // And the verifier accepts both ways for a quote carrying these registers.
    OsImageVerifier verifier = OsImageVerifier.create();
    OsImageCheck viaFiles = verifier.verify(config(image, memory, qemu, false), ACPI_LOG, full.registers(), image.files());
    OsImageCheck viaDocument = verifier.verify(config(image, memory, qemu, true), ACPI_LOG, full.registers());
    assertThat(viaFiles.reason()).isNull();
    assertThat(viaFiles.path()).isEqualTo(OsImagePath.FULL);
    assertThat(viaFiles.osImageVersion()).isEqualTo("0.6.0");
    assertThat(viaFiles.osImageIsDev()).isTrue();
    assertThat(viaDocument.reason()).isNull();
    assertThat(viaDocument.path()).isEqualTo(OsImagePath.LITE);
    assertThat(viaDocument.osImageVersion()).isNull();
    boolean pinnedShape = memory == 2147483648L && qemu.equals("8.2.2");
    assertThat(viaFiles.acpiTablesVerified()).isEqualTo(pinnedShape);
    assertThat(viaDocument.acpiTablesVerified()).isEqualTo(pinnedShape);
  }

  @Test
  void belowTheHighMemoryThresholdOnlyTheFullPathCanMeasureAnUnnormalizedKernel() {
    SyntheticImage.Image image = SyntheticImage.build(false);
    long memory = 2560L << 20;
    ExpectedBoot full = TdxMeasurementCalculator.fromImageFiles(image.files(), config(image, memory, "8.2.2", false), ACPI);
    OsImageCheck lite = OsImageVerifier.create().verify(config(image, memory, "8.2.2", true), ACPI_LOG, full.registers());
    assertThat(lite.failedField()).isEqualTo("vm_config.memory_size");
    OsImageCheck viaFiles = OsImageVerifier.create()
        .verify(config(image, memory, "8.2.2", false), ACPI_LOG, full.registers(), image.files());
    assertThat(viaFiles.passed()).isTrue();
    // The patched kernel header depends on RAM here, so RTMR1 differs from the high-memory one.
    ExpectedBoot at2g = TdxMeasurementCalculator.fromImageFiles(image.files(), config(image, 2L << 30, "8.2.2", false), ACPI);
    assertThat(full.registers().rtmr1()).isNotEqualTo(at2g.registers().rtmr1());
  }

  @Test
  void theNormalizedFlagDecidesWhichKernelBytesAreMeasured() {
    SyntheticImage.Image normalized = SyntheticImage.build(true);
    SyntheticImage.Image patched = SyntheticImage.build(false);
    assertThat(normalized.measurement().kernelAuthenticode()).isNotEqualTo(patched.measurement().kernelAuthenticode());
    assertThat(normalized.measurement().kernelHeaderNormalized()).isTrue();
    assertThat(normalized.measurement().mrtdTwoPass()).isEqualTo(patched.measurement().mrtdTwoPass());
    assertThat(normalized.measurement().mrtdTwoPass()).isNotEqualTo(normalized.measurement().mrtdSinglePass());
  }

  @Test
  void suppliedAcpiTablesVerifyTheReportedDigests() {
    SyntheticImage.Image image = SyntheticImage.build(true);
    byte[][] blobs = {"loader".getBytes(StandardCharsets.US_ASCII), "rsdp".getBytes(StandardCharsets.US_ASCII),
        "tables".getBytes(StandardCharsets.US_ASCII)};
    AcpiDigests digests = AcpiDigests.ofTables(blobs[0], blobs[1], blobs[2]);
    VmConfig vm = config(image, 4L << 30, "9.2.1", false);
    TdxRegisters quoted = TdxMeasurementCalculator.fromImageFiles(image.files(), vm, digests).registers();
    EventLog log = EventLog.parse(OsFixtures.acpiEventLog(digests.loader().hex(), digests.rsdp().hex(), digests.tables().hex()));
    OsImageVerifier verifier = OsImageVerifier.builder().referenceValues(ReferenceValues.empty()).build();

    OsImageCheck withTables = verifier.verify(vm, log, quoted, image.files().withAcpiTables(blobs[0], blobs[1], blobs[2]));
    assertThat(withTables.passed()).isTrue();
    assertThat(withTables.acpiTablesVerified()).isTrue();
    assertThat(withTables.acpiVerification()).isEqualTo(AcpiVerification.SUPPLIED_TABLES);

    OsImageCheck withoutTables = verifier.verify(vm, log, quoted, image.files());
    assertThat(withoutTables.passed()).isTrue();
    assertThat(withoutTables.acpiTablesVerified()).isFalse();

    OsImageCheck otherTables = verifier.verify(vm, log, quoted, image.files().withAcpiTables("x".getBytes(), blobs[1], blobs[2]));
    assertThat(otherTables.passed()).isFalse();
    assertThat(otherTables.failedField()).isEqualTo("event_log.acpi-loader");
    assertThat(otherTables.reason()).contains("supplied ACPI tables");
  }

  @Test
  void filesNotBoundToTheImageHashAreRefused() {
    SyntheticImage.Image image = SyntheticImage.build(true);
    VmConfig vm = config(image, 4L << 30, "8.2.2", false);
    TdxRegisters quoted = TdxMeasurementCalculator.fromImageFiles(image.files(), vm, ACPI).registers();
    OsImageVerifier verifier = OsImageVerifier.create();
    OsImageFiles f = image.files();

    byte[] kernel = f.kernel();
    kernel[0x1800] ^= 1;
    OsImageCheck changedKernel = verifier.verify(vm, ACPI_LOG, quoted,
        OsImageFiles.of(f.metadataJson(), f.checksumFile(), f.firmware(), kernel, f.initrd()));
    assertThat(changedKernel.failedField()).isEqualTo("image_files.bzImage");
    assertThat(changedKernel.reason()).contains("sha256sum.txt lists");

    byte[] sums = f.checksumFile();
    sums[0] ^= 1;
    OsImageCheck changedSums = verifier.verify(vm, ACPI_LOG, quoted,
        OsImageFiles.of(f.metadataJson(), sums, f.firmware(), f.kernel(), f.initrd()));
    assertThat(changedSums.failedField()).isEqualTo("image_files.sha256sum.txt");
    assertThat(changedSums.reason()).contains("os_image_hash");

    String withoutInitrd = new String(f.checksumFile(), StandardCharsets.UTF_8).lines()
        .filter(l -> !l.endsWith("initramfs.cpio.gz")).map(l -> l + "\n").reduce("", String::concat);
    byte[] partial = withoutInitrd.getBytes(StandardCharsets.UTF_8);
    VmConfig vmPartial = VmConfig.builder().cpuCount(2).memorySize(4L << 30).qemuVersion("8.2.2").hostShareMode("9p")
        .osImageHash(io.phat4j.core.Bytes32.of(Digests.sha256(partial))).build();
    OsImageCheck unlisted = verifier.verify(vmPartial, ACPI_LOG, quoted,
        OsImageFiles.of(f.metadataJson(), partial, f.firmware(), f.kernel(), f.initrd()));
    assertThat(unlisted.failedField()).isEqualTo("image_files.sha256sum.txt");
    assertThat(unlisted.reason()).contains("does not list initramfs.cpio.gz");

    OsImageCheck wrongQuote = verifier.verify(vm, ACPI_LOG,
        new TdxRegisters(quoted.rtmr0(), quoted.rtmr0(), quoted.rtmr1(), quoted.rtmr2()), image.files());
    assertThat(wrongQuote.failedField()).isEqualTo("MRTD");
    assertThat(wrongQuote.osImageVersion()).isEqualTo("0.6.0");
  }

  @Test
  void readsAnExtractedImageDirectory(@TempDir Path dir) throws Exception {
    SyntheticImage.Image image = SyntheticImage.build(true);
    OsImageFiles f = image.files();
    Files.write(dir.resolve("metadata.json"), f.metadataJson());
    Files.write(dir.resolve("sha256sum.txt"), f.checksumFile());
    Files.write(dir.resolve("ovmf.fd"), f.firmware());
    Files.write(dir.resolve("bzImage"), f.kernel());
    Files.write(dir.resolve("initramfs.cpio.gz"), f.initrd());
    OsImageFiles read = OsImageFiles.fromDirectory(dir);
    assertThat(read.kernel()).isEqualTo(f.kernel());
    assertThat(read.metadata().kernelHeaderNormalized()).isTrue();
    VmConfig vm = config(image, 4L << 30, "8.2.2", false);
    TdxRegisters quoted = TdxMeasurementCalculator.fromImageFiles(f, vm, ACPI).registers();
    assertThat(OsImageVerifier.create().verify(vm, ACPI_LOG, quoted, read).passed()).isTrue();
  }

  @Test
  void legacyBootsCanBeCheckedAgainstPinnedRegisters() {
    SyntheticImage.Image image = SyntheticImage.build(true);
    VmConfig vm = config(image, 4L << 30, "8.2.2", false);
    TdxRegisters registers = TdxMeasurementCalculator.fromImageFiles(image.files(), vm, ACPI).registers();
    ReferenceValues pins = ReferenceValues.builder()
        .addImage(new ReferenceValues.KnownImage(vm.osImageHash(), "0.6.0", true, "synthetic"))
        .addRegisters(new ReferenceValues.PinnedRegisters(vm.osImageHash(), vm.shape(), registers, "computed in a test"))
        .build();
    OsImageVerifier verifier = OsImageVerifier.builder().referenceValues(pins).build();

    OsImageCheck ok = verifier.verify(vm, ACPI_LOG, registers);
    assertThat(ok.passed()).isTrue();
    assertThat(ok.path()).isEqualTo(OsImagePath.FULL);
    assertThat(ok.acpiVerification()).isEqualTo(AcpiVerification.PINNED_REGISTERS);
    assertThat(ok.acpiTablesVerified()).isTrue();
    assertThat(ok.osImageVersion()).isEqualTo("0.6.0");
    assertThat(ok.referenceImage().description()).isEqualTo("synthetic");

    OsImageCheck bad = verifier.verify(vm, ACPI_LOG, new TdxRegisters(registers.mrtd(), registers.rtmr1(), registers.rtmr1(), registers.rtmr2()));
    assertThat(bad.failedField()).isEqualTo("RTMR0");
    assertThat(bad.acpiTablesVerified()).isFalse();
  }

  /** Reads reference values of a fixture. */
  private record JsonRef(OsFixtures.Fixture f) {
    String measurement(String field) {
      return f.reference().get("measurement").get(field).asText();
    }

    String expectedMrs(String field) {
      return f.reference().get("expected_mrs").get(field).asText();
    }
  }
}
