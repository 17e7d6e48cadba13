package io.phat4j.devnet.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.os.AcpiDigests;
import io.phat4j.attestation.os.ExpectedBoot;
import io.phat4j.attestation.os.VmConfig;
import io.phat4j.core.CryptoException;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import io.phat4j.core.dstack.EventLogVersion;
import io.phat4j.devnet.OsImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A CVM's event log and the registers it extends: the image's boot events for the CVM's VM
 * configuration (as {@link io.phat4j.attestation.os.TdxMeasurementCalculator} computes them, the
 * ACPI events under their names) into RTMR0–2, then the
 * dstack runtime events (V1 digests) into RTMR3. Thread-safe: apps may emit events while quotes
 * are being made; a snapshot is always consistent with its registers.
 */
public final class MeasuredLog {
  private static final long EFI_EVENT_TYPE = 0x80000001L;
  private static final List<String> ACPI_EVENTS =
      List.of(AcpiDigests.LOADER_EVENT, AcpiDigests.RSDP_EVENT, AcpiDigests.TABLES_EVENT);
  private static final byte[] ACPI_DATA_PAYLOAD = "ACPI DATA".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** Where the three ACPI events sit in RTMR0's log. */
  private static final int FIRST_ACPI_EVENT = 8;

  private final Measurement mrtd;
  private final List<Entry> entries = new ArrayList<>();
  private final byte[][] rtmrs = new byte[4][48];

  /**
   * Starts a log with the image's boot events for a VM configuration.
   *
   * @param image the OS image
   * @param vm the CVM's configuration
   */
  public MeasuredLog(OsImage image, VmConfig vm) {
    ExpectedBoot boot = image.boot(vm);
    this.mrtd = boot.registers().mrtd();
    for (int i = 0; i < boot.rtmr0Log().size(); i++) {
      byte[] d = boot.rtmr0Log().get(i).toByteArray();
      int acpi = i - FIRST_ACPI_EVENT;
      if (acpi >= 0 && acpi < ACPI_EVENTS.size()) {
        // dstack keeps these events' name and their "ACPI DATA" payload; a lite verifier reads them.
        add(new Entry(0, AcpiDigests.ACPI_DATA_EVENT_TYPE, d, ACPI_EVENTS.get(acpi), ACPI_DATA_PAYLOAD.clone()));
      } else {
        add(new Entry(0, EFI_EVENT_TYPE, d, "", new byte[0]));
      }
    }
    boot.rtmr1Log().forEach(m -> add(new Entry(1, EFI_EVENT_TYPE, m.toByteArray(), "", new byte[0])));
    boot.rtmr2Log().forEach(m -> add(new Entry(2, EFI_EVENT_TYPE, m.toByteArray(), "", new byte[0])));
  }

  /**
   * Extends RTMR3 with a dstack runtime event.
   *
   * @param name the event name
   * @param payload the payload
   */
  public synchronized void runtimeEvent(String name, byte[] payload) {
    byte[] digest = EventLogVersion.V1.digest(name, payload);
    add(new Entry(3, EventLogVersion.RUNTIME_EVENT_TYPE, digest, name, payload.clone()));
  }

  private synchronized void add(Entry e) {
    entries.add(e);
    byte[] padded = java.util.Arrays.copyOf(e.digest(), 48);
    MessageDigest sha = sha384();
    sha.update(rtmrs[e.imr()]);
    sha.update(padded);
    rtmrs[e.imr()] = sha.digest();
  }

  /**
   * Returns a consistent snapshot of the registers and the log.
   *
   * @return the snapshot
   */
  public synchronized Snapshot snapshot() {
    List<Measurement> regs = new ArrayList<>(4);
    for (byte[] r : rtmrs) {
      regs.add(Measurement.of(r));
    }
    return new Snapshot(mrtd, List.copyOf(regs), List.copyOf(entries));
  }

  private static MessageDigest sha384() {
    try {
      return MessageDigest.getInstance("SHA-384");
    } catch (NoSuchAlgorithmException e) {
      throw new CryptoException("SHA-384 is not available", e);
    }
  }

  /**
   * One log entry.
   *
   * @param imr the register
   * @param eventType the event type
   * @param digest the extended digest
   * @param event the name
   * @param payload the payload (empty for boot events)
   */
  public record Entry(int imr, long eventType, byte[] digest, String event, byte[] payload) {}

  /**
   * The registers and the log at one moment.
   *
   * @param mrtd MRTD
   * @param rtmrs RTMR0 to RTMR3
   * @param entries the log
   */
  public record Snapshot(Measurement mrtd, List<Measurement> rtmrs, List<Entry> entries) {
    /**
     * Renders the log as dstack's JSON array (boot events keep only their digest).
     *
     * @return the array
     */
    public ArrayNode eventLogJson() {
      ArrayNode array = HttpRequests.JSON.createArrayNode();
      for (Entry e : entries) {
        ObjectNode o = array.addObject();
        o.put("imr", e.imr());
        o.put("event_type", e.eventType());
        o.put("digest", Hex.encode(e.digest()));
        o.put("event", e.event());
        o.put("event_payload", Hex.encode(e.payload()));
      }
      return array;
    }
  }
}
