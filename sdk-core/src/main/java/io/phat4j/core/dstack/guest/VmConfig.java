package io.phat4j.core.dstack.guest;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.json.PhalaJson;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The VM configuration a dstack CVM reports ({@code vm_config}): the inputs that, with the OS
 * image, determine MRTD and RTMR0–2.
 *
 * <p>Only the fields a verifier typically needs are typed; {@link #json()} keeps the exact text,
 * with every field the agent sent. Absent fields are {@code null}.
 *
 * @param json the exact JSON text as the agent sent it
 * @param specVersion {@code spec_version}
 * @param osImageHash {@code os_image_hash}, hex
 * @param cpuCount {@code cpu_count}
 * @param memorySize {@code memory_size} in bytes
 * @param numGpus {@code num_gpus}
 * @param qemuVersion {@code qemu_version}
 */
public record VmConfig(
    String json,
    @Nullable Long specVersion,
    @Nullable String osImageHash,
    @Nullable Long cpuCount,
    @Nullable Long memorySize,
    @Nullable Long numGpus,
    @Nullable String qemuVersion) {

  /**
   * Checks the components.
   *
   * @param json the text
   * @param specVersion the spec version
   * @param osImageHash the OS image hash
   * @param cpuCount the CPU count
   * @param memorySize the memory size
   * @param numGpus the GPU count
   * @param qemuVersion the QEMU version
   */
  public VmConfig {
    Objects.requireNonNull(json, "json");
  }

  /**
   * Parses a {@code vm_config} JSON string.
   *
   * @param field the field it came from, for error messages
   * @param json the JSON text
   * @return the configuration
   * @throws DecodeException if the text is not a JSON object or a typed field has the wrong type
   */
  public static VmConfig parse(String field, String json) {
    JsonNode node = PhalaJson.readTree(field, json);
    if (!node.isObject()) {
      throw new DecodeException(field, "must be a JSON object");
    }
    return new VmConfig(
        json,
        number(node, field, "spec_version"),
        text(node, field, "os_image_hash"),
        number(node, field, "cpu_count"),
        number(node, field, "memory_size"),
        number(node, field, "num_gpus"),
        text(node, field, "qemu_version"));
  }

  private static @Nullable Long number(JsonNode node, String field, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      throw new DecodeException(field + "." + name, "must be an integer");
    }
    return value.longValue();
  }

  private static @Nullable String text(JsonNode node, String field, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new DecodeException(field + "." + name, "must be a string");
    }
    return value.textValue();
  }
}
