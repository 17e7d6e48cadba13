package io.phat4j.attestation.os;

import io.phat4j.attestation.os.internal.ChecksumFile;
import io.phat4j.attestation.os.internal.Digests;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import io.phat4j.core.dstack.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks that a TDX CVM booted the OS image its VM config names: computes the MRTD and RTMR0–2 the
 * image must produce on the declared VM shape and compares them with the quote's, as dstack's
 * verifier ({@code verification.rs}) and dstack-mr do.
 *
 * {@snippet :
 * OsImageVerifier verifier = OsImageVerifier.builder()
 *     .referenceValues(ReferenceValues.bundled().merge(ReferenceValues.load(myPins)))
 *     .build();
 * OsImageCheck check = verifier.verify(VmConfig.parse(vmConfigJson), EventLog.parse(eventLogJson),
 *     TdxRegisters.of((TdReport) verifiedQuote.report()));
 * if (!check.passed()) {
 *   log.warn(check.reason());
 * }
 * }
 *
 * <h2>Paths</h2>
 *
 * <ul>
 *   <li><b>Lite</b> ({@code vm_config.tdx_measurement} present, no files given):
 *       {@code SHA-256(checksum file)} must be {@code os_image_hash}; the checksum file must list
 *       {@code measurement.tdx.cbor} with the SHA-256 of the supplied CBOR; the CBOR (version 3 or
 *       4) gives MRTD (single- or two-pass by QEMU version), the TD HOB witness, the kernel, command
 *       line and initrd digests; the event log's named ACPI digests complete RTMR0.
 *   <li><b>Full</b> (image files given, or registers pinned for the image and shape): the
 *       files' {@code sha256sum.txt} must hash to {@code os_image_hash} and list every file used;
 *       MRTD from the TDVF, RTMR1 from the kernel, RTMR2 from command line and initrd, RTMR0's
 *       ACPI digests from supplied tables, pinned values, or the event log.
 *   <li><b>None</b>: a legacy boot with nothing to check against fails.
 * </ul>
 *
 * <h2>ACPI tables</h2>
 *
 * <p>dstack's newest verifier regenerates the ACPI tables for the VM shape; phat4j runs no QEMU,
 * so {@code acpi_tables_verified} is true only when the reported digests equal trusted values for
 * the shape (pinned in {@link ReferenceValues}, or tables supplied with the image files). A trusted
 * value that differs fails the check, as a regenerated one does upstream. Without one, the reported
 * digests still feed RTMR0, the check can pass, and {@code acpi_tables_verified} stays false for the
 * caller's policy to judge.
 *
 * <p>Never throws for bad evidence: every failure is an {@link OsImageCheck} naming the field.
 * Immutable and thread-safe; build once and share.
 */
public final class OsImageVerifier {
  private final ReferenceValues referenceValues;

  private OsImageVerifier(ReferenceValues referenceValues) {
    this.referenceValues = referenceValues;
  }

  /**
   * Returns a verifier that trusts the {@linkplain ReferenceValues#bundled() bundled} values.
   *
   * @return the verifier
   */
  public static OsImageVerifier create() {
    return builder().build();
  }

  /**
   * Starts a verifier.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link OsImageVerifier}. Not thread-safe. */
  public static final class Builder {
    private ReferenceValues referenceValues = ReferenceValues.bundled();

    private Builder() {}

    /**
     * Sets the values to trust (default: {@link ReferenceValues#bundled()}). Pass {@link
     * ReferenceValues#empty()} to trust nothing beyond the quote.
     *
     * @param values the reference values
     * @return this builder
     */
    public Builder referenceValues(ReferenceValues values) {
      this.referenceValues = Objects.requireNonNull(values, "values");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     */
    public OsImageVerifier build() {
      return new OsImageVerifier(referenceValues);
    }
  }

  /**
   * Returns the values this verifier trusts.
   *
   * @return the reference values
   */
  public ReferenceValues referenceValues() {
    return referenceValues;
  }

  /**
   * Checks the OS image from the VM config alone (lite path, or registers pinned for the image).
   *
   * @param vmConfig the CVM's VM config
   * @param eventLog the CVM's event log (for the ACPI digests)
   * @param quoted MRTD and RTMR0–2 of the verified quote
   * @return the outcome
   */
  public OsImageCheck verify(VmConfig vmConfig, EventLog eventLog, TdxRegisters quoted) {
    return verify(vmConfig, eventLog, quoted, null);
  }

  /**
   * Checks the OS image, from image files when given (full path), else as {@link
   * #verify(VmConfig, EventLog, TdxRegisters)}.
   *
   * @param vmConfig the CVM's VM config
   * @param eventLog the CVM's event log
   * @param quoted MRTD and RTMR0–2 of the verified quote
   * @param files the image files, or null
   * @return the outcome
   */
  public OsImageCheck verify(VmConfig vmConfig, EventLog eventLog, TdxRegisters quoted, @Nullable OsImageFiles files) {
    Objects.requireNonNull(vmConfig, "vmConfig");
    Objects.requireNonNull(eventLog, "eventLog");
    Objects.requireNonNull(quoted, "quoted");
    Run run = new Run(vmConfig, eventLog, quoted);
    if (files != null) {
      return run.full(files);
    }
    if (vmConfig.tdxMeasurement() != null) {
      return run.lite(vmConfig.tdxMeasurement());
    }
    if (vmConfig.tdxAttestationVariant() == TdxAttestationVariant.LITE) {
      return run.fail(OsImagePath.LITE, "vm_config.tdx_measurement", "is absent; a lite boot needs it");
    }
    Bytes32 hash = vmConfig.osImageHash();
    ReferenceValues.PinnedRegisters pinned = hash == null ? null : referenceValues.registers(hash, vmConfig.shape());
    if (pinned != null) {
      return run.pinned(pinned);
    }
    return run.fail(OsImagePath.NONE, "vm_config.tdx_measurement",
        "is absent (legacy boot), and neither image files nor registers pinned for this image and VM shape were given");
  }

  /** The state of one verification; collects what is known so a failure still reports it. */
  private final class Run {
    final VmConfig vm;
    final EventLog eventLog;
    final TdxRegisters quoted;
    final @Nullable Bytes32 hash;
    final ReferenceValues.@Nullable KnownImage referenceImage;
    final @Nullable Bytes32 eventLogOsImageHash;
    @Nullable String version;
    @Nullable Boolean isDev;
    AcpiVerification acpiVerification = AcpiVerification.NOT_CHECKED;
    boolean acpiVerified;
    @Nullable AcpiDigests reportedAcpi;
    @Nullable TdxOsImageMeasurement measurement;
    @Nullable ExpectedBoot expectedBoot;
    List<RegisterCheck> registers = List.of();

    Run(VmConfig vm, EventLog eventLog, TdxRegisters quoted) {
      this.vm = vm;
      this.eventLog = eventLog;
      this.quoted = quoted;
      this.hash = vm.osImageHash();
      this.referenceImage = hash == null ? null : referenceValues.image(hash);
      Bytes32 logged;
      try {
        logged = eventLog.runtimeEvents().osImageHash();
      } catch (PhalaException e) {
        logged = null;
      }
      this.eventLogOsImageHash = logged;
    }

    OsImageCheck lite(TdxMeasurementDocument doc) {
      OsImagePath path = OsImagePath.LITE;
      if (hash == null) {
        return fail(path, "vm_config.os_image_hash", "is missing");
      }
      byte[] checksumFile = doc.checksumFile();
      Bytes32 checksumHash = Bytes32.of(Digests.sha256(checksumFile));
      if (!checksumHash.equals(hash)) {
        return fail(path, "vm_config.tdx_measurement.checksum_file", "its SHA-256 is " + checksumHash
            + " but vm_config.os_image_hash is " + hash + " (the image identity is the SHA-256 of its checksum file)");
      }
      byte[] listed;
      try {
        listed = ChecksumFile.entry(checksumFile, TdxMeasurementDocument.MEASUREMENT_FILE_NAME);
      } catch (ChecksumFile.LookupException e) {
        return fail(path, "vm_config.tdx_measurement.checksum_file", e.getMessage());
      }
      byte[] cbor = doc.measurement();
      Bytes32 cborHash = Bytes32.of(Digests.sha256(cbor));
      if (!cborHash.contentEquals(listed)) {
        return fail(path, "vm_config.tdx_measurement.measurement", "the SHA-256 of measurement.tdx.cbor is " + cborHash
            + " but the checksum file lists " + Hex.encode(listed));
      }
      TdxOsImageMeasurement m;
      try {
        m = TdxOsImageMeasurement.decode(cbor);
      } catch (DecodeException e) {
        return fail(path, e.field(), e.getMessage());
      }
      measurement = m;
      if (vm.ovmfVariant() != null && vm.ovmfVariant() != m.ovmfVariant()) {
        return fail(path, "vm_config.ovmf_variant", "is " + vm.ovmfVariant().wireName()
            + " but the measurement document says " + m.ovmfVariant().wireName());
      }
      try {
        reportedAcpi = AcpiDigests.fromEventLog(eventLog);
      } catch (DecodeException e) {
        return fail(path, "event_log", e.getMessage());
      }
      OsImageCheck acpiFailure = checkAcpiAgainstPin(path, reportedAcpi);
      if (acpiFailure != null) {
        return acpiFailure;
      }
      try {
        expectedBoot = TdxMeasurementCalculator.fromDocument(m, vm, reportedAcpi);
      } catch (MeasurementException e) {
        return fail(path, e.field(), e.getMessage());
      }
      return compare(path, expectedBoot.registers());
    }

    OsImageCheck full(OsImageFiles files) {
      OsImagePath path = OsImagePath.FULL;
      if (hash == null) {
        return fail(path, "vm_config.os_image_hash", "is missing");
      }
      byte[] checksumFile = files.checksumUnsafe();
      Bytes32 checksumHash = Bytes32.of(Digests.sha256(checksumFile));
      if (!checksumHash.equals(hash)) {
        return fail(path, "image_files.sha256sum.txt", "its SHA-256 is " + checksumHash + " but vm_config.os_image_hash is " + hash);
      }
      OsImageFiles.ImageMetadata meta = files.metadata();
      String[] names = {OsImageFiles.METADATA, meta.bios(), meta.kernel(), meta.initrd()};
      byte[][] contents = {files.metadataUnsafe(), files.firmwareUnsafe(), files.kernelUnsafe(), files.initrdUnsafe()};
      for (int i = 0; i < names.length; i++) {
        byte[] listed;
        try {
          listed = ChecksumFile.entry(checksumFile, names[i]);
        } catch (ChecksumFile.LookupException e) {
          return fail(path, "image_files.sha256sum.txt", e.getMessage());
        }
        Bytes32 actual = Bytes32.of(Digests.sha256(contents[i]));
        if (!actual.contentEquals(listed)) {
          return fail(path, "image_files." + names[i], "its SHA-256 is " + actual + " but sha256sum.txt lists " + Hex.encode(listed));
        }
      }
      // Bound to os_image_hash through sha256sum.txt, so as trustworthy as the hash check itself.
      version = meta.version().isEmpty() ? null : meta.version();
      isDev = meta.isDev();
      AcpiDigests trusted = files.acpiDigests();
      AcpiVerification trustedKind = AcpiVerification.SUPPLIED_TABLES;
      ReferenceValues.PinnedAcpi pin = referenceValues.acpi(vm.shape());
      if (trusted == null && pin != null) {
        trusted = pin.digests();
        trustedKind = AcpiVerification.PINNED_DIGESTS;
      }
      try {
        reportedAcpi = AcpiDigests.fromEventLog(eventLog);
      } catch (DecodeException e) {
        if (trusted == null) {
          return fail(path, "event_log", e.getMessage());
        }
        reportedAcpi = null;
      }
      AcpiDigests forRtmr0;
      if (trusted != null) {
        if (reportedAcpi != null) {
          String differing = firstDifference(reportedAcpi, trusted);
          if (differing != null) {
            acpiVerification = AcpiVerification.MISMATCH;
            return fail(path, "event_log." + differing, "the reported " + differing + " digest " + reportedAcpi.get(differing)
                + " differs from " + trusted.get(differing) + (trustedKind == AcpiVerification.SUPPLIED_TABLES
                    ? " of the supplied ACPI tables" : " pinned for VM shape " + vm.shape().describe()));
          }
        }
        forRtmr0 = trusted;
      } else {
        forRtmr0 = Objects.requireNonNull(reportedAcpi);
        trustedKind = AcpiVerification.NOT_PINNED;
      }
      try {
        expectedBoot = TdxMeasurementCalculator.fromImageFiles(files, vm, forRtmr0);
      } catch (MeasurementException e) {
        return fail(path, e.field(), e.getMessage());
      }
      // With trusted digests, RTMR0 matching the quote is what proves the tables.
      boolean rtmr0Matches = expectedBoot.registers().rtmr0().equals(quoted.rtmr0());
      acpiVerification = trustedKind;
      acpiVerified = trustedKind != AcpiVerification.NOT_PINNED && rtmr0Matches;
      return compare(path, expectedBoot.registers());
    }

    OsImageCheck pinned(ReferenceValues.PinnedRegisters pin) {
      if (referenceImage != null) {
        version = referenceImage.version();
        isDev = referenceImage.isDev();
      }
      acpiVerification = AcpiVerification.PINNED_REGISTERS;
      acpiVerified = pin.registers().rtmr0().equals(quoted.rtmr0());
      try {
        reportedAcpi = AcpiDigests.fromEventLog(eventLog);
      } catch (DecodeException e) {
        reportedAcpi = null;
      }
      return compare(OsImagePath.FULL, pin.registers());
    }

    /** Compares reported ACPI digests with a pin for the shape; returns a failure or null. */
    @Nullable OsImageCheck checkAcpiAgainstPin(OsImagePath path, AcpiDigests reported) {
      ReferenceValues.PinnedAcpi pin = referenceValues.acpi(vm.shape());
      if (pin == null) {
        acpiVerification = AcpiVerification.NOT_PINNED;
        return null;
      }
      String differing = firstDifference(reported, pin.digests());
      if (differing != null) {
        acpiVerification = AcpiVerification.MISMATCH;
        return fail(path, "event_log." + differing, "the reported " + differing + " digest " + reported.get(differing)
            + " differs from " + pin.digests().get(differing) + " pinned for VM shape " + vm.shape().describe());
      }
      acpiVerification = AcpiVerification.PINNED_DIGESTS;
      acpiVerified = true;
      return null;
    }

    OsImageCheck compare(OsImagePath path, TdxRegisters expected) {
      List<RegisterCheck> checks = new ArrayList<>();
      for (String r : List.of("MRTD", "RTMR0", "RTMR1", "RTMR2")) {
        checks.add(RegisterCheck.compare(r, expected.get(r), quoted.get(r)));
      }
      registers = checks;
      List<RegisterCheck> bad = checks.stream().filter(c -> !c.matches()).toList();
      if (bad.isEmpty()) {
        return result(path, expected, true, null, null);
      }
      StringBuilder reason = new StringBuilder();
      for (RegisterCheck c : bad) {
        if (!reason.isEmpty()) {
          reason.append("; ");
        }
        reason.append(c.register()).append(" mismatch: expected=").append(c.expected()).append(", actual=").append(c.actual());
      }
      return result(path, expected, false, bad.get(0).register(), reason.toString());
    }

    OsImageCheck fail(OsImagePath path, String field, @Nullable String message) {
      String m = message == null ? "is invalid" : message;
      String reason = m.startsWith(field) ? m : field + ": " + m;
      return result(path, expectedBoot == null ? null : expectedBoot.registers(), false, field, reason);
    }

    OsImageCheck result(OsImagePath path, @Nullable TdxRegisters expected, boolean ok, @Nullable String field,
        @Nullable String reason) {
      return new OsImageCheck(path, hash, ok, acpiVerified, version, isDev, acpiVerification, expected, quoted, registers,
          expectedBoot, reportedAcpi, measurement, referenceImage, eventLogOsImageHash, field, reason);
    }
  }

  private static @Nullable String firstDifference(AcpiDigests reported, AcpiDigests trusted) {
    for (String name : List.of(AcpiDigests.LOADER_EVENT, AcpiDigests.RSDP_EVENT, AcpiDigests.TABLES_EVENT)) {
      if (!reported.get(name).equals(trusted.get(name))) {
        return name;
      }
    }
    return null;
  }
}
