package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A CVM's {@code app-compose} document from {@code GET /cvms/{id}/compose_file}, kept whole so
 * that fields this client does not know (a salt, a new flag) survive a round trip through a
 * compose update.
 *
 * <p>Read the common fields with the typed accessors and derive a changed copy with the {@code
 * with…} methods; the original is never modified. Immutable and thread-safe.
 */
public final class CvmComposeFile {
  private final ObjectNode json;

  private CvmComposeFile(ObjectNode json) {
    this.json = json;
  }

  /**
   * Parses an app-compose JSON object.
   *
   * @param json the JSON text
   * @return the document
   * @throws DecodeException if the text is not a JSON object
   */
  public static CvmComposeFile parse(String json) {
    return of(PhalaJson.readTree("compose file", json));
  }

  static CvmComposeFile of(JsonNode node) {
    if (!(node instanceof ObjectNode object)) {
      throw new DecodeException("compose file", "is not a JSON object");
    }
    return new CvmComposeFile(object.deepCopy());
  }

  /**
   * Returns the docker-compose YAML.
   *
   * @return the YAML, or {@code null} if absent
   */
  public @Nullable String dockerComposeFile() {
    return text("docker_compose_file");
  }

  /**
   * Returns the pre-launch script.
   *
   * @return the script, or {@code null} if absent
   */
  public @Nullable String preLaunchScript() {
    return text("pre_launch_script");
  }

  /**
   * Returns the app name in the compose.
   *
   * @return the name, or {@code null} if absent
   */
  public @Nullable String name() {
    return text("name");
  }

  /**
   * Returns the env names the CVM accepts.
   *
   * @return the names, empty if absent
   */
  public List<String> allowedEnvs() {
    JsonNode node = json.get("allowed_envs");
    if (node == null || !node.isArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return Collections.unmodifiableList(out);
  }

  /**
   * Returns a boolean field such as {@code kms_enabled} or {@code public_logs}.
   *
   * @param field the wire name
   * @return the value, or {@code null} if absent or not a boolean
   */
  public @Nullable Boolean flag(String field) {
    JsonNode node = json.get(field);
    return node != null && node.isBoolean() ? node.booleanValue() : null;
  }

  /**
   * Returns a copy with another docker-compose YAML.
   *
   * @param yaml the YAML
   * @return the changed copy
   */
  public CvmComposeFile withDockerComposeFile(String yaml) {
    ObjectNode copy = json.deepCopy();
    copy.put("docker_compose_file", Objects.requireNonNull(yaml, "yaml"));
    return new CvmComposeFile(copy);
  }

  /**
   * Returns a copy with another pre-launch script, or without one.
   *
   * @param script the script, {@code null} to remove it
   * @return the changed copy
   */
  public CvmComposeFile withPreLaunchScript(@Nullable String script) {
    ObjectNode copy = json.deepCopy();
    if (script == null) {
      copy.remove("pre_launch_script");
    } else {
      copy.put("pre_launch_script", script);
    }
    return new CvmComposeFile(copy);
  }

  /**
   * Returns a copy with other allowed env names.
   *
   * @param names the names
   * @return the changed copy
   */
  public CvmComposeFile withAllowedEnvs(List<String> names) {
    ObjectNode copy = json.deepCopy();
    ArrayNode array = copy.putArray("allowed_envs");
    names.forEach(array::add);
    return new CvmComposeFile(copy);
  }

  /**
   * Returns a copy with a boolean field set.
   *
   * @param field the wire name, e.g. {@code public_logs}
   * @param value the value
   * @return the changed copy
   */
  public CvmComposeFile withFlag(String field, boolean value) {
    ObjectNode copy = json.deepCopy();
    copy.put(field, value);
    return new CvmComposeFile(copy);
  }

  /**
   * Returns the document as JSON text.
   *
   * @return the JSON
   */
  public String toJson() {
    return new String(PhalaJson.write(json), StandardCharsets.UTF_8);
  }

  ObjectNode tree() {
    return json.deepCopy();
  }

  private @Nullable String text(String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CvmComposeFile other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  /** Prints the field names only; the compose may name secrets' keys but values stay out. */
  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return "CvmComposeFile" + names;
  }
}
