package io.phat4j.attestation.os;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import io.phat4j.core.dstack.EventLog;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The devnet recipe (docs/verifying-apps.md, "The OS image"): a dev image's lite measurement, the
 * registers and boot events a simulated quote must carry, and the ACPI pin for its shape.
 */
class DevImageTest {

  private static Measurement fill(int b) {
    byte[] m = new byte[48];
    Arrays.fill(m, (byte) b);
    return Measurement.of(m);
  }

  @Test
  void aSimulatedCvmWithTheComputedBootVerifies() {
    TdxOsImageMeasurement dev = TdxOsImageMeasurement.v4(SyntheticImage.CMDLINE, fill(0x11), true, fill(0x22),
        OvmfVariant.PRE202505, fill(0x33), fill(0x44), Hex.decode("witness", "80100904000609020b021010"));
    TdxMeasurementDocument document = TdxMeasurementDocument.create(dev);
    VmConfig vm = VmConfig.builder().cpuCount(1).memorySize(1L << 30).qemuVersion("9.2.1").hostShareMode("9p")
        .image("dstack-dev-0.6.0").build().withTdxMeasurement(document);
    AcpiDigests devAcpi = AcpiDigests.ofTables("dev-loader".getBytes(StandardCharsets.US_ASCII),
        "dev-rsdp".getBytes(StandardCharsets.US_ASCII), "dev-tables".getBytes(StandardCharsets.US_ASCII));
    ExpectedBoot boot = TdxMeasurementCalculator.fromDocument(dev, vm, devAcpi);

    // The simulated CVM extends exactly these digests; the ACPI ones under their names.
    EventLog log = EventLog.parse(eventLog(boot));
    assertThat(log.replay().rtmr0()).isEqualTo(boot.registers().rtmr0());
    assertThat(log.replay().rtmr1()).isEqualTo(boot.registers().rtmr1());
    assertThat(log.replay().rtmr2()).isEqualTo(boot.registers().rtmr2());
    assertThat(boot.registers().mrtd()).isEqualTo(fill(0x33)); // QEMU 9.x adds pages in one pass

    ReferenceValues devPins = ReferenceValues.builder()
        .addAcpi(new ReferenceValues.PinnedAcpi(vm.shape(), devAcpi, "devnet"))
        .addImage(new ReferenceValues.KnownImage(document.osImageHash(), "0.6.0", true, "devnet dev image"))
        .build();
    OsImageCheck check = OsImageVerifier.builder().referenceValues(devPins).build()
        .verify(VmConfig.parse(vm.toJsonString()), log, boot.registers());
    assertThat(check.reason()).isNull();
    assertThat(check.acpiTablesVerified()).isTrue();
    assertThat(check.referenceImage().isDev()).isTrue();
    assertThat(new String(document.checksumFile(), StandardCharsets.UTF_8))
        .matches("[0-9a-f]{64}  measurement\\.tdx\\.cbor\n");
  }

  /** The RTMR0–2 part of an event log for a simulated boot. */
  static String eventLog(ExpectedBoot boot) {
    ArrayNode log = JsonNodeFactory.instance.arrayNode();
    List<String> acpiNames = List.of("acpi-loader", "acpi-rsdp", "acpi-tables");
    for (int i = 0; i < boot.rtmr0Log().size(); i++) {
      if (i >= 8 && i <= 10) {
        OsFixtures.acpiEvent(log, acpiNames.get(i - 8), boot.rtmr0Log().get(i).hex());
      } else {
        event(log, 0, boot.rtmr0Log().get(i));
      }
    }
    boot.rtmr1Log().forEach(d -> event(log, 1, d));
    boot.rtmr2Log().forEach(d -> event(log, 2, d));
    return log.toString();
  }

  private static void event(ArrayNode log, int imr, Measurement digest) {
    ObjectNode e = log.addObject();
    e.put("imr", imr);
    e.put("event_type", 0x80000001L);
    e.put("digest", digest.hex());
    e.put("event", "");
    e.put("event_payload", "");
  }
}
