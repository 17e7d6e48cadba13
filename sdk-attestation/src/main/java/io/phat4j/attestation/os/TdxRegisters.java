package io.phat4j.attestation.os;

import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.core.Measurement;
import java.util.Objects;

/**
 * The four TDX registers the OS image determines: MRTD (firmware), RTMR0 (firmware configuration
 * and ACPI tables), RTMR1 (kernel) and RTMR2 (command line and initrd).
 *
 * @param mrtd the build-time measurement of the TD (the TDVF)
 * @param rtmr0 runtime register 0
 * @param rtmr1 runtime register 1
 * @param rtmr2 runtime register 2
 */
public record TdxRegisters(Measurement mrtd, Measurement rtmr0, Measurement rtmr1, Measurement rtmr2) {

  /** Checks that no register is null. */
  public TdxRegisters {
    Objects.requireNonNull(mrtd, "mrtd");
    Objects.requireNonNull(rtmr0, "rtmr0");
    Objects.requireNonNull(rtmr1, "rtmr1");
    Objects.requireNonNull(rtmr2, "rtmr2");
  }

  /**
   * Takes the registers from a TD report (the body of a verified TDX quote).
   *
   * @param report the report
   * @return MRTD and RTMR0–2 of the report
   */
  public static TdxRegisters of(TdReport report) {
    return new TdxRegisters(report.mrTd(), report.rtmr(0), report.rtmr(1), report.rtmr(2));
  }

  /**
   * Returns a register by its name.
   *
   * @param name {@code MRTD}, {@code RTMR0}, {@code RTMR1} or {@code RTMR2}
   * @return the value
   * @throws IllegalArgumentException for another name
   */
  public Measurement get(String name) {
    return switch (name) {
      case "MRTD" -> mrtd;
      case "RTMR0" -> rtmr0;
      case "RTMR1" -> rtmr1;
      case "RTMR2" -> rtmr2;
      default -> throw new IllegalArgumentException("not a register: " + name);
    };
  }
}
