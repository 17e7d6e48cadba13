package io.phat4j.attestation.os;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.json.PhalaJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The files of an OS image that the full path measures: the contents of dstack's {@code
 * mr_<os_image_hash>} archive ({@code metadata.json}, {@code sha256sum.txt}, the TDVF firmware,
 * the kernel and the initrd), and optionally the three ACPI blobs QEMU generated for the VM shape
 * (Java runs no QEMU, so these can only come from the caller).
 *
 * <p>Nothing here is trusted by itself: {@link OsImageVerifier} requires {@code SHA-256(sha256sum.txt)}
 * to be the VM's {@code os_image_hash} and every file used to match its {@code sha256sum.txt}
 * entry. Reads are bounded (firmware 64 MiB, kernel 128 MiB, initrd 512 MiB, text files 1 MiB).
 *
 * <p>Immutable and thread-safe; byte arrays are copied in and out.
 */
public final class OsImageFiles {
  /** Largest firmware accepted. */
  public static final int MAX_FIRMWARE_BYTES = 64 * 1024 * 1024;
  /** Largest kernel accepted. */
  public static final int MAX_KERNEL_BYTES = 128 * 1024 * 1024;
  /** Largest initrd accepted. */
  public static final int MAX_INITRD_BYTES = 512 * 1024 * 1024;
  /** Largest metadata, checksum or ACPI file accepted. */
  public static final int MAX_TEXT_BYTES = 1024 * 1024;
  /** The metadata file name. */
  public static final String METADATA = "metadata.json";
  /** The checksum file name. */
  public static final String CHECKSUMS = "sha256sum.txt";

  /**
   * The fields of {@code metadata.json} the measurement uses.
   *
   * @param cmdline the base kernel command line
   * @param kernel the kernel file name
   * @param initrd the initrd file name
   * @param bios the firmware file name
   * @param version the dstack OS version, empty when absent
   * @param isDev whether it is a dev image (absent = production)
   * @param ovmfVariant the OVMF layout, or null
   * @param kernelHeaderNormalized whether the image's OVMF normalizes the kernel setup header
   */
  public record ImageMetadata(String cmdline, String kernel, String initrd, String bios, String version, boolean isDev,
      @Nullable OvmfVariant ovmfVariant, boolean kernelHeaderNormalized) {
    /** Checks the fields. */
    public ImageMetadata {
      Objects.requireNonNull(cmdline, "cmdline");
      Objects.requireNonNull(kernel, "kernel");
      Objects.requireNonNull(initrd, "initrd");
      Objects.requireNonNull(bios, "bios");
      Objects.requireNonNull(version, "version");
    }

    /**
     * Parses {@code metadata.json}.
     *
     * @param json the bytes
     * @return the fields
     * @throws DecodeException naming {@code metadata.json.<field>}
     */
    public static ImageMetadata parse(byte[] json) {
      String f = METADATA;
      if (json.length > MAX_TEXT_BYTES) {
        throw new DecodeException(f, "is over the " + MAX_TEXT_BYTES + "-byte limit");
      }
      JsonNode root = PhalaJson.readTree(f, json);
      if (!root.isObject()) {
        throw new DecodeException(f, "must be a JSON object");
      }
      String ovmf = optText(root, "ovmf_variant");
      return new ImageMetadata(
          required(root, "cmdline"),
          fileName(root, "kernel"),
          fileName(root, "initrd"),
          fileName(root, "bios"),
          Objects.requireNonNullElse(optText(root, "version"), ""),
          bool(root, "is_dev"),
          ovmf == null ? null : OvmfVariant.fromWire(f + ".ovmf_variant", ovmf),
          bool(root, "kernel_header_normalized"));
    }

    private static String required(JsonNode root, String name) {
      String v = optText(root, name);
      if (v == null) {
        throw new DecodeException(METADATA + "." + name, "is missing");
      }
      return v;
    }

    private static String fileName(JsonNode root, String name) {
      String v = optText(root, name);
      if (v == null) {
        throw new DecodeException(METADATA + "." + name, "is missing");
      }
      if (v.isEmpty() || v.contains("/") || v.contains("\\") || v.equals(".") || v.equals("..") || v.indexOf('\0') >= 0) {
        throw new DecodeException(METADATA + "." + name, "must be a plain file name");
      }
      return v;
    }

    private static @Nullable String optText(JsonNode root, String name) {
      JsonNode v = root.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isTextual()) {
        throw new DecodeException(METADATA + "." + name, "must be a string");
      }
      return v.textValue();
    }

    private static boolean bool(JsonNode root, String name) {
      JsonNode v = root.get(name);
      if (v == null || v.isNull()) {
        return false;
      }
      if (!v.isBoolean()) {
        throw new DecodeException(METADATA + "." + name, "must be a boolean");
      }
      return v.booleanValue();
    }
  }

  /**
   * Raw ACPI blobs.
   *
   * @param loader the table-loader blob
   * @param rsdp the RSDP
   * @param tables the tables
   */
  private record AcpiBlobs(byte[] loader, byte[] rsdp, byte[] tables) {}

  private final byte[] metadataJson;
  private final ImageMetadata metadata;
  private final byte[] checksumFile;
  private final byte[] firmware;
  private final byte[] kernel;
  private final byte[] initrd;
  private final @Nullable AcpiBlobs acpi;

  private OsImageFiles(byte[] metadataJson, byte[] checksumFile, byte[] firmware, byte[] kernel, byte[] initrd,
      @Nullable AcpiBlobs acpi) {
    this.metadataJson = metadataJson;
    this.metadata = ImageMetadata.parse(metadataJson);
    this.checksumFile = checksumFile;
    this.firmware = firmware;
    this.kernel = kernel;
    this.initrd = initrd;
    this.acpi = acpi;
  }

  /**
   * Wraps files already in memory (copied).
   *
   * @param metadataJson {@code metadata.json}
   * @param checksumFile {@code sha256sum.txt}
   * @param firmware the file {@code metadata.json} names as {@code bios}
   * @param kernel the file named as {@code kernel}
   * @param initrd the file named as {@code initrd}
   * @return the files
   * @throws DecodeException if {@code metadata.json} is malformed or a file is over its bound
   */
  public static OsImageFiles of(byte[] metadataJson, byte[] checksumFile, byte[] firmware, byte[] kernel, byte[] initrd) {
    check("sha256sum.txt", checksumFile, MAX_TEXT_BYTES);
    check("firmware", firmware, MAX_FIRMWARE_BYTES);
    check("kernel", kernel, MAX_KERNEL_BYTES);
    check("initrd", initrd, MAX_INITRD_BYTES);
    return new OsImageFiles(metadataJson.clone(), checksumFile.clone(), firmware.clone(), kernel.clone(), initrd.clone(), null);
  }

  /**
   * Reads an extracted image directory: {@code metadata.json}, {@code sha256sum.txt} and the
   * firmware, kernel and initrd {@code metadata.json} names (plain names, no paths; symbolic links
   * are not followed).
   *
   * @param dir the directory
   * @return the files
   * @throws DecodeException if {@code metadata.json} is malformed or a file is over its bound
   * @throws UncheckedIOException if a file cannot be read
   */
  public static OsImageFiles fromDirectory(Path dir) {
    byte[] metadataJson = read(dir, METADATA, MAX_TEXT_BYTES);
    ImageMetadata m = ImageMetadata.parse(metadataJson);
    return new OsImageFiles(metadataJson, read(dir, CHECKSUMS, MAX_TEXT_BYTES), read(dir, m.bios(), MAX_FIRMWARE_BYTES),
        read(dir, m.kernel(), MAX_KERNEL_BYTES), read(dir, m.initrd(), MAX_INITRD_BYTES), null);
  }

  /**
   * Returns a copy that also carries the ACPI blobs QEMU generated for the VM shape (for example
   * dumped with dstack's {@code dstack-acpi-tables}); the verifier then takes RTMR0's ACPI digests
   * from them and reports the tables as verified when the event log agrees.
   *
   * @param loader the {@code etc/table-loader} blob
   * @param rsdp the RSDP blob
   * @param tables the tables blob
   * @return the new instance
   */
  public OsImageFiles withAcpiTables(byte[] loader, byte[] rsdp, byte[] tables) {
    check("acpi loader", loader, MAX_TEXT_BYTES);
    check("acpi rsdp", rsdp, MAX_TEXT_BYTES);
    check("acpi tables", tables, MAX_TEXT_BYTES);
    return new OsImageFiles(metadataJson, checksumFile, firmware, kernel, initrd,
        new AcpiBlobs(loader.clone(), rsdp.clone(), tables.clone()));
  }

  private static void check(String what, byte[] data, int max) {
    Objects.requireNonNull(data, what);
    if (data.length > max) {
      throw new DecodeException("image_files." + what, "is over the " + max + "-byte limit");
    }
  }

  private static byte[] read(Path dir, String name, int max) {
    Path p = dir.resolve(name);
    try {
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new DecodeException("image_files." + name, "is not a regular file in " + dir);
      }
      try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
        byte[] b = in.readNBytes(max + 1);
        if (b.length > max) {
          throw new DecodeException("image_files." + name, "is over the " + max + "-byte limit");
        }
        return b;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  /**
   * Returns the parsed {@code metadata.json}.
   *
   * @return the metadata
   */
  public ImageMetadata metadata() {
    return metadata;
  }

  /**
   * Returns {@code metadata.json}.
   *
   * @return a copy of its bytes
   */
  public byte[] metadataJson() {
    return metadataJson.clone();
  }

  /**
   * Returns {@code sha256sum.txt}.
   *
   * @return a copy of its bytes
   */
  public byte[] checksumFile() {
    return checksumFile.clone();
  }

  /**
   * Returns the firmware.
   *
   * @return a copy of its bytes
   */
  public byte[] firmware() {
    return firmware.clone();
  }

  /**
   * Returns the kernel.
   *
   * @return a copy of its bytes
   */
  public byte[] kernel() {
    return kernel.clone();
  }

  /**
   * Returns the initrd.
   *
   * @return a copy of its bytes
   */
  public byte[] initrd() {
    return initrd.clone();
  }

  /**
   * Returns the digests of the supplied ACPI blobs.
   *
   * @return the digests, or null when no blobs were supplied
   */
  public @Nullable AcpiDigests acpiDigests() {
    return acpi == null ? null : AcpiDigests.ofTables(acpi.loader(), acpi.rsdp(), acpi.tables());
  }

  // Package-private zero-copy access for the calculator, which only reads.
  byte[] firmwareUnsafe() {
    return firmware;
  }

  byte[] kernelUnsafe() {
    return kernel;
  }

  byte[] initrdUnsafe() {
    return initrd;
  }

  byte[] checksumUnsafe() {
    return checksumFile;
  }

  byte[] metadataUnsafe() {
    return metadataJson;
  }

  @Override
  public String toString() {
    return "OsImageFiles[" + metadata.bios() + " " + firmware.length + " B, " + metadata.kernel() + " " + kernel.length
        + " B, " + metadata.initrd() + " " + initrd.length + " B" + (acpi == null ? "" : ", ACPI tables") + "]";
  }
}
