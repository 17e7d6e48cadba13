package io.phat4j.core.dstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.dstack.internal.JsCanonicalJson;
import io.phat4j.core.dstack.internal.JsNumber;
import io.phat4j.core.dstack.internal.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A dstack {@code app-compose.json}: its exact bytes, the hashes derived from them, and typed
 * access to the well-known fields.
 *
 * <p>{@link #composeHash()} is the normative value, SHA-256 of the exact bytes, which is what the
 * guest measures into RTMR3. {@link #canonicalJson(boolean)} and
 * {@link #canonicalComposeHash(boolean)} instead reproduce {@code @phala/dstack-sdk}'s
 * {@code getComposeHash} byte for byte (recursive key sort in JavaScript order, compact
 * {@code JSON.stringify}, numbers read and written as JavaScript doubles), which predicts the
 * hash only if that same string is what gets deployed.
 *
 * <p>Parsing is strict: the document must be one JSON object with no duplicate keys. JavaScript
 * would keep the last of two equal keys, while the guest's Rust (serde) parser refuses a field
 * that appears twice; such a file has no single meaning, so it is rejected rather than guessed.
 * Field types are checked when a typed accessor reads them (the canonical forms accept any JSON
 * object, as {@code getComposeHash} does): an accessor whose field holds another JSON type
 * throws {@link DecodeException} naming the field; {@code null} counts as absent.
 *
 * <p>Immutable and thread-safe.
 */
public final class AppCompose {
  private static final String WHAT = "app_compose";

  private final byte[] exactBytes;
  private final ObjectNode tree;
  private final Bytes32 composeHash;

  private AppCompose(byte[] exactBytes, ObjectNode tree) {
    this.exactBytes = exactBytes;
    this.tree = tree;
    this.composeHash = ComposeHash.of(exactBytes);
  }

  /**
   * Parses an {@code app-compose.json}, keeping its exact bytes.
   *
   * @param exactBytes the file's bytes as deployed (UTF-8 JSON)
   * @return the parsed compose
   * @throws DecodeException if the bytes are not one JSON object or have duplicate keys; the
   *     message names the byte offset
   */
  public static AppCompose parse(byte[] exactBytes) {
    Objects.requireNonNull(exactBytes, "exactBytes");
    byte[] copy = exactBytes.clone();
    JsonNode root = StrictJson.parse(WHAT, copy, StrictJson.Numbers.JAVASCRIPT);
    if (!root.isObject()) {
      throw new DecodeException(WHAT, "must be a JSON object, got " + kind(root));
    }
    return new AppCompose(copy, (ObjectNode) root);
  }

  /**
   * Parses an {@code app-compose.json} given as text; the exact bytes are its UTF-8 encoding.
   *
   * @param json the JSON text, e.g. {@code tcb_info.app_compose}
   * @return the parsed compose
   * @throws DecodeException as {@link #parse(byte[])}
   */
  public static AppCompose parse(String json) {
    return parse(Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns the exact bytes this compose was parsed from.
   *
   * @return a copy of the bytes
   */
  public byte[] exactBytes() {
    return exactBytes.clone();
  }

  /**
   * Returns the compose hash: SHA-256 of the exact bytes.
   *
   * @return the hash the guest measures
   */
  public Bytes32 composeHash() {
    return composeHash;
  }

  /**
   * Returns the default app id: the first 20 bytes of {@link #composeHash()}.
   *
   * @return the app id
   */
  public AppId appId() {
    return ComposeHash.appId(composeHash);
  }

  /**
   * Returns the canonical JSON that {@code @phala/dstack-sdk} {@code getComposeHash} hashes.
   *
   * <p>With {@code normalize}, its preprocessing is applied first to the top-level object: when
   * {@code runner} is {@code "bash"}, {@code docker_compose_file} is dropped; when it is
   * {@code "docker-compose"}, {@code bash_script} is dropped; a falsy {@code pre_launch_script}
   * ({@code ""}, {@code false}, {@code 0}, {@code null}) is dropped.
   *
   * @param normalize whether to apply the preprocessing
   * @return the JSON text; its UTF-8 bytes are what is hashed
   */
  public String canonicalJson(boolean normalize) {
    return JsCanonicalJson.write(normalize ? normalized() : tree);
  }

  /**
   * Returns SHA-256 of {@link #canonicalJson(boolean)}, as {@code getComposeHash} computes it.
   *
   * @param normalize whether to apply the preprocessing
   * @return the hash
   */
  public Bytes32 canonicalComposeHash(boolean normalize) {
    return ComposeHash.of(canonicalJson(normalize).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns {@code manifest_version} as text ({@code 2} is returned as {@code "2"}).
   *
   * @return the manifest version, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable String manifestVersion() {
    JsonNode n = present("manifest_version");
    requireType("manifest_version", n, v -> v.isTextual() || v.isNumber(), "a number or a string");
    if (n == null) {
      return null;
    }
    return n.isNumber() ? JsNumber.toString(n.doubleValue()) : n.textValue();
  }

  /**
   * Returns {@code name}.
   *
   * @return the app name, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable String name() {
    return text("name");
  }

  /**
   * Returns {@code runner}, e.g. {@code "docker-compose"}.
   *
   * @return the runner, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable String runner() {
    return text("runner");
  }

  /**
   * Returns {@code docker_compose_file}, the compose YAML.
   *
   * @return the file text, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable String dockerComposeFile() {
    return text("docker_compose_file");
  }

  /**
   * Returns {@code bash_script}.
   *
   * @return the script, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable String bashScript() {
    return text("bash_script");
  }

  /**
   * Returns {@code pre_launch_script}.
   *
   * @return the script, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable String preLaunchScript() {
    return text("pre_launch_script");
  }

  /**
   * Returns {@code kms_enabled}.
   *
   * @return the flag, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable Boolean kmsEnabled() {
    return bool("kms_enabled");
  }

  /**
   * Returns {@code gateway_enabled}.
   *
   * @return the flag, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable Boolean gatewayEnabled() {
    return bool("gateway_enabled");
  }

  /**
   * Returns {@code local_key_provider_enabled}.
   *
   * @return the flag, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable Boolean localKeyProviderEnabled() {
    return bool("local_key_provider_enabled");
  }

  /**
   * Returns {@code key_provider_id} (hex text as written, possibly empty).
   *
   * @return the id, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable String keyProviderId() {
    return text("key_provider_id");
  }

  /**
   * Returns {@code public_logs}.
   *
   * @return the flag, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable Boolean publicLogs() {
    return bool("public_logs");
  }

  /**
   * Returns {@code public_sysinfo}.
   *
   * @return the flag, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable Boolean publicSysinfo() {
    return bool("public_sysinfo");
  }

  /**
   * Returns {@code public_tcbinfo}.
   *
   * @return the flag, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable Boolean publicTcbinfo() {
    return bool("public_tcbinfo");
  }

  /**
   * Returns {@code allowed_envs}, the names of env vars the app accepts.
   *
   * @return an unmodifiable list, or null if absent
   * @throws DecodeException if the field is not an array of strings
   */
  public @Nullable List<String> allowedEnvs() {
    JsonNode n = present("allowed_envs");
    requireType("allowed_envs", n, JsonNode::isArray, "an array of strings");
    if (n == null) {
      return null;
    }
    List<String> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      requireType("allowed_envs[" + i + "]", n.get(i), JsonNode::isTextual, "a string");
      out.add(n.get(i).textValue());
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Returns {@code no_instance_id}.
   *
   * @return the flag, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable Boolean noInstanceId() {
    return bool("no_instance_id");
  }

  /**
   * Returns {@code secure_time}.
   *
   * @return the flag, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable Boolean secureTime() {
    return bool("secure_time");
  }

  /**
   * Returns {@code storage_fs}, e.g. {@code "zfs"} or {@code "ext4"}.
   *
   * @return the file system, or null if absent
   * @throws DecodeException if the field has another JSON type
   */
  public @Nullable String storageFs() {
    return text("storage_fs");
  }

  /**
   * Returns the top-level field names in document order.
   *
   * @return an unmodifiable list
   */
  public List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    tree.fieldNames().forEachRemaining(names::add);
    return Collections.unmodifiableList(names);
  }

  @Override
  public String toString() {
    JsonNode name = tree.get("name");
    return "AppCompose[name=" + (name != null && name.isTextual() ? name.textValue() : "?")
        + ", composeHash=" + composeHash.hex() + "]";
  }

  private static void requireType(
      String field, @Nullable JsonNode n, java.util.function.Predicate<JsonNode> ok, String expected) {
    if (n != null && !ok.test(n)) {
      throw new DecodeException(WHAT + "." + field, "must be " + expected + ", got " + kind(n));
    }
  }

  private @Nullable JsonNode present(String field) {
    JsonNode n = tree.get(field);
    return n == null || n.isNull() ? null : n;
  }

  private @Nullable String text(String field) {
    JsonNode n = present(field);
    requireType(field, n, JsonNode::isTextual, "a string");
    return n == null ? null : n.textValue();
  }

  private @Nullable Boolean bool(String field) {
    JsonNode n = present(field);
    requireType(field, n, JsonNode::isBoolean, "a boolean");
    return n == null ? null : n.booleanValue();
  }

  private ObjectNode normalized() {
    ObjectNode copy = tree.deepCopy();
    JsonNode runner = copy.get("runner");
    if (runner != null && runner.isTextual()) {
      if (runner.textValue().equals("bash")) {
        copy.remove("docker_compose_file");
      } else if (runner.textValue().equals("docker-compose")) {
        copy.remove("bash_script");
      }
    }
    JsonNode pre = copy.get("pre_launch_script");
    if (pre != null && isFalsy(pre)) {
      copy.remove("pre_launch_script");
    }
    return copy;
  }

  /** JavaScript's ToBoolean is false for exactly these JSON values. */
  private static boolean isFalsy(JsonNode n) {
    return n.isNull()
        || (n.isBoolean() && !n.booleanValue())
        || (n.isTextual() && n.textValue().isEmpty())
        || (n.isNumber() && (n.doubleValue() == 0 || Double.isNaN(n.doubleValue())));
  }

  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
