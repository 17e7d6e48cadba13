package io.phat4j.attestation.os;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.Measurement;
import io.phat4j.core.json.PhalaJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Values about OS images and VM shapes that the caller trusts, to pin and share as a JSON file:
 * known images (hash → version, dev flag), the ACPI digests of a VM shape, and complete expected
 * registers (MRTD, RTMR0–2) of an image on a VM shape.
 *
 * <p>{@link OsImageVerifier} reports {@code acpi_tables_verified} only when the event log's ACPI
 * digests equal digests pinned here for the VM's declared shape (or RTMR0 pinned here matched),
 * so what this file holds is exactly what the verifier trusts beyond the quote. {@link #bundled()}
 * holds the values phat4j ships; load your own with {@link #load(Path)} and combine with {@link
 * #merge(ReferenceValues)}.
 *
 * <h2>Format</h2>
 *
 * {@snippet lang=json :
 * {
 *   "format": "phat4j-os-reference-values/1",
 *   "description": "what this file is",
 *   "images": [
 *     {"os_image_hash": "<64 hex>", "version": "0.5.4", "is_dev": false, "description": "..."}
 *   ],
 *   "acpi": [
 *     {"shape": {"cpu_count": 2, "memory_size": 2147483648, "qemu_version": "8.2.2", "host_share_mode": "9p"},
 *      "acpi_loader": "<96 hex>", "acpi_rsdp": "<96 hex>", "acpi_tables": "<96 hex>", "provenance": "..."}
 *   ],
 *   "registers": [
 *     {"os_image_hash": "<64 hex>", "shape": {"cpu_count": 2, "memory_size": 2147483648},
 *      "mrtd": "<96 hex>", "rtmr0": "<96 hex>", "rtmr1": "<96 hex>", "rtmr2": "<96 hex>", "provenance": "..."}
 *   ]
 * }
 * }
 *
 * <p>A {@code shape} uses the VM-config field names of {@link VmShape} with the VM config's
 * defaults for absent fields ({@code num_nics} 1, others 0/false/empty, {@code qemu_version},
 * {@code pic} and {@code qemu_single_pass_add_pages} absent). Unknown keys are rejected (a typo must
 * not silently change a shape); two entries for the same key with different values are rejected.
 * Files over {@value #MAX_BYTES} bytes are refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReferenceValues {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "phat4j-os-reference-values/1";
  /** The largest file accepted, in bytes. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;
  /** The classpath resource of the bundled values. */
  public static final String BUNDLED_RESOURCE = "/io/phat4j/attestation/os/reference-values.json";

  private static final Set<String> TOP_KEYS = Set.of("format", "description", "images", "acpi", "registers");
  private static final Set<String> IMAGE_KEYS = Set.of("os_image_hash", "version", "is_dev", "description");
  private static final Set<String> ACPI_KEYS = Set.of("shape", "acpi_loader", "acpi_rsdp", "acpi_tables", "provenance");
  private static final Set<String> REGISTER_KEYS =
      Set.of("os_image_hash", "shape", "mrtd", "rtmr0", "rtmr1", "rtmr2", "provenance");
  private static final Set<String> SHAPE_KEYS = Set.of("cpu_count", "memory_size", "qemu_version", "pic",
      "qemu_single_pass_add_pages", "pci_hole64_size", "hugepages", "num_gpus", "num_nvswitches", "num_nics",
      "num_verity_volumes", "swtpm", "hotplug_off", "host_share_mode");

  private static final ReferenceValues EMPTY = new ReferenceValues(Map.of(), Map.of(), Map.of());

  /**
   * An image the caller knows.
   *
   * @param osImageHash the image identity
   * @param version its dstack version, or null
   * @param isDev whether it is a dev image, or null when unknown
   * @param description free text
   */
  public record KnownImage(Bytes32 osImageHash, @Nullable String version, @Nullable Boolean isDev, String description) {
    /** Checks the fields. */
    public KnownImage {
      Objects.requireNonNull(osImageHash, "osImageHash");
      Objects.requireNonNull(description, "description");
    }
  }

  /**
   * ACPI digests pinned for a VM shape.
   *
   * @param shape the VM shape
   * @param digests the three digests
   * @param provenance where they come from
   */
  public record PinnedAcpi(VmShape shape, AcpiDigests digests, String provenance) {
    /** Checks the fields. */
    public PinnedAcpi {
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(digests, "digests");
      Objects.requireNonNull(provenance, "provenance");
    }
  }

  /**
   * Expected registers pinned for an image on a VM shape.
   *
   * @param osImageHash the image identity
   * @param shape the VM shape
   * @param registers MRTD and RTMR0–2
   * @param provenance where they come from
   */
  public record PinnedRegisters(Bytes32 osImageHash, VmShape shape, TdxRegisters registers, String provenance) {
    /** Checks the fields. */
    public PinnedRegisters {
      Objects.requireNonNull(osImageHash, "osImageHash");
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(registers, "registers");
      Objects.requireNonNull(provenance, "provenance");
    }
  }

  private record RegisterKey(Bytes32 osImageHash, VmShape shape) {}

  private final Map<Bytes32, KnownImage> images;
  private final Map<VmShape, PinnedAcpi> acpi;
  private final Map<RegisterKey, PinnedRegisters> registers;

  private ReferenceValues(
      Map<Bytes32, KnownImage> images, Map<VmShape, PinnedAcpi> acpi, Map<RegisterKey, PinnedRegisters> registers) {
    // Insertion order is kept so toJson writes entries in the order they were given.
    this.images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
    this.acpi = Collections.unmodifiableMap(new LinkedHashMap<>(acpi));
    this.registers = Collections.unmodifiableMap(new LinkedHashMap<>(registers));
  }

  /**
   * Returns a set that trusts nothing.
   *
   * @return the empty set
   */
  public static ReferenceValues empty() {
    return EMPTY;
  }

  /**
   * Returns the values bundled in phat4j: the ACPI digests of the one VM shape (2 vCPU, 2 GiB,
   * QEMU 8.2.2, 9p share, defaults otherwise) seen in dstack-verifier's genuine fixtures, recorded
   * from their Intel-signed quotes (see the resource's {@code provenance}). No images are pinned.
   *
   * @return the bundled values
   */
  public static ReferenceValues bundled() {
    return Bundled.VALUES;
  }

  private static final class Bundled {
    static final ReferenceValues VALUES = loadBundled();

    private static ReferenceValues loadBundled() {
      try (InputStream in = ReferenceValues.class.getResourceAsStream(BUNDLED_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + BUNDLED_RESOURCE);
        }
        return read(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Loads a file.
   *
   * @param file the JSON file
   * @return the values
   * @throws DecodeException if the file is malformed or too large
   * @throws UncheckedIOException if it cannot be read
   */
  public static ReferenceValues load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read reference values " + file, e);
    }
  }

  /**
   * Reads a stream (not closed), at most {@value #MAX_BYTES} bytes.
   *
   * @param in the JSON stream
   * @return the values
   * @throws DecodeException if the JSON is malformed or too large
   * @throws IOException if the stream fails
   */
  public static ReferenceValues read(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new DecodeException("reference_values", "is over the " + MAX_BYTES + "-byte limit");
    }
    return parse(bytes);
  }

  /**
   * Parses JSON bytes.
   *
   * @param json the JSON
   * @return the values
   * @throws DecodeException naming the entry and field if the JSON does not fit the format
   */
  public static ReferenceValues parse(byte[] json) {
    if (json.length > MAX_BYTES) {
      throw new DecodeException("reference_values", "is over the " + MAX_BYTES + "-byte limit");
    }
    JsonNode root = PhalaJson.readTree("reference_values", json);
    if (!root.isObject()) {
      throw new DecodeException("reference_values", "must be a JSON object");
    }
    checkKeys(root, TOP_KEYS, "reference_values");
    JsonNode format = root.get("format");
    if (format == null || !format.isTextual() || !FORMAT.equals(format.textValue())) {
      throw new DecodeException("reference_values.format", "must be \"" + FORMAT + "\"");
    }
    Builder b = builder();
    int i = 0;
    for (JsonNode e : array(root, "images")) {
      String f = "reference_values.images[" + i++ + "]";
      checkKeys(e, IMAGE_KEYS, f);
      JsonNode dev = e.get("is_dev");
      if (dev != null && !dev.isNull() && !dev.isBoolean()) {
        throw new DecodeException(f + ".is_dev", "must be a boolean");
      }
      b.addImage(new KnownImage(hash(e, f), optText(e, "version", f), dev == null || dev.isNull() ? null : dev.booleanValue(),
          Objects.requireNonNullElse(optText(e, "description", f), "")));
    }
    i = 0;
    for (JsonNode e : array(root, "acpi")) {
      String f = "reference_values.acpi[" + i++ + "]";
      checkKeys(e, ACPI_KEYS, f);
      VmShape shape = shape(e, f);
      AcpiDigests d = new AcpiDigests(measurement(e, "acpi_loader", f), measurement(e, "acpi_rsdp", f),
          measurement(e, "acpi_tables", f));
      b.addAcpi(new PinnedAcpi(shape, d, Objects.requireNonNullElse(optText(e, "provenance", f), "")));
    }
    i = 0;
    for (JsonNode e : array(root, "registers")) {
      String f = "reference_values.registers[" + i++ + "]";
      checkKeys(e, REGISTER_KEYS, f);
      Bytes32 hash = hash(e, f);
      VmShape shape = shape(e, f);
      TdxRegisters r = new TdxRegisters(measurement(e, "mrtd", f), measurement(e, "rtmr0", f),
          measurement(e, "rtmr1", f), measurement(e, "rtmr2", f));
      b.addRegisters(new PinnedRegisters(hash, shape, r,
          Objects.requireNonNullElse(optText(e, "provenance", f), "")));
    }
    return b.build();
  }

  private static List<JsonNode> array(JsonNode root, String name) {
    JsonNode a = root.get(name);
    if (a == null || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new DecodeException("reference_values." + name, "must be an array");
    }
    List<JsonNode> out = new ArrayList<>();
    a.forEach(out::add);
    return out;
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String field) {
    if (!node.isObject()) {
      throw new DecodeException(field, "must be a JSON object");
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        throw new DecodeException(field + "." + n, "is not a known field");
      }
    }
  }

  private static Bytes32 hash(JsonNode e, String f) {
    JsonNode v = e.get("os_image_hash");
    if (v == null || !v.isTextual()) {
      throw new DecodeException(f + ".os_image_hash", "must be a hex string");
    }
    return Bytes32.of(Hex.decode(f + ".os_image_hash", v.textValue(), Bytes32.LENGTH));
  }

  private static Measurement measurement(JsonNode e, String name, String f) {
    JsonNode v = e.get(name);
    if (v == null || !v.isTextual()) {
      throw new DecodeException(f + "." + name, "must be a hex string");
    }
    return Measurement.fromHex(f + "." + name, v.textValue());
  }

  private static @Nullable String optText(JsonNode e, String name, String f) {
    JsonNode v = e.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new DecodeException(f + "." + name, "must be a string");
    }
    return v.textValue();
  }

  private static VmShape shape(JsonNode e, String f) {
    JsonNode s = e.get("shape");
    if (s == null || !s.isObject()) {
      throw new DecodeException(f + ".shape", "must be a JSON object");
    }
    checkKeys(s, SHAPE_KEYS, f + ".shape");
    try {
      return VmConfig.fromJson(s).shape();
    } catch (DecodeException ex) {
      throw new DecodeException(f + ".shape", -1, ex.getMessage(), ex);
    }
  }

  /**
   * Combines two sets.
   *
   * @param other more values
   * @return the union
   * @throws InvalidInputException if both pin different values for the same image or shape
   */
  public ReferenceValues merge(ReferenceValues other) {
    Builder b = builder();
    for (ReferenceValues v : List.of(this, other)) {
      v.images.values().forEach(b::addImage);
      v.acpi.values().forEach(b::addAcpi);
      v.registers.values().forEach(b::addRegisters);
    }
    return b.build();
  }

  /**
   * Looks up a known image.
   *
   * @param osImageHash the image identity
   * @return the entry, or null
   */
  public @Nullable KnownImage image(Bytes32 osImageHash) {
    return images.get(osImageHash);
  }

  /**
   * Looks up the ACPI digests pinned for a VM shape.
   *
   * @param shape the shape
   * @return the entry, or null
   */
  public @Nullable PinnedAcpi acpi(VmShape shape) {
    return acpi.get(shape);
  }

  /**
   * Looks up registers pinned for an image on a VM shape.
   *
   * @param osImageHash the image identity
   * @param shape the shape
   * @return the entry, or null
   */
  public @Nullable PinnedRegisters registers(Bytes32 osImageHash, VmShape shape) {
    return registers.get(new RegisterKey(osImageHash, shape));
  }

  /**
   * Returns all known images.
   *
   * @return the entries
   */
  public List<KnownImage> images() {
    return List.copyOf(images.values());
  }

  /**
   * Returns all pinned ACPI digests.
   *
   * @return the entries
   */
  public List<PinnedAcpi> acpiEntries() {
    return List.copyOf(acpi.values());
  }

  /**
   * Returns all pinned registers.
   *
   * @return the entries
   */
  public List<PinnedRegisters> registerEntries() {
    return List.copyOf(registers.values());
  }

  /**
   * Writes the values in the file format.
   *
   * @param description the file's description
   * @return the JSON object
   */
  public ObjectNode toJson(String description) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("format", FORMAT);
    o.put("description", description);
    ArrayNode imgs = o.putArray("images");
    for (KnownImage k : images.values()) {
      ObjectNode e = imgs.addObject();
      e.put("os_image_hash", k.osImageHash().hex());
      if (k.version() != null) {
        e.put("version", k.version());
      }
      if (k.isDev() != null) {
        e.put("is_dev", k.isDev());
      }
      e.put("description", k.description());
    }
    ArrayNode ac = o.putArray("acpi");
    for (PinnedAcpi p : acpi.values()) {
      ObjectNode e = ac.addObject();
      e.set("shape", shapeJson(p.shape()));
      e.put("acpi_loader", p.digests().loader().hex());
      e.put("acpi_rsdp", p.digests().rsdp().hex());
      e.put("acpi_tables", p.digests().tables().hex());
      e.put("provenance", p.provenance());
    }
    ArrayNode rg = o.putArray("registers");
    for (PinnedRegisters p : registers.values()) {
      ObjectNode e = rg.addObject();
      e.put("os_image_hash", p.osImageHash().hex());
      e.set("shape", shapeJson(p.shape()));
      e.put("mrtd", p.registers().mrtd().hex());
      e.put("rtmr0", p.registers().rtmr0().hex());
      e.put("rtmr1", p.registers().rtmr1().hex());
      e.put("rtmr2", p.registers().rtmr2().hex());
      e.put("provenance", p.provenance());
    }
    return o;
  }

  /**
   * Writes a shape with every field explicit.
   *
   * @param s the shape
   * @return the JSON object, in the {@code shape} format
   */
  public static ObjectNode shapeJson(VmShape s) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("cpu_count", s.cpuCount());
    o.put("memory_size", s.memorySize());
    if (s.qemuVersion() != null) {
      o.put("qemu_version", s.qemuVersion());
    }
    if (s.pic() != null) {
      o.put("pic", s.pic());
    }
    if (s.qemuSinglePassAddPages() != null) {
      o.put("qemu_single_pass_add_pages", s.qemuSinglePassAddPages());
    }
    o.put("pci_hole64_size", s.pciHole64Size());
    o.put("hugepages", s.hugepages());
    o.put("num_gpus", s.numGpus());
    o.put("num_nvswitches", s.numNvswitches());
    o.put("num_nics", s.numNics());
    o.put("num_verity_volumes", s.numVerityVolumes());
    o.put("swtpm", s.swtpm());
    o.put("hotplug_off", s.hotplugOff());
    o.put("host_share_mode", s.hostShareMode());
    return o;
  }

  /**
   * Starts an empty set to fill in code.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects values; rejects conflicting entries. Not thread-safe. */
  public static final class Builder {
    private final Map<Bytes32, KnownImage> images = new LinkedHashMap<>();
    private final Map<VmShape, PinnedAcpi> acpi = new LinkedHashMap<>();
    private final Map<RegisterKey, PinnedRegisters> registers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a known image.
     *
     * @param image the entry
     * @return this builder
     * @throws InvalidInputException if the image is already known with another version or dev flag
     */
    public Builder addImage(KnownImage image) {
      KnownImage old = images.get(image.osImageHash());
      if (old != null && !(Objects.equals(old.version(), image.version()) && Objects.equals(old.isDev(), image.isDev()))) {
        throw new InvalidInputException("reference values: image " + image.osImageHash() + " is listed twice with different values");
      }
      images.putIfAbsent(image.osImageHash(), image);
      return this;
    }

    /**
     * Pins ACPI digests for a shape.
     *
     * @param entry the entry
     * @return this builder
     * @throws InvalidInputException if the shape already has other digests
     */
    public Builder addAcpi(PinnedAcpi entry) {
      PinnedAcpi old = acpi.get(entry.shape());
      if (old != null && !old.digests().equals(entry.digests())) {
        throw new InvalidInputException("reference values: ACPI digests for shape " + entry.shape().describe() + " are listed twice with different values");
      }
      acpi.putIfAbsent(entry.shape(), entry);
      return this;
    }

    /**
     * Pins registers for an image and shape.
     *
     * @param entry the entry
     * @return this builder
     * @throws InvalidInputException if the pair already has other registers
     */
    public Builder addRegisters(PinnedRegisters entry) {
      RegisterKey key = new RegisterKey(entry.osImageHash(), entry.shape());
      PinnedRegisters old = registers.get(key);
      if (old != null && !old.registers().equals(entry.registers())) {
        throw new InvalidInputException("reference values: registers for image " + entry.osImageHash() + " on shape "
            + entry.shape().describe() + " are listed twice with different values");
      }
      registers.putIfAbsent(key, entry);
      return this;
    }

    /**
     * Builds the set.
     *
     * @return the values
     */
    public ReferenceValues build() {
      return new ReferenceValues(images, acpi, registers);
    }
  }
}
