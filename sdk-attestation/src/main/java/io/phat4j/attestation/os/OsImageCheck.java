package io.phat4j.attestation.os;

import io.phat4j.core.Bytes32;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of checking a CVM's OS image: which path was used, whether the quote's MRTD and
 * RTMR0–2 are those of the image named by {@code os_image_hash} on the declared VM shape, and
 * whether the ACPI tables were checked against trusted values.
 *
 * <p>The first fields map one to one onto dstack-verifier's response: {@code
 * os_image_hash_verified}, {@code acpi_tables_verified}, {@code os_image_version}, {@code
 * os_image_is_dev}. When the check fails, {@link #failedField()} names the input at fault (e.g.
 * {@code vm_config.tdx_measurement.checksum_file}, {@code event_log}, {@code RTMR1}) and {@link
 * #reason()} explains it, naming the same field.
 *
 * @param path how the image was checked
 * @param osImageHash the VM config's {@code os_image_hash}, or null when absent
 * @param osImageHashVerified true when the expected registers were computed from material bound
 *     to {@code os_image_hash} and all four equal the quote's
 * @param acpiTablesVerified true only when the three reported ACPI digests equal trusted values
 *     for the declared VM shape ({@link #acpiVerification()} says which); never for digests that
 *     were only reported
 * @param osImageVersion the image's version where the path knows it (the full path, from {@code
 *     metadata.json}); null on the lite path, as in dstack-verifier
 * @param osImageIsDev the image's dev flag where the path knows it (full path); null otherwise
 * @param acpiVerification how the ACPI digests were established
 * @param expected the expected registers, or null when the check stopped before computing them
 * @param actual the quote's registers
 * @param registers the four comparisons (empty when nothing was computed)
 * @param expectedBoot the expected event digests, or null when nothing was computed
 * @param reportedAcpi the ACPI digests the event log reports, or null when not read
 * @param measurement the decoded measurement document (lite path), or null
 * @param referenceImage the {@link ReferenceValues} entry for {@code os_image_hash}, or null
 * @param eventLogOsImageHash the {@code os-image-hash} runtime event's payload, or null. Informational:
 *     dstack extends it after boot from what its KMS returned and dstack-verifier does not compare it
 *     with {@code os_image_hash} (in dstack-verifier's own genuine fixture they differ)
 * @param failedField the input at fault, or null when the check passed
 * @param reason why it failed, or null when it passed
 */
public record OsImageCheck(
    OsImagePath path,
    @Nullable Bytes32 osImageHash,
    boolean osImageHashVerified,
    boolean acpiTablesVerified,
    @Nullable String osImageVersion,
    @Nullable Boolean osImageIsDev,
    AcpiVerification acpiVerification,
    @Nullable TdxRegisters expected,
    TdxRegisters actual,
    List<RegisterCheck> registers,
    @Nullable ExpectedBoot expectedBoot,
    @Nullable AcpiDigests reportedAcpi,
    @Nullable TdxOsImageMeasurement measurement,
    ReferenceValues.@Nullable KnownImage referenceImage,
    @Nullable Bytes32 eventLogOsImageHash,
    @Nullable String failedField,
    @Nullable String reason) {

  /** Checks the fields and copies the list. */
  public OsImageCheck {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(acpiVerification, "acpiVerification");
    Objects.requireNonNull(actual, "actual");
    registers = List.copyOf(registers);
    if (osImageHashVerified != (reason == null)) {
      throw new IllegalArgumentException("a verified check has no reason and a failed one has one");
    }
    if (acpiTablesVerified && !(acpiVerification == AcpiVerification.PINNED_DIGESTS
        || acpiVerification == AcpiVerification.SUPPLIED_TABLES
        || acpiVerification == AcpiVerification.PINNED_REGISTERS)) {
      throw new IllegalArgumentException("ACPI tables are verified only against trusted values");
    }
  }

  /**
   * Tells whether the OS image check passed (same as {@link #osImageHashVerified()}).
   *
   * @return true when the registers are those of the image
   */
  public boolean passed() {
    return osImageHashVerified;
  }

  /**
   * Describes the outcome in one line, for logs and reports.
   *
   * @return e.g. {@code OS image e6f5… verified (lite path, ACPI tables pinned)}
   */
  public String summary() {
    String image = osImageHash == null ? "(no os_image_hash)" : osImageHash.hex();
    if (!osImageHashVerified) {
      return "OS image " + image + " not verified (" + path.name().toLowerCase(java.util.Locale.ROOT) + " path): " + reason;
    }
    return "OS image " + image + " verified (" + path.name().toLowerCase(java.util.Locale.ROOT) + " path, ACPI tables "
        + (acpiTablesVerified ? "verified: " : "not verified: ") + acpiVerification.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
