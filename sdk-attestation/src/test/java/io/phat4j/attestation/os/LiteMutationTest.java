package io.phat4j.attestation.os;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.os.internal.Digests;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One change to genuine evidence turns the OS-image check false, naming what changed. */
class LiteMutationTest {
  private static final OsImageVerifier PINNED = OsImageVerifier.create();
  private static final OsImageVerifier UNPINNED = OsImageVerifier.builder().referenceValues(ReferenceValues.empty()).build();

  private static OsFixtures.Fixture fixture(String name) {
    return OsFixtures.load(name);
  }

  private static VmConfig mutateConfig(OsFixtures.Fixture f, Consumer<ObjectNode> change) {
    ObjectNode tree = (ObjectNode) PhalaJson.readTree("vm_config", f.vmConfigJson());
    change.accept(tree);
    return VmConfig.parse(tree.toString());
  }

  private static byte[] flip(byte[] b, int index) {
    byte[] out = b.clone();
    out[index] ^= 0x01;
    return out;
  }

  private static void setDocument(ObjectNode tree, byte[] checksum, byte[] cbor) {
    ObjectNode m = (ObjectNode) tree.get("tdx_measurement");
    m.put("checksum_file", Base64.getEncoder().encodeToString(checksum));
    m.put("measurement", Base64.getEncoder().encodeToString(cbor));
  }

  private static void assertFails(OsImageCheck check, String field, String... reasonMentions) {
    assertThat(check.osImageHashVerified()).isFalse();
    assertThat(check.passed()).isFalse();
    assertThat(check.failedField()).isEqualTo(field);
    assertThat(check.reason()).startsWith(field).contains(reasonMentions);
  }

  @ParameterizedTest
  @ValueSource(strings = {OsFixtures.GETQUOTE, OsFixtures.TLS_KEY})
  void aByteOfTheChecksumFile(String name) {
    OsFixtures.Fixture f = fixture(name);
    TdxMeasurementDocument doc = f.vmConfig().tdxMeasurement();
    VmConfig vm = mutateConfig(f, t -> setDocument(t, flip(doc.checksumFile(), 3), doc.measurement()));
    OsImageCheck check = PINNED.verify(vm, f.eventLog(), f.quoted());
    assertFails(check, "vm_config.tdx_measurement.checksum_file", "os_image_hash", "SHA-256");
    assertThat(check.expected()).isNull();
    assertThat(check.acpiTablesVerified()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {OsFixtures.GETQUOTE, OsFixtures.TLS_KEY})
  void aByteOfTheMeasurementCbor(String name) {
    OsFixtures.Fixture f = fixture(name);
    TdxMeasurementDocument doc = f.vmConfig().tdxMeasurement();
    byte[] cbor = doc.measurement();
    VmConfig vm = mutateConfig(f, t -> setDocument(t, doc.checksumFile(), flip(cbor, cbor.length - 5)));
    assertFails(PINNED.verify(vm, f.eventLog(), f.quoted()), "vm_config.tdx_measurement.measurement",
        "measurement.tdx.cbor", "checksum file lists");
  }

  @ParameterizedTest
  @ValueSource(strings = {OsFixtures.GETQUOTE, OsFixtures.TLS_KEY})
  void aForgedImageWithConsistentHashesIsCaughtByTheQuote(String name) {
    OsFixtures.Fixture f = fixture(name);
    TdxOsImageMeasurement m = f.vmConfig().tdxMeasurement().decodeMeasurement();
    byte[] kernel = m.kernelAuthenticode().toByteArray();
    kernel[0] ^= 0x01;
    TdxOsImageMeasurement forged = m.version() == 3
        ? TdxOsImageMeasurement.v3(m.cmdlineSha384(), Measurement.of(kernel), m.initrdSha384(), m.ovmfVariant(),
            m.mrtdSinglePass(), m.mrtdTwoPass(), m.tdHobWitness())
        : TdxOsImageMeasurement.v4(m.cmdline(), Measurement.of(kernel), m.kernelHeaderNormalized(), m.initrdSha384(),
            m.ovmfVariant(), m.mrtdSinglePass(), m.mrtdTwoPass(), m.tdHobWitness());
    VmConfig vm = f.vmConfig().withTdxMeasurement(TdxMeasurementDocument.create(forged));
    OsImageCheck check = PINNED.verify(vm, f.eventLog(), f.quoted());
    assertFails(check, "RTMR1", "RTMR1 mismatch");
    assertThat(check.registers()).extracting(RegisterCheck::matches).containsExactly(true, true, false, true);
    assertThat(check.acpiTablesVerified()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {OsFixtures.GETQUOTE, OsFixtures.TLS_KEY})
  void theOsImageHash(String name) {
    OsFixtures.Fixture f = fixture(name);
    String hash = f.vmConfig().osImageHash().hex();
    String other = (hash.charAt(0) == '0' ? "1" : "0") + hash.substring(1);
    VmConfig vm = mutateConfig(f, t -> t.put("os_image_hash", other));
    OsImageCheck check = PINNED.verify(vm, f.eventLog(), f.quoted());
    assertFails(check, "vm_config.tdx_measurement.checksum_file", "vm_config.os_image_hash is " + other);
    assertThat(check.osImageHash().hex()).isEqualTo(other);
  }

  @ParameterizedTest
  @ValueSource(strings = {"acpi-loader", "acpi-rsdp", "acpi-tables"})
  void anAcpiDigestAgainstThePinnedShape(String event) {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    EventLog log = EventLog.parse(mutateEvent(f.eventLogJson(), event, e -> e.put("digest", flipHex(e.get("digest").asText()))));
    OsImageCheck check = PINNED.verify(f.vmConfig(), log, f.quoted());
    assertFails(check, "event_log." + event, "differs from", "pinned for VM shape 2 vCPU, 2048 MiB, QEMU 8.2.2");
    assertThat(check.acpiTablesVerified()).isFalse();
    assertThat(check.acpiVerification()).isEqualTo(AcpiVerification.MISMATCH);
  }

  @Test
  void anAcpiDigestWithoutAPinFailsRtmr0() {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    EventLog log = EventLog.parse(mutateEvent(f.eventLogJson(), "acpi-tables", e -> e.put("digest", flipHex(e.get("digest").asText()))));
    OsImageCheck check = UNPINNED.verify(f.vmConfig(), log, f.quoted());
    assertFails(check, "RTMR0", "RTMR0 mismatch");
    assertThat(check.acpiTablesVerified()).isFalse();
    assertThat(check.acpiVerification()).isEqualTo(AcpiVerification.NOT_PINNED);
  }

  @Test
  void aRenamedAcpiEvent() {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    EventLog log = EventLog.parse(mutateEvent(f.eventLogJson(), "acpi-rsdp", e -> e.put("event", "acpi-rsdp2")));
    assertFails(PINNED.verify(f.vmConfig(), log, f.quoted()), "event_log", "acpi-rsdp", "found 0");
  }

  @Test
  void aDroppedAcpiEvent() {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    ArrayNode events = (ArrayNode) PhalaJson.readTree("log", f.eventLogJson());
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).get("event").asText().equals("acpi-loader")) {
        events.remove(i);
        break;
      }
    }
    assertFails(PINNED.verify(f.vmConfig(), EventLog.parse(events.toString()), f.quoted()), "event_log",
        "exactly 3 RTMR0 ACPI DATA events; found 2");
  }

  @Test
  void aNonAcpiBootEventDoesNotChangeTheImageCheck() {
    // The lite path takes only the ACPI digests from the log; the rest is the event-log link's job
    // (replaying the log against the quote), which catches this change.
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    ArrayNode events = (ArrayNode) PhalaJson.readTree("log", f.eventLogJson());
    ObjectNode first = (ObjectNode) events.get(0);
    first.put("digest", flipHex(first.get("digest").asText()));
    EventLog log = EventLog.parse(events.toString());
    assertThat(PINNED.verify(f.vmConfig(), log, f.quoted()).passed()).isTrue();
    assertThat(log.replay().rtmr0()).isNotEqualTo(f.quoted().rtmr0());
  }

  @ParameterizedTest
  @ValueSource(strings = {"MRTD", "RTMR0", "RTMR1", "RTMR2"})
  void aQuoteRegister(String register) {
    OsFixtures.Fixture f = fixture(OsFixtures.TLS_KEY);
    TdxRegisters q = f.quoted();
    Measurement changed = Measurement.fromHex(flipHex(q.get(register).hex()));
    TdxRegisters quoted = new TdxRegisters(register.equals("MRTD") ? changed : q.mrtd(),
        register.equals("RTMR0") ? changed : q.rtmr0(), register.equals("RTMR1") ? changed : q.rtmr1(),
        register.equals("RTMR2") ? changed : q.rtmr2());
    OsImageCheck check = PINNED.verify(f.vmConfig(), f.eventLog(), quoted);
    assertFails(check, register, register + " mismatch: expected=" + q.get(register).hex() + ", actual=" + changed.hex());
  }

  @Test
  void aQemuVersionOnTheOtherSideOfNineChangesMrtd() {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    VmConfig vm = mutateConfig(f, t -> t.put("qemu_version", "9.1.0"));
    OsImageCheck check = PINNED.verify(vm, f.eventLog(), f.quoted());
    assertFails(check, "MRTD", "MRTD mismatch");
    assertThat(check.expected().mrtd()).isEqualTo(vm.tdxMeasurement().decodeMeasurement().mrtdSinglePass());
    // The shape changed, so the bundled ACPI pin no longer applies.
    assertThat(check.acpiVerification()).isEqualTo(AcpiVerification.NOT_PINNED);
  }

  @Test
  void theSinglePassFlagOverridesTheQemuDefault() {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    VmConfig vm = mutateConfig(f, t -> t.put("qemu_single_pass_add_pages", false));
    assertFails(PINNED.verify(vm, f.eventLog(), f.quoted()), "MRTD", "MRTD mismatch");
  }

  @Test
  void anUnsupportedQemuVersion() {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    VmConfig vm = mutateConfig(f, t -> t.put("qemu_version", "7.2.0"));
    assertFails(PINNED.verify(vm, f.eventLog(), f.quoted()), "vm_config.qemu_version", "not supported");
  }

  @Test
  void aMemorySizeTheVersion3KernelDigestDoesNotCover() {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    VmConfig vm = mutateConfig(f, t -> t.put("memory_size", 2560L * 1024 * 1024));
    assertFails(PINNED.verify(vm, f.eventLog(), f.quoted()), "vm_config.memory_size", "2048 MiB");
  }

  @Test
  void aNormalizedVersion4KernelDigestCoversEveryMemorySize() {
    OsFixtures.Fixture f = fixture(OsFixtures.TLS_KEY);
    VmConfig vm = mutateConfig(f, t -> t.put("memory_size", 2560L * 1024 * 1024));
    OsImageCheck check = PINNED.verify(vm, f.eventLog(), f.quoted());
    // RAM size feeds the TD HOB, so RTMR0 moves; RTMR1 does not.
    assertFails(check, "RTMR0", "RTMR0 mismatch");
    assertThat(check.registers()).extracting(RegisterCheck::matches).containsExactly(true, false, true, true);
  }

  @Test
  void aLiteBootWithoutItsDocument() {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    VmConfig vm = mutateConfig(f, t -> t.remove("tdx_measurement"));
    OsImageCheck check = PINNED.verify(vm, f.eventLog(), f.quoted());
    assertFails(check, "vm_config.tdx_measurement", "lite boot needs it");
    assertThat(check.path()).isEqualTo(OsImagePath.LITE);
  }

  @Test
  void aLegacyBootWithNothingToCompareWith() {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    VmConfig vm = mutateConfig(f, t -> {
      t.remove("tdx_measurement");
      t.remove("tdx_attestation_variant");
    });
    OsImageCheck check = PINNED.verify(vm, f.eventLog(), f.quoted());
    assertFails(check, "vm_config.tdx_measurement", "legacy boot");
    assertThat(check.path()).isEqualTo(OsImagePath.NONE);
  }

  @Test
  void aVersion4CommandLineWithoutRootfsHash() {
    OsFixtures.Fixture f = fixture(OsFixtures.TLS_KEY);
    TdxOsImageMeasurement m = f.vmConfig().tdxMeasurement().decodeMeasurement();
    TdxOsImageMeasurement unpinned = TdxOsImageMeasurement.v4(m.cmdline().replace("dstack.rootfs_hash=", "dstack.rootfs_sha="),
        m.kernelAuthenticode(), true, m.initrdSha384(), m.ovmfVariant(), m.mrtdSinglePass(), m.mrtdTwoPass(), m.tdHobWitness());
    VmConfig vm = f.vmConfig().withTdxMeasurement(TdxMeasurementDocument.create(unpinned));
    assertFails(PINNED.verify(vm, f.eventLog(), f.quoted()), "vm_config.tdx_measurement.measurement.image.cmdline",
        "dstack.rootfs_hash");
  }

  @Test
  void theEventLogOsImageHashIsReportedButNotCompared() {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    OsImageCheck check = PINNED.verify(f.vmConfig(), f.eventLog(), f.quoted());
    assertThat(check.passed()).isTrue();
    assertThat(check.eventLogOsImageHash().hex()).isEqualTo("07a2388c7a6a1b6a646d443f1517990a4ec294471d63146cda9d56972765051d");
    assertThat(check.eventLogOsImageHash()).isNotEqualTo(check.osImageHash());
    assertThat(check.summary()).contains("verified (lite path, ACPI tables verified: pinned_digests)");
  }

  @Test
  void aDocumentWhoseHashIsListedButIsNotCbor() {
    OsFixtures.Fixture f = fixture(OsFixtures.GETQUOTE);
    byte[] junk = "not cbor at all".getBytes(StandardCharsets.US_ASCII);
    byte[] checksum = (Hex.encode(Digests.sha256(junk)) + "  measurement.tdx.cbor\n").getBytes(StandardCharsets.UTF_8);
    VmConfig vm = mutateConfig(f, t -> {
      setDocument(t, checksum, junk);
      t.put("os_image_hash", Hex.encode(Digests.sha256(checksum)));
    });
    OsImageCheck check = PINNED.verify(vm, f.eventLog(), f.quoted());
    assertThat(check.passed()).isFalse();
    assertThat(check.failedField()).startsWith("vm_config.tdx_measurement.measurement");
  }

  private static String mutateEvent(String logJson, String event, Consumer<ObjectNode> change) {
    ArrayNode events = (ArrayNode) PhalaJson.readTree("log", logJson);
    for (JsonNode e : events) {
      if (e.get("event").asText().equals(event)) {
        change.accept((ObjectNode) e);
      }
    }
    return events.toString();
  }

  private static String flipHex(String hex) {
    char c = hex.charAt(hex.length() - 1);
    return hex.substring(0, hex.length() - 1) + (c == '0' ? '1' : '0');
  }
}
