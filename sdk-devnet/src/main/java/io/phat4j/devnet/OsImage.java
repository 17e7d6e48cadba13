package io.phat4j.devnet;

import io.phat4j.attestation.os.AcpiDigests;
import io.phat4j.attestation.os.ExpectedBoot;
import io.phat4j.attestation.os.OvmfVariant;
import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.attestation.os.TdxMeasurementCalculator;
import io.phat4j.attestation.os.TdxMeasurementDocument;
import io.phat4j.attestation.os.TdxOsImageMeasurement;
import io.phat4j.attestation.os.VmConfig;
import io.phat4j.attestation.os.VmShape;
import io.phat4j.core.Bytes32;
import io.phat4j.core.CryptoException;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Objects;

/**
 * A simulated dstack dev OS image: its name and its lite measurement document (the
 * {@code sha256sum.txt} checksum file and {@code measurement.tdx.cbor} that dstack puts in
 * {@code vm_config.tdx_measurement}).
 *
 * <p>Every CVM booted from it reports the MRTD and RTMR0–2 that {@link TdxMeasurementCalculator}
 * computes from the document for that CVM's VM shape and the devnet's ACPI digests for the shape,
 * and logs the matching boot events, so a verifier checks the OS image on the lite path exactly as
 * for a real image. The values are derived from the name, so two devnets with the same image
 * report the same measurements; they are not the measurements of any real image, and the image is
 * a dev image (a policy must allow dev images to accept it).
 *
 * @param name the image name, e.g. {@code dstack-dev-0.5.3}
 * @param measurement the lite measurement document
 */
public record OsImage(String name, TdxMeasurementDocument measurement) {
  /** The image a devnet boots unless told otherwise. */
  public static final String DEFAULT_NAME = "dstack-dev-0.5.3";

  /** The QEMU version the devnet's VM configurations declare. */
  static final String QEMU_VERSION = "9.2.1";

  /**
   * Checks the components.
   *
   * @param name the name
   * @param measurement the document
   */
  public OsImage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(measurement, "measurement");
  }

  /**
   * Derives a simulated dev image from its name: a version 4 lite measurement whose kernel, initrd
   * and firmware digests are derived from the name.
   *
   * @param name the image name
   * @return the image
   */
  public static OsImage simulated(String name) {
    Objects.requireNonNull(name, "name");
    String rootfs = Hex.encode(derive(name, "rootfs").toByteArray()).substring(0, 64);
    String cmdline = "console=ttyS0 init=/init panic=1 dstack.rootfs_hash=" + rootfs + " dstack.rootfs_size=4096";
    Measurement mrtd = derive(name, "mrtd");
    TdxOsImageMeasurement m = TdxOsImageMeasurement.v4(cmdline, derive(name, "kernel"), true,
        derive(name, "initrd"), OvmfVariant.PRE202505, mrtd, mrtd,
        // A compact TD HOB witness as dstack-mr records it for current OVMF builds.
        Hex.decode("witness", "80100904000609020b021010"));
    return new OsImage(name, TdxMeasurementDocument.create(m));
  }

  /**
   * Returns the image hash: SHA-256 of the checksum file, as {@code vm_config.os_image_hash} and
   * the {@code os-image-hash} event carry it.
   *
   * @return the hash
   */
  public Bytes32 osImageHash() {
    return measurement.osImageHash();
  }

  /**
   * Returns the {@code vm_config} of a CVM of this image with {@code cpuCount} vCPUs and
   * {@code memorySize} bytes, {@code tdx_measurement} included.
   *
   * @param cpuCount virtual CPUs
   * @param memorySize memory in bytes
   * @return the configuration
   */
  public VmConfig vmConfig(long cpuCount, long memorySize) {
    return VmConfig.builder().cpuCount(cpuCount).memorySize(memorySize).qemuVersion(QEMU_VERSION)
        .hostShareMode("9p").image(name).build().withTdxMeasurement(measurement);
  }

  /**
   * Returns the devnet's ACPI table digests for a VM shape (derived from the name and the shape;
   * no real tables exist).
   *
   * @param shape the shape
   * @return the digests RTMR0 records
   */
  public AcpiDigests acpi(VmShape shape) {
    String base = "phat4j-devnet/os-image/" + name + "/acpi/" + shape.describe() + "/";
    return AcpiDigests.ofTables((base + "loader").getBytes(StandardCharsets.UTF_8),
        (base + "rsdp").getBytes(StandardCharsets.UTF_8), (base + "tables").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns what a CVM with this configuration measures: MRTD, RTMR0–2 and their event digests.
   *
   * @param vm the CVM's configuration (from {@link #vmConfig})
   * @return the expected boot
   */
  public ExpectedBoot boot(VmConfig vm) {
    return TdxMeasurementCalculator.fromDocument(measurement.decodeMeasurement(), vm, acpi(vm.shape()));
  }

  /**
   * Returns reference values for this image: the image as a known dev image, and the ACPI digests
   * pinned for each given configuration's shape. Trust them for the devnet only: they are what the
   * simulator reports, not tables regenerated for the shape.
   *
   * @param configs the configurations the devnet boots
   * @return the reference values
   */
  public ReferenceValues referenceValues(Collection<VmConfig> configs) {
    ReferenceValues.Builder b = ReferenceValues.builder()
        .addImage(new ReferenceValues.KnownImage(osImageHash(), version(), true, "phat4j devnet dev image " + name));
    for (VmConfig vm : configs) {
      b.addAcpi(new ReferenceValues.PinnedAcpi(vm.shape(), acpi(vm.shape()), "phat4j devnet (trusted for the devnet only)"));
    }
    return b.build();
  }

  private String version() {
    int dash = name.lastIndexOf('-');
    return dash < 0 ? name : name.substring(dash + 1);
  }

  private static Measurement derive(String name, String label) {
    try {
      return Measurement.of(MessageDigest.getInstance("SHA-384").digest(
          ("phat4j-devnet/os-image/" + name + "/" + label).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new CryptoException("SHA-384 is not available", e);
    }
  }
}
