package io.phat4j.attestation.os;

/**
 * How the three RTMR0 ACPI digests ({@code acpi-loader}, {@code acpi-rsdp}, {@code acpi-tables})
 * were established. Only the first three count as verified ({@link OsImageCheck#acpiTablesVerified()}).
 */
public enum AcpiVerification {
  /** Equal to digests pinned for this VM shape in trusted {@link ReferenceValues}. */
  PINNED_DIGESTS,
  /** Equal to the SHA-384 of ACPI tables the caller supplied with the image files. */
  SUPPLIED_TABLES,
  /** Fixed by an RTMR0 pinned for this image and VM shape, which the quote matched. */
  PINNED_REGISTERS,
  /** Nothing trusted to compare with: the reported digests were used as given. */
  NOT_PINNED,
  /** A trusted reference exists and the reported digests differ from it. */
  MISMATCH,
  /** The check stopped before the ACPI digests were looked at. */
  NOT_CHECKED
}
