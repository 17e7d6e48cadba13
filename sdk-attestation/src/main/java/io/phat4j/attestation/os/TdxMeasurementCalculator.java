package io.phat4j.attestation.os;

import io.phat4j.attestation.os.internal.BootLogs;
import io.phat4j.attestation.os.internal.Digests;
import io.phat4j.attestation.os.internal.KernelImage;
import io.phat4j.attestation.os.internal.QemuOptions;
import io.phat4j.attestation.os.internal.TdHob;
import io.phat4j.attestation.os.internal.Tdvf;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import java.util.List;
import java.util.Objects;

/**
 * Computes what a dstack OS image on a VM configuration measures into MRTD and RTMR0–2, the way
 * dstack-mr computes it. Used by {@link OsImageVerifier}, and on its own to build the registers
 * and event digests a simulated CVM must carry (the devnet) or to produce a measurement document
 * for an image.
 *
 * <p>Two sources of image material:
 *
 * <ul>
 *   <li>{@link #fromDocument}: the image's {@code measurement.tdx.cbor} (the lite path; MRTD is
 *       one of the two stated candidates, the TD HOB is rebuilt from the witness);
 *   <li>{@link #fromImageFiles}: the image files (the full path; MRTD from the TDVF metadata, the
 *       kernel's Authenticode digest from the bzImage).
 * </ul>
 *
 * <p>The VM config supplies RAM size, QEMU version and flags; the three ACPI digests come from the
 * caller (the event log, pinned reference values, or supplied tables). Stateless and thread-safe.
 */
public final class TdxMeasurementCalculator {
  private static final String DOC = "vm_config.tdx_measurement.measurement";

  private TdxMeasurementCalculator() {}

  /**
   * Computes the expected boot from a measurement document.
   *
   * @param measurement the decoded {@code measurement.tdx.cbor}
   * @param vmConfig the VM config (RAM, QEMU version and flags)
   * @param acpi the three ACPI digests to extend into RTMR0
   * @return the expected registers and event digests
   * @throws MeasurementException naming the field when the VM shape or the document cannot be
   *     measured (a RAM size the document's kernel digest does not cover, an unsupported QEMU
   *     version, a malformed TD HOB witness, a version 4 command line without {@code
   *     dstack.rootfs_hash})
   */
  public static ExpectedBoot fromDocument(TdxOsImageMeasurement measurement, VmConfig vmConfig, AcpiDigests acpi) {
    Objects.requireNonNull(measurement, "measurement");
    Objects.requireNonNull(vmConfig, "vmConfig");
    Objects.requireNonNull(acpi, "acpi");
    long memory = vmConfig.memorySize();
    if (!measurement.kernelHeaderNormalized() && !KernelImage.usesPrecomputedHighMemDigest(memory)) {
      throw new MeasurementException("vm_config.memory_size",
          "the measurement document's kernel digest covers QEMU's patched setup header only at exactly 2048 MiB or at least "
              + (KernelImage.STABLE_MIN_MEMORY >> 20) + " MiB of RAM; this VM has " + memory + " bytes");
    }
    QemuOptions qemu = qemu(vmConfig);
    Measurement mrtd = qemu.twoPassAddPages() ? measurement.mrtdTwoPass() : measurement.mrtdSinglePass();
    byte[] tdHob;
    try {
      tdHob = TdHob.hashFromWitness(measurement.tdHobWitness(), memory);
    } catch (TdHob.TdHobException e) {
      throw new MeasurementException(DOC + ".tdvf.td_hob", e.getMessage());
    }
    List<byte[]> rtmr0 = BootLogs.rtmr0(tdHob, acpi.loader().toByteArray(), acpi.rsdp().toByteArray(), acpi.tables().toByteArray());
    List<byte[]> rtmr1 = BootLogs.rtmr1(measurement.kernelAuthenticode().toByteArray());
    String cmdline = measurement.cmdline();
    if (cmdline != null) {
      requireRootfsHash(cmdline, DOC + ".image.cmdline");
    }
    List<byte[]> rtmr2 = BootLogs.rtmr2(measurement.cmdlineDigest().toByteArray(), measurement.initrdSha384().toByteArray());
    return boot(mrtd.toByteArray(), rtmr0, rtmr1, rtmr2);
  }

  /**
   * Computes the expected boot from the image files.
   *
   * @param files the image files (not checked against any hash here; the verifier does that)
   * @param vmConfig the VM config
   * @param acpi the three ACPI digests to extend into RTMR0
   * @return the expected registers and event digests
   * @throws MeasurementException naming the file or field that cannot be measured
   */
  public static ExpectedBoot fromImageFiles(OsImageFiles files, VmConfig vmConfig, AcpiDigests acpi) {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(vmConfig, "vmConfig");
    Objects.requireNonNull(acpi, "acpi");
    OsImageFiles.ImageMetadata meta = files.metadata();
    Tdvf tdvf = tdvf(files);
    QemuOptions qemu = qemu(vmConfig);
    byte[] mrtd = tdvf.mrtd(qemu.twoPassAddPages());
    byte[] tdHob;
    try {
      tdHob = tdvf.tdHobHash(vmConfig.memorySize());
    } catch (TdHob.TdHobException e) {
      throw new MeasurementException("image_files." + meta.bios(), e.getMessage());
    }
    List<byte[]> rtmr0 = BootLogs.rtmr0(tdHob, acpi.loader().toByteArray(), acpi.rsdp().toByteArray(), acpi.tables().toByteArray());
    byte[] kernelDigest;
    try {
      kernelDigest = KernelImage.rtmr1Digest(files.kernelUnsafe(), files.initrdUnsafe().length, vmConfig.memorySize(),
          meta.kernelHeaderNormalized());
    } catch (KernelImage.KernelException e) {
      throw new MeasurementException("image_files." + meta.kernel(), e.getMessage());
    }
    List<byte[]> rtmr1 = BootLogs.rtmr1(kernelDigest);
    List<byte[]> rtmr2 = BootLogs.rtmr2(BootLogs.measureBaseCmdline(meta.cmdline()), Digests.sha384(files.initrdUnsafe()));
    return boot(mrtd, rtmr0, rtmr1, rtmr2);
  }

  /**
   * Builds the version 4 measurement document of an image from its files, as dstack's image
   * build does: the base command line, the kernel digest (of the file as shipped when {@code
   * metadata.json} declares {@code kernel_header_normalized}, else of QEMU's patched header at
   * high memory), the initrd digest, both MRTD candidates and the TD HOB witness.
   *
   * @param files the image files
   * @return the document; wrap it with {@link TdxMeasurementDocument#create} for a lite VM config
   * @throws MeasurementException if the files cannot be measured or the command line lacks {@code
   *     dstack.rootfs_hash}
   */
  public static TdxOsImageMeasurement measurementOf(OsImageFiles files) {
    OsImageFiles.ImageMetadata meta = files.metadata();
    if (meta.cmdline().isBlank()) {
      throw new MeasurementException("metadata.json.cmdline", "is required for a TDX measurement");
    }
    requireRootfsHash(meta.cmdline(), "metadata.json.cmdline");
    Tdvf tdvf = tdvf(files);
    byte[] kernelDigest;
    try {
      kernelDigest = KernelImage.rtmr1Digest(files.kernelUnsafe(), files.initrdUnsafe().length, KernelImage.STABLE_MIN_MEMORY,
          meta.kernelHeaderNormalized());
    } catch (KernelImage.KernelException e) {
      throw new MeasurementException("image_files." + meta.kernel(), e.getMessage());
    }
    byte[] witness;
    try {
      witness = tdvf.tdHobWitness();
    } catch (Tdvf.TdvfException e) {
      throw new MeasurementException("image_files." + meta.bios(), e.getMessage());
    }
    return TdxOsImageMeasurement.v4(meta.cmdline(), Measurement.of(kernelDigest), meta.kernelHeaderNormalized(),
        Measurement.of(Digests.sha384(files.initrdUnsafe())),
        meta.ovmfVariant() == null ? OvmfVariant.PRE202505 : meta.ovmfVariant(),
        Measurement.of(tdvf.mrtd(false)), Measurement.of(tdvf.mrtd(true)), witness);
  }

  /**
   * Rebuilds the TD HOB digest (the first RTMR0 event) from a document's witness.
   *
   * @param measurement the document
   * @param memorySize guest RAM in bytes
   * @return the digest
   * @throws MeasurementException if the witness is malformed
   */
  public static Measurement tdHobHash(TdxOsImageMeasurement measurement, long memorySize) {
    try {
      return Measurement.of(TdHob.hashFromWitness(measurement.tdHobWitness(), memorySize));
    } catch (TdHob.TdHobException e) {
      throw new MeasurementException(DOC + ".tdvf.td_hob", e.getMessage());
    }
  }

  private static Tdvf tdvf(OsImageFiles files) {
    try {
      return Tdvf.parse(files.firmwareUnsafe());
    } catch (Tdvf.TdvfException e) {
      throw new MeasurementException("image_files." + files.metadata().bios(), e.getMessage());
    }
  }

  private static QemuOptions qemu(VmConfig vm) {
    try {
      return QemuOptions.resolve(vm.qemuVersion(), vm.pic(), vm.qemuSinglePassAddPages());
    } catch (QemuOptions.UnsupportedQemuException e) {
      throw new MeasurementException("vm_config.qemu_version", e.getMessage());
    }
  }

  /** dstack pins the root filesystem through {@code dstack.rootfs_hash=<64 hex>} on the command line. */
  private static void requireRootfsHash(String cmdline, String field) {
    for (String param : cmdline.strip().split("\\s+")) {
      if (param.startsWith("dstack.rootfs_hash=")) {
        try {
          Hex.decode(field, param.substring("dstack.rootfs_hash=".length()), 32);
          return;
        } catch (DecodeException e) {
          throw new MeasurementException(field, "dstack.rootfs_hash is not 32 bytes of hex");
        }
      }
    }
    throw new MeasurementException(field, "does not carry dstack.rootfs_hash, which pins the root filesystem");
  }

  private static ExpectedBoot boot(byte[] mrtd, List<byte[]> rtmr0, List<byte[]> rtmr1, List<byte[]> rtmr2) {
    TdxRegisters registers = new TdxRegisters(Measurement.of(mrtd), Measurement.of(Digests.replay(rtmr0)),
        Measurement.of(Digests.replay(rtmr1)), Measurement.of(Digests.replay(rtmr2)));
    return new ExpectedBoot(registers, wrap(rtmr0), wrap(rtmr1), wrap(rtmr2));
  }

  private static List<Measurement> wrap(List<byte[]> log) {
    return log.stream().map(Measurement::of).toList();
  }
}
