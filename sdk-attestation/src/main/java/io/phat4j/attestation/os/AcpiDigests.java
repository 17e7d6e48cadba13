package io.phat4j.attestation.os;

import io.phat4j.attestation.os.internal.Digests;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Measurement;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.EventLogEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The three RTMR0 digests of the ACPI blobs QEMU hands to OVMF: the table loader script, the RSDP
 * and the tables. They depend on the VM shape (vCPUs, RAM, devices, QEMU version), not on the OS
 * image.
 *
 * @param loader SHA-384 of the {@code etc/table-loader} blob ({@code acpi-loader})
 * @param rsdp SHA-384 of the RSDP ({@code acpi-rsdp})
 * @param tables SHA-384 of the tables ({@code acpi-tables})
 */
public record AcpiDigests(Measurement loader, Measurement rsdp, Measurement tables) {
  /** Event type of an RTMR0 ACPI data event (EV_PLATFORM_CONFIG_FLAGS). */
  public static final long ACPI_DATA_EVENT_TYPE = 10;
  /** Event name of the loader digest. */
  public static final String LOADER_EVENT = "acpi-loader";
  /** Event name of the RSDP digest. */
  public static final String RSDP_EVENT = "acpi-rsdp";
  /** Event name of the tables digest. */
  public static final String TABLES_EVENT = "acpi-tables";
  private static final byte[] ACPI_DATA_PAYLOAD = "ACPI DATA".getBytes(StandardCharsets.US_ASCII);

  /** Checks that no digest is null. */
  public AcpiDigests {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(rsdp, "rsdp");
    Objects.requireNonNull(tables, "tables");
  }

  /**
   * Hashes raw ACPI blobs (as dumped from QEMU for the VM shape).
   *
   * @param loader the table-loader blob
   * @param rsdp the RSDP blob
   * @param tables the tables blob
   * @return their SHA-384 digests
   */
  public static AcpiDigests ofTables(byte[] loader, byte[] rsdp, byte[] tables) {
    return new AcpiDigests(
        Measurement.of(Digests.sha384(loader)), Measurement.of(Digests.sha384(rsdp)), Measurement.of(Digests.sha384(tables)));
  }

  /**
   * Reads the digests the guest reported, as dstack's verifier does: among the RTMR0 events of type
   * 10 with payload {@code "ACPI DATA"} there must be exactly three, one named each of {@code
   * acpi-loader}, {@code acpi-rsdp}, {@code acpi-tables}, each with a 48-byte digest. The names are
   * used, never the order.
   *
   * @param eventLog the parsed event log
   * @return the reported digests
   * @throws DecodeException (field {@code event_log}) if the events are missing, repeated or malformed
   */
  public static AcpiDigests fromEventLog(EventLog eventLog) {
    List<EventLogEntry> rtmr0 = eventLog.entries().stream().filter(e -> e.imr() == 0).toList();
    List<EventLogEntry> acpi = new ArrayList<>();
    for (EventLogEntry e : rtmr0) {
      if (e.eventType() == ACPI_DATA_EVENT_TYPE && Arrays.equals(e.payload(), ACPI_DATA_PAYLOAD)) {
        acpi.add(e);
      }
    }
    if (acpi.size() != 3) {
      throw new DecodeException("event_log",
          "a TDX lite attestation needs exactly 3 RTMR0 ACPI DATA events; found " + acpi.size()
              + " among " + rtmr0.size() + " RTMR0 events");
    }
    return new AcpiDigests(named(acpi, LOADER_EVENT), named(acpi, RSDP_EVENT), named(acpi, TABLES_EVENT));
  }

  private static Measurement named(List<EventLogEntry> acpi, String name) {
    List<EventLogEntry> matches = acpi.stream().filter(e -> e.event().equals(name)).toList();
    if (matches.size() != 1) {
      throw new DecodeException("event_log", "needs exactly one RTMR0 ACPI DATA event named " + name + "; found " + matches.size());
    }
    byte[] digest = matches.get(0).digest();
    if (digest.length != Measurement.LENGTH) {
      throw new DecodeException("event_log", "RTMR0 ACPI DATA event " + name + " has a " + digest.length + "-byte digest, expected 48");
    }
    return Measurement.of(digest);
  }

  /**
   * Returns a digest by its event name.
   *
   * @param eventName {@code acpi-loader}, {@code acpi-rsdp} or {@code acpi-tables}
   * @return the digest
   * @throws IllegalArgumentException for another name
   */
  public Measurement get(String eventName) {
    return switch (eventName) {
      case LOADER_EVENT -> loader;
      case RSDP_EVENT -> rsdp;
      case TABLES_EVENT -> tables;
      default -> throw new IllegalArgumentException("not an ACPI event name: " + eventName);
    };
  }
}
