package io.phat4j.attestation.os;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.os.internal.MeasurementCbor;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A dstack VM config ({@code vm_config}: the JSON string a CVM reports with its quote), with the
 * fields dstack's {@code VmConfig} defines for TDX.
 *
 * <p>Parsing follows dstack's rules: absent fields take their defaults ({@code num_nics} 1,
 * {@code tdx_attestation_variant} {@code legacy}, numbers 0, flags false), unknown fields are
 * ignored, optional fields may be {@code null}; a wrong type, a negative or out-of-range number, a
 * duplicate key, bad hex or base64 is a {@link DecodeException} naming {@code vm_config.<field>}.
 * Input over {@value #MAX_BYTES} bytes is refused. Like dstack, an object whose {@code vm_config}
 * member is a string (a sys-config wrapper) is unwrapped first.
 *
 * <p>Immutable and thread-safe.
 *
 * @param osImageHash the image identity ({@code os_image_hash}); null when absent or empty
 * @param cpuCount vCPUs ({@code cpu_count})
 * @param memorySize RAM in bytes ({@code memory_size})
 * @param qemuSinglePassAddPages dstack's page-add override ({@code qemu_single_pass_add_pages});
 *     dstack-mr uses it as the two-pass flag
 * @param pic explicit PIC setting, or null for the QEMU-version default
 * @param qemuVersion QEMU version {@code MAJOR.MINOR.PATCH}, or null (dstack-mr assumes 9.1.0)
 * @param pciHole64Size 64-bit PCI hole size, 0 for QEMU's default
 * @param hugepages huge-page backed RAM
 * @param numGpus passthrough GPUs
 * @param numNvswitches passthrough NVSwitches
 * @param numNics virtio-net NICs (default 1)
 * @param numVerityVolumes verity volumes
 * @param swtpm software TPM attached
 * @param hotplugOff PCI hotplug off
 * @param image the image name, e.g. {@code dstack-0.6.0}, or null
 * @param hostShareMode how host files are shared ({@code 9p}, a disk, or empty)
 * @param ovmfVariant the OVMF layout the image declares, or null
 * @param tdxAttestationVariant lite or legacy
 * @param tdxMeasurement the lite measurement material, or null
 * @param specVersion {@code spec_version} when present (not used by the measurement)
 */
public record VmConfig(
    @Nullable Bytes32 osImageHash,
    long cpuCount,
    long memorySize,
    @Nullable Boolean qemuSinglePassAddPages,
    @Nullable Boolean pic,
    @Nullable String qemuVersion,
    long pciHole64Size,
    boolean hugepages,
    long numGpus,
    long numNvswitches,
    long numNics,
    long numVerityVolumes,
    boolean swtpm,
    boolean hotplugOff,
    @Nullable String image,
    String hostShareMode,
    @Nullable OvmfVariant ovmfVariant,
    TdxAttestationVariant tdxAttestationVariant,
    @Nullable TdxMeasurementDocument tdxMeasurement,
    @Nullable Long specVersion) {

  /** The largest VM config accepted, in bytes (real ones are a few KiB). */
  public static final int MAX_BYTES = 1024 * 1024;
  private static final long U32_MAX = 0xFFFF_FFFFL;
  private static final int MAX_FILE_BYTES = MeasurementCbor.MAX_BYTES;

  /** Checks the fields. */
  public VmConfig {
    Objects.requireNonNull(hostShareMode, "hostShareMode");
    Objects.requireNonNull(tdxAttestationVariant, "tdxAttestationVariant");
    checkU32("cpu_count", cpuCount);
    checkU32("num_gpus", numGpus);
    checkU32("num_nvswitches", numNvswitches);
    checkU32("num_nics", numNics);
    checkU32("num_verity_volumes", numVerityVolumes);
    if (memorySize < 0) {
      throw new IllegalArgumentException("memorySize must not be negative");
    }
    if (pciHole64Size < 0) {
      throw new IllegalArgumentException("pciHole64Size must not be negative");
    }
  }

  private static void checkU32(String field, long value) {
    if (value < 0 || value > U32_MAX) {
      throw new IllegalArgumentException(field + " must be an unsigned 32-bit value");
    }
  }

  /**
   * Parses a VM config.
   *
   * @param json the JSON text
   * @return the config
   * @throws DecodeException naming {@code vm_config.<field>} if the JSON does not fit
   */
  public static VmConfig parse(String json) {
    Objects.requireNonNull(json, "json");
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses a VM config from UTF-8 JSON bytes.
   *
   * @param json the JSON
   * @return the config
   * @throws DecodeException naming {@code vm_config.<field>} if the JSON does not fit
   */
  public static VmConfig parse(byte[] json) {
    Objects.requireNonNull(json, "json");
    if (json.length > MAX_BYTES) {
      throw new DecodeException("vm_config", "is " + json.length + " bytes, over the " + MAX_BYTES + "-byte limit");
    }
    JsonNode root = PhalaJson.readTree("vm_config", json);
    JsonNode inner = root.isObject() ? root.get("vm_config") : null;
    if (inner != null && inner.isTextual()) {
      byte[] innerBytes = inner.textValue().getBytes(StandardCharsets.UTF_8);
      root = PhalaJson.readTree("vm_config", innerBytes.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : innerBytes);
    }
    return fromJson(root);
  }

  /**
   * Reads a VM config from a JSON tree.
   *
   * @param root the JSON object
   * @return the config
   * @throws DecodeException naming {@code vm_config.<field>} if the tree does not fit
   */
  public static VmConfig fromJson(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new DecodeException("vm_config", "must be a JSON object");
    }
    String hashHex = optText(root, "os_image_hash");
    Bytes32 hash = null;
    if (hashHex != null && !hashHex.isEmpty()) {
      hash = Bytes32.of(Hex.decode("vm_config.os_image_hash", hashHex, Bytes32.LENGTH));
    }
    String ovmf = optText(root, "ovmf_variant");
    String variant = optText(root, "tdx_attestation_variant");
    JsonNode spec = root.get("spec_version");
    Long specVersion = spec == null || spec.isNull() ? null : u64(spec, "spec_version");
    return new VmConfig(
        hash,
        u32(root, "cpu_count", 0),
        u64Field(root, "memory_size"),
        optBool(root, "qemu_single_pass_add_pages"),
        optBool(root, "pic"),
        optText(root, "qemu_version"),
        u64Field(root, "pci_hole64_size"),
        bool(root, "hugepages"),
        u32(root, "num_gpus", 0),
        u32(root, "num_nvswitches", 0),
        u32(root, "num_nics", 1),
        u32(root, "num_verity_volumes", 0),
        bool(root, "swtpm"),
        bool(root, "hotplug_off"),
        optText(root, "image"),
        text(root, "host_share_mode", ""),
        ovmf == null ? null : OvmfVariant.fromWire("vm_config.ovmf_variant", ovmf),
        variant == null ? TdxAttestationVariant.LEGACY : TdxAttestationVariant.fromWire("vm_config.tdx_attestation_variant", variant),
        measurementDocument(root.get("tdx_measurement")),
        specVersion);
  }

  private static @Nullable TdxMeasurementDocument measurementDocument(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new DecodeException("vm_config.tdx_measurement", "must be a JSON object");
    }
    byte[] checksum = base64(node, "checksum_file");
    byte[] cbor = base64(node, "measurement");
    return TdxMeasurementDocument.of(checksum, cbor);
  }

  private static byte[] base64(JsonNode parent, String name) {
    String field = "vm_config.tdx_measurement." + name;
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      throw new DecodeException(field, "is missing");
    }
    if (!v.isTextual()) {
      throw new DecodeException(field, "must be a base64 string");
    }
    String text = v.textValue();
    if (text.length() > MAX_FILE_BYTES * 4 / 3 + 4) {
      throw new DecodeException(field, "is over the " + MAX_FILE_BYTES + "-byte limit");
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(field, "is not valid base64");
    }
  }

  private static @Nullable JsonNode member(JsonNode root, String name) {
    JsonNode v = root.get(name);
    return v == null ? null : v;
  }

  private static long u32(JsonNode root, String name, long dflt) {
    JsonNode v = member(root, name);
    if (v == null) {
      return dflt;
    }
    long value = u64(v, name);
    if (value > U32_MAX) {
      throw new DecodeException("vm_config." + name, "must be an unsigned 32-bit integer");
    }
    return value;
  }

  private static long u64Field(JsonNode root, String name) {
    JsonNode v = member(root, name);
    return v == null ? 0 : u64(v, name);
  }

  private static long u64(JsonNode v, String name) {
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new DecodeException("vm_config." + name, "must be a non-negative integer below 2^63");
    }
    return v.asLong();
  }

  private static boolean bool(JsonNode root, String name) {
    JsonNode v = member(root, name);
    if (v == null) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new DecodeException("vm_config." + name, "must be a boolean");
    }
    return v.booleanValue();
  }

  private static @Nullable Boolean optBool(JsonNode root, String name) {
    JsonNode v = member(root, name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new DecodeException("vm_config." + name, "must be a boolean");
    }
    return v.booleanValue();
  }

  private static @Nullable String optText(JsonNode root, String name) {
    JsonNode v = member(root, name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new DecodeException("vm_config." + name, "must be a string");
    }
    return v.textValue();
  }

  private static String text(JsonNode root, String name, String dflt) {
    JsonNode v = member(root, name);
    if (v == null) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw new DecodeException("vm_config." + name, "must be a string");
    }
    return v.textValue();
  }

  /**
   * Returns this config's VM shape.
   *
   * @return the shape
   */
  public VmShape shape() {
    return VmShape.of(this);
  }

  /**
   * Returns a copy with another measurement document and {@code os_image_hash} (the document's).
   *
   * @param document the lite measurement material
   * @return the new config, variant {@code lite}
   */
  public VmConfig withTdxMeasurement(TdxMeasurementDocument document) {
    return new VmConfig(document.osImageHash(), cpuCount, memorySize, qemuSinglePassAddPages, pic, qemuVersion,
        pciHole64Size, hugepages, numGpus, numNvswitches, numNics, numVerityVolumes, swtpm, hotplugOff, image,
        hostShareMode, ovmfVariant, TdxAttestationVariant.LITE, document, specVersion);
  }

  /**
   * Writes the config as dstack writes it (defaults it leaves out are left out).
   *
   * @return the JSON object
   */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("os_image_hash", osImageHash == null ? "" : osImageHash.hex());
    o.put("cpu_count", cpuCount);
    o.put("memory_size", memorySize);
    if (qemuSinglePassAddPages != null) {
      o.put("qemu_single_pass_add_pages", qemuSinglePassAddPages);
    }
    if (pic != null) {
      o.put("pic", pic);
    }
    if (qemuVersion != null) {
      o.put("qemu_version", qemuVersion);
    }
    o.put("pci_hole64_size", pciHole64Size);
    o.put("hugepages", hugepages);
    o.put("num_gpus", numGpus);
    o.put("num_nvswitches", numNvswitches);
    if (numNics != 1) {
      o.put("num_nics", numNics);
    }
    if (numVerityVolumes != 0) {
      o.put("num_verity_volumes", numVerityVolumes);
    }
    if (swtpm) {
      o.put("swtpm", true);
    }
    o.put("hotplug_off", hotplugOff);
    if (image != null) {
      o.put("image", image);
    }
    o.put("host_share_mode", hostShareMode);
    if (ovmfVariant != null) {
      o.put("ovmf_variant", ovmfVariant.wireName());
    }
    if (tdxAttestationVariant == TdxAttestationVariant.LITE) {
      o.put("tdx_attestation_variant", "lite");
    }
    if (tdxMeasurement != null) {
      ObjectNode m = o.putObject("tdx_measurement");
      m.put("checksum_file", tdxMeasurement.checksumFileBase64());
      m.put("measurement", tdxMeasurement.measurementBase64());
    }
    if (specVersion != null) {
      o.put("spec_version", specVersion);
    }
    return o;
  }

  /**
   * Writes the config as compact JSON text, the form {@code vm_config} carries.
   *
   * @return the JSON text
   */
  public String toJsonString() {
    return PhalaJson.writeString(toJson());
  }

  /**
   * Starts a config with dstack's defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link VmConfig}; starts from dstack's defaults. Not thread-safe. */
  public static final class Builder {
    private @Nullable Bytes32 osImageHash;
    private long cpuCount;
    private long memorySize;
    private @Nullable Boolean qemuSinglePassAddPages;
    private @Nullable Boolean pic;
    private @Nullable String qemuVersion;
    private long pciHole64Size;
    private boolean hugepages;
    private long numGpus;
    private long numNvswitches;
    private long numNics = 1;
    private long numVerityVolumes;
    private boolean swtpm;
    private boolean hotplugOff;
    private @Nullable String image;
    private String hostShareMode = "";
    private @Nullable OvmfVariant ovmfVariant;
    private TdxAttestationVariant tdxAttestationVariant = TdxAttestationVariant.LEGACY;
    private @Nullable TdxMeasurementDocument tdxMeasurement;
    private @Nullable Long specVersion;

    private Builder() {}

    /**
     * Sets the image hash.
     *
     * @param v the value
     * @return this builder
     */
    public Builder osImageHash(@Nullable Bytes32 v) {
      osImageHash = v;
      return this;
    }

    /**
     * Sets vCPUs.
     *
     * @param v the value
     * @return this builder
     */
    public Builder cpuCount(long v) {
      cpuCount = v;
      return this;
    }

    /**
     * Sets RAM in bytes.
     *
     * @param v the value
     * @return this builder
     */
    public Builder memorySize(long v) {
      memorySize = v;
      return this;
    }

    /**
     * Sets the page-add override.
     *
     * @param v the value
     * @return this builder
     */
    public Builder qemuSinglePassAddPages(@Nullable Boolean v) {
      qemuSinglePassAddPages = v;
      return this;
    }

    /**
     * Sets explicit PIC.
     *
     * @param v the value
     * @return this builder
     */
    public Builder pic(@Nullable Boolean v) {
      pic = v;
      return this;
    }

    /**
     * Sets QEMU version.
     *
     * @param v the value
     * @return this builder
     */
    public Builder qemuVersion(@Nullable String v) {
      qemuVersion = v;
      return this;
    }

    /**
     * Sets 64-bit PCI hole size.
     *
     * @param v the value
     * @return this builder
     */
    public Builder pciHole64Size(long v) {
      pciHole64Size = v;
      return this;
    }

    /**
     * Sets huge pages.
     *
     * @param v the value
     * @return this builder
     */
    public Builder hugepages(boolean v) {
      hugepages = v;
      return this;
    }

    /**
     * Sets GPUs.
     *
     * @param v the value
     * @return this builder
     */
    public Builder numGpus(long v) {
      numGpus = v;
      return this;
    }

    /**
     * Sets NVSwitches.
     *
     * @param v the value
     * @return this builder
     */
    public Builder numNvswitches(long v) {
      numNvswitches = v;
      return this;
    }

    /**
     * Sets NICs.
     *
     * @param v the value
     * @return this builder
     */
    public Builder numNics(long v) {
      numNics = v;
      return this;
    }

    /**
     * Sets verity volumes.
     *
     * @param v the value
     * @return this builder
     */
    public Builder numVerityVolumes(long v) {
      numVerityVolumes = v;
      return this;
    }

    /**
     * Sets software TPM.
     *
     * @param v the value
     * @return this builder
     */
    public Builder swtpm(boolean v) {
      swtpm = v;
      return this;
    }

    /**
     * Sets hotplug off.
     *
     * @param v the value
     * @return this builder
     */
    public Builder hotplugOff(boolean v) {
      hotplugOff = v;
      return this;
    }

    /**
     * Sets image name.
     *
     * @param v the value
     * @return this builder
     */
    public Builder image(@Nullable String v) {
      image = v;
      return this;
    }

    /**
     * Sets host share mode.
     *
     * @param v the value
     * @return this builder
     */
    public Builder hostShareMode(String v) {
      hostShareMode = Objects.requireNonNull(v, "hostShareMode");
      return this;
    }

    /**
     * Sets OVMF layout.
     *
     * @param v the value
     * @return this builder
     */
    public Builder ovmfVariant(@Nullable OvmfVariant v) {
      ovmfVariant = v;
      return this;
    }

    /**
     * Sets attestation variant.
     *
     * @param v the value
     * @return this builder
     */
    public Builder tdxAttestationVariant(TdxAttestationVariant v) {
      tdxAttestationVariant = Objects.requireNonNull(v, "tdxAttestationVariant");
      return this;
    }

    /**
     * Sets measurement material.
     *
     * @param v the value
     * @return this builder
     */
    public Builder tdxMeasurement(@Nullable TdxMeasurementDocument v) {
      tdxMeasurement = v;
      return this;
    }

    /**
     * Sets spec version.
     *
     * @param v the value
     * @return this builder
     */
    public Builder specVersion(@Nullable Long v) {
      specVersion = v;
      return this;
    }

    /**
     * Builds the config.
     *
     * @return the config
     * @throws IllegalArgumentException if a number is out of its range
     */
    public VmConfig build() {
      return new VmConfig(osImageHash, cpuCount, memorySize, qemuSinglePassAddPages, pic, qemuVersion, pciHole64Size,
          hugepages, numGpus, numNvswitches, numNics, numVerityVolumes, swtpm, hotplugOff, image, hostShareMode,
          ovmfVariant, tdxAttestationVariant, tdxMeasurement, specVersion);
    }
  }
}
