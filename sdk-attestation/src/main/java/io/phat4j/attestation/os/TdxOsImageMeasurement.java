package io.phat4j.attestation.os;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.attestation.os.internal.BootLogs;
import io.phat4j.attestation.os.internal.MeasurementCbor;
import io.phat4j.core.DecodeException;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.Measurement;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The decoded {@code measurement.tdx.cbor} of a dstack OS image: the image-static inputs of MRTD
 * and RTMR0–2 (VM-specific inputs such as RAM size and vCPUs come from the VM config).
 *
 * <p>Two document versions exist and both are read:
 *
 * <ul>
 *   <li><b>3</b> (dstack 0.6.0 release candidates): {@code image.cmdline_sha384}, the digest of
 *       the measured command line;
 *   <li><b>4</b>: {@code image.cmdline}, the image's base command line (at most 2048 bytes, must
 *       carry {@code dstack.rootfs_hash}), and {@code image.kernel_header_normalized} (omitted
 *       when false).
 * </ul>
 *
 * <p>Both carry {@code image.kernel_authenticode} and {@code image.initrd_sha384} (48 bytes each),
 * {@code tdvf.ovmf}, {@code tdvf.mrtd.single_pass}/{@code two_pass} and {@code tdvf.td_hob} (the
 * compact TD HOB witness). {@link #toCbor()} writes the same encoding dstack's encoder writes, so
 * decoding and re-encoding a genuine document gives back its bytes.
 *
 * <p>Immutable and thread-safe.
 */
public final class TdxOsImageMeasurement {
  /** The version with the command-line digest. */
  public static final int VERSION_3 = 3;
  /** The version with the command-line text. */
  public static final int VERSION_4 = 4;
  /** x86-64 {@code COMMAND_LINE_SIZE}: a longer line cannot be one a guest booted with. */
  public static final int MAX_CMDLINE_BYTES = 2048;

  private static final String F = "vm_config.tdx_measurement.measurement";

  private final int version;
  private final @Nullable Measurement cmdlineSha384;
  private final @Nullable String cmdline;
  private final Measurement kernelAuthenticode;
  private final boolean kernelHeaderNormalized;
  private final Measurement initrdSha384;
  private final OvmfVariant ovmfVariant;
  private final Measurement mrtdSinglePass;
  private final Measurement mrtdTwoPass;
  private final byte[] tdHobWitness;

  private TdxOsImageMeasurement(
      int version,
      @Nullable Measurement cmdlineSha384,
      @Nullable String cmdline,
      Measurement kernelAuthenticode,
      boolean kernelHeaderNormalized,
      Measurement initrdSha384,
      OvmfVariant ovmfVariant,
      Measurement mrtdSinglePass,
      Measurement mrtdTwoPass,
      byte[] tdHobWitness) {
    this.version = version;
    this.cmdlineSha384 = cmdlineSha384;
    this.cmdline = cmdline;
    this.kernelAuthenticode = Objects.requireNonNull(kernelAuthenticode, "kernelAuthenticode");
    this.kernelHeaderNormalized = kernelHeaderNormalized;
    this.initrdSha384 = Objects.requireNonNull(initrdSha384, "initrdSha384");
    this.ovmfVariant = Objects.requireNonNull(ovmfVariant, "ovmfVariant");
    this.mrtdSinglePass = Objects.requireNonNull(mrtdSinglePass, "mrtdSinglePass");
    this.mrtdTwoPass = Objects.requireNonNull(mrtdTwoPass, "mrtdTwoPass");
    this.tdHobWitness = tdHobWitness.clone();
  }

  /**
   * Creates a version 4 document (the current one).
   *
   * @param cmdline the image's base command line, without OVMF's {@code initrd=initrd} suffix
   * @param kernelAuthenticode the RTMR1 kernel digest
   * @param kernelHeaderNormalized whether the image's OVMF normalizes the setup header
   * @param initrdSha384 SHA-384 of the initrd
   * @param ovmfVariant the OVMF layout
   * @param mrtdSinglePass MRTD when QEMU adds pages in one pass
   * @param mrtdTwoPass MRTD when QEMU adds pages in two passes
   * @param tdHobWitness the compact TD HOB witness
   * @return the document
   * @throws InvalidInputException if the command line is longer than {@value #MAX_CMDLINE_BYTES} bytes
   */
  public static TdxOsImageMeasurement v4(
      String cmdline,
      Measurement kernelAuthenticode,
      boolean kernelHeaderNormalized,
      Measurement initrdSha384,
      OvmfVariant ovmfVariant,
      Measurement mrtdSinglePass,
      Measurement mrtdTwoPass,
      byte[] tdHobWitness) {
    Objects.requireNonNull(cmdline, "cmdline");
    if (cmdline.getBytes(StandardCharsets.UTF_8).length > MAX_CMDLINE_BYTES) {
      throw new InvalidInputException("cmdline is longer than " + MAX_CMDLINE_BYTES + " bytes");
    }
    return new TdxOsImageMeasurement(VERSION_4, null, cmdline, kernelAuthenticode, kernelHeaderNormalized,
        initrdSha384, ovmfVariant, mrtdSinglePass, mrtdTwoPass, tdHobWitness);
  }

  /**
   * Creates a version 3 document.
   *
   * @param cmdlineSha384 the RTMR2 command-line digest
   * @param kernelAuthenticode the RTMR1 kernel digest (of QEMU's patched header)
   * @param initrdSha384 SHA-384 of the initrd
   * @param ovmfVariant the OVMF layout
   * @param mrtdSinglePass MRTD when QEMU adds pages in one pass
   * @param mrtdTwoPass MRTD when QEMU adds pages in two passes
   * @param tdHobWitness the compact TD HOB witness
   * @return the document
   */
  public static TdxOsImageMeasurement v3(
      Measurement cmdlineSha384,
      Measurement kernelAuthenticode,
      Measurement initrdSha384,
      OvmfVariant ovmfVariant,
      Measurement mrtdSinglePass,
      Measurement mrtdTwoPass,
      byte[] tdHobWitness) {
    Objects.requireNonNull(cmdlineSha384, "cmdlineSha384");
    return new TdxOsImageMeasurement(VERSION_3, cmdlineSha384, null, kernelAuthenticode, false,
        initrdSha384, ovmfVariant, mrtdSinglePass, mrtdTwoPass, tdHobWitness);
  }

  /**
   * Decodes {@code measurement.tdx.cbor}.
   *
   * @param cbor the document bytes (at most 64 KiB)
   * @return the decoded document
   * @throws DecodeException naming the field ({@code vm_config.tdx_measurement.measurement.…}) if the bytes
   *     are not a version 3 or 4 document
   */
  public static TdxOsImageMeasurement decode(byte[] cbor) {
    JsonNode root = MeasurementCbor.readTree(F, cbor);
    if (!root.isObject()) {
      throw new DecodeException(F, "must be a CBOR map");
    }
    long version = MeasurementCbor.u32(MeasurementCbor.member(root, F, "version"), F + ".version");
    if (version != VERSION_3 && version != VERSION_4) {
      throw new DecodeException(F + ".version", "unsupported version " + version + " (supported: 3, 4)");
    }
    JsonNode image = MeasurementCbor.member(root, F, "image");
    JsonNode tdvf = MeasurementCbor.member(root, F, "tdvf");
    String fi = F + ".image";
    String ft = F + ".tdvf";
    if (!image.isObject()) {
      throw new DecodeException(fi, "must be a CBOR map");
    }
    if (!tdvf.isObject()) {
      throw new DecodeException(ft, "must be a CBOR map");
    }
    Measurement kernel = measurement(MeasurementCbor.member(image, fi, "kernel_authenticode"), fi + ".kernel_authenticode");
    Measurement initrd = measurement(MeasurementCbor.member(image, fi, "initrd_sha384"), fi + ".initrd_sha384");
    OvmfVariant ovmf = OvmfVariant.fromWire(ft + ".ovmf", MeasurementCbor.text(MeasurementCbor.member(tdvf, ft, "ovmf"), ft + ".ovmf"));
    JsonNode mrtd = MeasurementCbor.member(tdvf, ft, "mrtd");
    if (!mrtd.isObject()) {
      throw new DecodeException(ft + ".mrtd", "must be a CBOR map");
    }
    Measurement single = measurement(MeasurementCbor.member(mrtd, ft + ".mrtd", "single_pass"), ft + ".mrtd.single_pass");
    Measurement two = measurement(MeasurementCbor.member(mrtd, ft + ".mrtd", "two_pass"), ft + ".mrtd.two_pass");
    byte[] witness = MeasurementCbor.bytes(MeasurementCbor.member(tdvf, ft, "td_hob"), ft + ".td_hob", -1);
    if (version == VERSION_3) {
      Measurement cmdlineDigest = measurement(MeasurementCbor.member(image, fi, "cmdline_sha384"), fi + ".cmdline_sha384");
      return new TdxOsImageMeasurement(VERSION_3, cmdlineDigest, null, kernel, false, initrd, ovmf, single, two, witness);
    }
    String cmdline = MeasurementCbor.text(MeasurementCbor.member(image, fi, "cmdline"), fi + ".cmdline");
    if (cmdline.getBytes(StandardCharsets.UTF_8).length > MAX_CMDLINE_BYTES) {
      throw new DecodeException(fi + ".cmdline", "is longer than the " + MAX_CMDLINE_BYTES + "-byte x86-64 COMMAND_LINE_SIZE");
    }
    JsonNode normalized = MeasurementCbor.optionalMember(image, "kernel_header_normalized");
    boolean headerNormalized = normalized != null && MeasurementCbor.bool(normalized, fi + ".kernel_header_normalized");
    return new TdxOsImageMeasurement(VERSION_4, null, cmdline, kernel, headerNormalized, initrd, ovmf, single, two, witness);
  }

  private static Measurement measurement(JsonNode node, String field) {
    return Measurement.of(MeasurementCbor.bytes(node, field, Measurement.LENGTH));
  }

  /**
   * Encodes the document as dstack does (field order, definite lengths, shortest heads).
   *
   * @return the CBOR bytes
   */
  public byte[] toCbor() {
    Map<String, Object> image = new LinkedHashMap<>();
    if (version == VERSION_3) {
      image.put("cmdline_sha384", Objects.requireNonNull(cmdlineSha384).toByteArray());
      image.put("kernel_authenticode", kernelAuthenticode.toByteArray());
    } else {
      image.put("cmdline", Objects.requireNonNull(cmdline));
      image.put("kernel_authenticode", kernelAuthenticode.toByteArray());
      if (kernelHeaderNormalized) {
        image.put("kernel_header_normalized", Boolean.TRUE);
      }
    }
    image.put("initrd_sha384", initrdSha384.toByteArray());
    Map<String, Object> mrtd = new LinkedHashMap<>();
    mrtd.put("single_pass", mrtdSinglePass.toByteArray());
    mrtd.put("two_pass", mrtdTwoPass.toByteArray());
    Map<String, Object> tdvf = new LinkedHashMap<>();
    tdvf.put("ovmf", ovmfVariant.wireName());
    tdvf.put("mrtd", mrtd);
    tdvf.put("td_hob", tdHobWitness.clone());
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", (long) version);
    root.put("image", image);
    root.put("tdvf", tdvf);
    return MeasurementCbor.write(root);
  }

  /**
   * Returns the document version.
   *
   * @return 3 or 4
   */
  public int version() {
    return version;
  }

  /**
   * Returns the RTMR2 command-line event digest: stated in version 3, computed from the base
   * command line plus {@code " initrd=initrd"} (UTF-16LE, NUL-terminated, SHA-384) in version 4.
   *
   * @return the digest
   */
  public Measurement cmdlineDigest() {
    if (cmdlineSha384 != null) {
      return cmdlineSha384;
    }
    return Measurement.of(BootLogs.measureBaseCmdline(Objects.requireNonNull(cmdline)));
  }

  /**
   * Returns the base command line (version 4 only).
   *
   * @return the command line, or null for version 3
   */
  public @Nullable String cmdline() {
    return cmdline;
  }

  /**
   * Returns the stated command-line digest (version 3 only).
   *
   * @return the digest, or null for version 4
   */
  public @Nullable Measurement cmdlineSha384() {
    return cmdlineSha384;
  }

  /**
   * Returns the RTMR1 kernel digest.
   *
   * @return the Authenticode SHA-384
   */
  public Measurement kernelAuthenticode() {
    return kernelAuthenticode;
  }

  /**
   * Tells whether the image's OVMF normalizes the kernel setup header (then the kernel digest does
   * not depend on the guest RAM size).
   *
   * @return the flag; always false for version 3
   */
  public boolean kernelHeaderNormalized() {
    return kernelHeaderNormalized;
  }

  /**
   * Returns the initrd digest.
   *
   * @return SHA-384 of the initrd
   */
  public Measurement initrdSha384() {
    return initrdSha384;
  }

  /**
   * Returns the OVMF layout.
   *
   * @return the variant
   */
  public OvmfVariant ovmfVariant() {
    return ovmfVariant;
  }

  /**
   * Returns MRTD for single-pass page adding (QEMU 9.0 and later).
   *
   * @return the MRTD candidate
   */
  public Measurement mrtdSinglePass() {
    return mrtdSinglePass;
  }

  /**
   * Returns MRTD for two-pass page adding (QEMU 8.x).
   *
   * @return the MRTD candidate
   */
  public Measurement mrtdTwoPass() {
    return mrtdTwoPass;
  }

  /**
   * Returns the compact TD HOB witness.
   *
   * @return a copy of the witness bytes
   */
  public byte[] tdHobWitness() {
    return tdHobWitness.clone();
  }

  /** Equal when both encode to the same CBOR, i.e. every field is equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TdxOsImageMeasurement m && java.util.Arrays.equals(toCbor(), m.toCbor());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(toCbor());
  }

  @Override
  public String toString() {
    return "TdxOsImageMeasurement[v" + version + " ovmf=" + ovmfVariant.wireName()
        + " kernel=" + kernelAuthenticode + (kernelHeaderNormalized ? " (header normalized)" : "")
        + " initrd=" + initrdSha384 + "]";
  }
}
