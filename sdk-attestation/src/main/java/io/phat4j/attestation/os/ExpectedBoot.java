package io.phat4j.attestation.os;

import io.phat4j.core.Measurement;
import java.util.List;
import java.util.Objects;

/**
 * What an OS image on a VM configuration must measure: the expected registers and, for RTMR0–2,
 * the event digests that extend to them, in order. A simulated CVM (the devnet's) extends exactly
 * these digests; a verifier compares the registers with the quote and can point at the first
 * event that diverges.
 *
 * @param registers expected MRTD and RTMR0–2
 * @param rtmr0Log the 13 RTMR0 digests (TD HOB, firmware volume, secure-boot variables, separator,
 *     {@code acpi-loader}, {@code acpi-rsdp}, {@code acpi-tables}, boot variables)
 * @param rtmr1Log the 5 RTMR1 digests (kernel, then EFI boot-service events)
 * @param rtmr2Log the 2 RTMR2 digests (command line, initrd)
 */
public record ExpectedBoot(TdxRegisters registers, List<Measurement> rtmr0Log, List<Measurement> rtmr1Log,
    List<Measurement> rtmr2Log) {

  /** Copies the logs. */
  public ExpectedBoot {
    Objects.requireNonNull(registers, "registers");
    rtmr0Log = List.copyOf(rtmr0Log);
    rtmr1Log = List.copyOf(rtmr1Log);
    rtmr2Log = List.copyOf(rtmr2Log);
  }
}
