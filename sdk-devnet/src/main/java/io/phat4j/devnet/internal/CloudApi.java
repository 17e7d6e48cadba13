package io.phat4j.devnet.internal;

import static io.phat4j.devnet.internal.CloudErrorBodies.missing;
import static io.phat4j.devnet.internal.CloudErrorBodies.structured;
import static io.phat4j.devnet.internal.CloudErrorBodies.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.cloud.ApiVersion;
import io.phat4j.contracts.kms.DstackApp;
import io.phat4j.contracts.kms.DstackKms;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.SecretString;
import io.phat4j.core.dstack.ComposeHash;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Phala Cloud deployment API under {@code /api/v1}, as far as the SDK's deploy flow and
 * management calls use it: provision and commit, CVM info, list, state (JSON and Server-Sent
 * Events), start, stop, shutdown, restart, delete, compose file, attestation, app info and
 * attestations, KMS list, info, env key and next app ids. Requests need the devnet API key in
 * {@code X-API-Key}, except the public app attestations.
 *
 * <p>Answers follow the {@code X-Phala-Version} the request asks for (default 2026-06-23): from
 * 2026-05-22 CVM ids are hashed ({@code cvm_…}), under 2026-01-21 {@code id} is the placeholder
 * {@code 0}, before that a number; from 2026-06-23 {@code /kms} and {@code /kms/{slug}} describe
 * the devnet's one KMS contract ({@code kc_devnet}, address {@code "phala"}, chain 0, {@code
 * k256_pubkey} the KMS root key). A compose update that changes nothing answers {@code
 * compose_unchanged} and its commit {@code status: "no_change"}, without a restart.
 *
 * <p>Errors use the cloud's shapes: Pydantic lists with HTTP 422 for malformed bodies, structured
 * {@code ERR-xx-yyy} details for business errors, a plain {@code detail} string otherwise.
 */
public final class CloudApi {
  private static final String PREFIX = "/api/v1";
  private static final Pattern CVM_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{4,62}");
  private static final Pattern HEX40 = Pattern.compile("(0x)?[0-9a-fA-F]{40}");
  private static final int MAX_COMPOSE_PAYLOAD_BYTES = 200 * 1024;
  private static final Map<String, int[]> INSTANCE_TYPES = Map.of(
      "tdx.small", new int[] {1, 2048, 20},
      "tdx.medium", new int[] {2, 4096, 40},
      "tdx.large", new int[] {4, 8192, 80},
      "tdx.xlarge", new int[] {8, 16384, 160});
  private static final String KMS_ID = "kms_devnet";

  /**
   * Returns the VM configurations of the instance types the devnet offers, for an image.
   *
   * @param image the OS image
   * @return one configuration per instance type
   */
  public static List<io.phat4j.attestation.os.VmConfig> instanceConfigs(io.phat4j.devnet.OsImage image) {
    return INSTANCE_TYPES.values().stream()
        .map(size -> image.vmConfig(size[0], (long) size[1] * 1024 * 1024))
        .toList();
  }
  private static final String KMS_SLUG = "phala";
  private static final String KMS_CONTRACT_ID = "kc_devnet";

  /** The version the request being served asked for; answers are rendered in its shape. */
  private static final ThreadLocal<ApiVersion> VERSION = ThreadLocal.withInitial(() -> ApiVersion.DEFAULT);

  private final Platform platform;
  private final SecretString apiKey;
  private final URI kmsUrl;
  private final Map<Bytes32, ProvisionedApp> provisions = new ConcurrentHashMap<>();
  private final Map<String, Cvm> cvms = new ConcurrentHashMap<>();
  private final Map<String, ProvisionedApp> pendingUpdates = new ConcurrentHashMap<>();
  private final java.util.Set<Bytes32> onChainProvisions = ConcurrentHashMap.newKeySet();
  private final AtomicLong nextId = new AtomicLong(1);
  private final AtomicLong nextNonce = new AtomicLong(1);

  /**
   * Creates the API.
   *
   * @param platform the simulated platform
   * @param apiKey the key clients must send
   * @param kmsUrl the KMS RPC URL to advertise in {@code kms_info}
   */
  public CloudApi(Platform platform, SecretString apiKey, URI kmsUrl) {
    this.platform = platform;
    this.apiKey = apiKey;
    this.kmsUrl = kmsUrl;
  }

  /**
   * Serves one request.
   *
   * @param r the request
   * @throws IOException if the client went away
   */
  public void handle(HttpRequests r) throws IOException {
    String path = r.path();
    if (!path.startsWith(PREFIX + "/")) {
      r.json(404, Map.of("detail", "Not Found"));
      return;
    }
    List<String> seg = List.of(path.substring(PREFIX.length() + 1).split("/"));
    try {
      boolean publicCall = r.method().equals("GET") && seg.size() == 3 && seg.get(0).equals("apps")
          && seg.get(2).equals("attestations");
      if (!publicCall && !authorized(r.header("X-API-Key"))) {
        throw CloudErrorBodies.text(401, "Invalid or missing API key");
      }
      VERSION.set(version(r.header("X-Phala-Version")));
      route(r, r.method(), seg);
    } catch (CloudErrorBodies.Failure f) {
      r.json(f.status, f.body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      VERSION.remove();
    }
  }

  private static ApiVersion version(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return ApiVersion.DEFAULT;
    }
    try {
      return ApiVersion.parse(header);
    } catch (IllegalArgumentException e) {
      throw structured(400, "ERR-01-010", "Unsupported X-Phala-Version " + header, "X-Phala-Version", header,
          "Use 2025-10-28, 2026-01-21, 2026-05-22 or 2026-06-23");
    }
  }

  /** The CVM's {@code id} as the requested version renders it: hashed, placeholder 0, or numeric. */
  private static void putCvmId(ObjectNode o, Cvm c) {
    ApiVersion v = VERSION.get();
    if (v.hasHashedCvmIds()) {
      o.put("id", hashedId(c));
    } else if (v == ApiVersion.V2026_01_21) {
      o.put("id", 0);
    } else {
      o.put("id", c.id());
    }
  }

  /** A stable, opaque hashed id: {@code cvm_} and a base-36 scramble of the numeric id. */
  static String hashedId(Cvm c) {
    return "cvm_" + Long.toString(c.id() * 7_919L + 1_000_003L, 36);
  }

  private boolean authorized(@Nullable String key) {
    return key != null && SecretString.of(key).equals(apiKey);
  }

  private void route(HttpRequests r, String method, List<String> seg) throws IOException, InterruptedException {
    String head = seg.get(0);
    int n = seg.size();
    if (head.equals("cvms")) {
      if (n == 1 && method.equals("POST")) {
        r.json(200, commit(body(r)));
        return;
      }
      if (n == 2 && seg.get(1).equals("provision") && method.equals("POST")) {
        r.json(200, provision(body(r)));
        return;
      }
      if (n == 2 && seg.get(1).equals("paginated") && method.equals("GET")) {
        r.json(200, page(r, cvms.values().stream().filter(c -> !c.deleted()).sorted(
            (a, b) -> Long.compare(a.id(), b.id())).map(this::cvmInfo).toList()));
        return;
      }
      if (n == 4 && seg.get(2).equals("compose_file") && seg.get(3).equals("provision") && method.equals("POST")) {
        r.json(200, provisionUpdate(resolve(seg.get(1)), body(r)));
        return;
      }
      if (n >= 2) {
        Cvm cvm = resolve(seg.get(1));
        String action = n == 3 ? seg.get(2) : n == 2 ? "" : null;
        if (action != null) {
          cvmAction(r, method, cvm, action);
          return;
        }
      }
    } else if (head.equals("apps") && n >= 2 && method.equals("GET")) {
      AppId appId = appIdParam(seg.get(1), "app_id");
      if (n == 2) {
        r.json(200, appInfo(appId));
        return;
      }
      if (n == 3 && seg.get(2).equals("attestations")) {
        r.json(200, appAttestations(appId));
        return;
      }
      if (n == 3 && seg.get(2).equals("cvms")) {
        r.json(200, cvmsOf(appId).stream().map(this::cvmInfo).toList());
        return;
      }
    } else if (head.equals("kms") && method.equals("GET")) {
      kms(r, seg);
      return;
    } else if (head.equals("auth") && n == 2 && seg.get(1).equals("me") && method.equals("GET")) {
      ObjectNode me = HttpRequests.JSON.createObjectNode();
      me.putObject("user").put("username", "devnet").put("email", "dev@devnet.invalid").put("role", "owner");
      me.putObject("workspace").put("id", "ws_devnet").put("name", "devnet").put("slug", "devnet").put("tier", "free");
      me.putObject("credits").put("balance", "0").put("granted_balance", "0").put("is_post_paid", false);
      r.json(200, me);
      return;
    }
    throw CloudErrorBodies.text(404, "Not Found");
  }

  private void cvmAction(HttpRequests r, String method, Cvm cvm, String action) throws IOException, InterruptedException {
    switch (method + " " + action) {
      case "GET " -> r.json(200, cvmInfo(cvm));
      case "DELETE " -> {
        cvms.remove(cvm.vmUuid());
        cvm.close();
        r.send(204, "application/json", new byte[0]);
      }
      case "GET state" -> {
        String accept = r.header("Accept");
        if (accept != null && accept.contains("text/event-stream")) {
          watchState(r, cvm);
        } else {
          r.json(200, stateJson(cvm, cvm.state()));
        }
      }
      case "POST start" -> {
        cvm.start();
        r.json(200, vm(cvm));
      }
      case "POST stop" -> {
        cvm.stop("stopped");
        r.json(200, vm(cvm));
      }
      case "POST shutdown" -> {
        cvm.stop("stopped");
        r.json(200, vm(cvm));
      }
      case "POST restart" -> {
        JsonNode b = body(r);
        JsonNode force = b.get("force");
        if (force != null && !force.isBoolean()) {
          throw validation("bool_parsing", List.of("body", "force"), "Input should be a valid boolean");
        }
        cvm.stop("stopped");
        cvm.start();
        r.json(200, vm(cvm));
      }
      case "GET attestation" -> r.json(200, cvmAttestation(cvm));
      case "GET compose_file" -> r.json(200, HttpRequests.JSON.readTree(cvm.app().appCompose()));
      case "PATCH compose_file" -> r.json(202, commitUpdate(cvm, body(r)));
      case "PATCH envs" -> r.json(202, updateEnvs(cvm, body(r)));
      case "GET docker-compose.yml" -> r.text(200, "text/yaml", cvm.app().dockerComposeFile());
      default -> throw CloudErrorBodies.text(404, "Not Found");
    }
  }

  // ---- provision and commit ----

  private ObjectNode provision(JsonNode b) {
    String name = requiredText(b, "name");
    if (!CVM_NAME.matcher(name).matches() || name.contains("--")) {
      throw validation("value_error", List.of("body", "name"),
          "Value error, CVM name must be 5-63 characters, start with a letter, use only letters, digits and"
              + " single hyphens");
    }
    JsonNode compose = b.get("compose_file");
    if (compose == null || compose.isNull()) {
      throw missing("body", "compose_file");
    }
    if (!compose.isObject()) {
      throw validation("model_type", List.of("body", "compose_file"), "Input should be a valid dictionary");
    }
    JsonNode yaml = compose.get("docker_compose_file");
    if (yaml == null || yaml.isNull() || (yaml.isTextual() && yaml.textValue().isBlank())) {
      throw structured(400, "ERR-01-002", "A docker compose file is required", "docker_compose_file", "",
          "Put your docker-compose.yml text in compose_file.docker_compose_file");
    }
    if (!yaml.isTextual()) {
      throw validation("string_type", List.of("body", "compose_file", "docker_compose_file"),
          "Input should be a valid string");
    }
    String preLaunch = optionalText(compose, "pre_launch_script", List.of("body", "compose_file", "pre_launch_script"));
    int payload = yaml.textValue().getBytes(StandardCharsets.UTF_8).length
        + (preLaunch == null ? 0 : preLaunch.getBytes(StandardCharsets.UTF_8).length);
    if (payload > MAX_COMPOSE_PAYLOAD_BYTES) {
      throw structured(400, "ERR-01-003", "The compose payload is " + payload + " bytes; the limit is "
          + MAX_COMPOSE_PAYLOAD_BYTES, "docker_compose_file", "", "Move large files out of the compose");
    }
    String kms = optionalText(b, "kms", List.of("body", "kms"));
    boolean onChainKms = kms != null && (kms.equalsIgnoreCase("ETHEREUM") || kms.equalsIgnoreCase("BASE"));
    if (kms != null && !kms.equalsIgnoreCase("PHALA") && !(onChainKms && platform.chain() != null)) {
      throw structured(404, "ERR-02-011", "KMS " + kms + " is not available on the devnet", "kms", kms,
          platform.chain() == null ? "Use the PHALA KMS" : "Use PHALA, or ETHEREUM for the devnet chain's DstackKms");
    }
    String kmsId = optionalText(b, "kms_id", List.of("body", "kms_id"));
    if (kmsId != null && !kmsId.equals(KMS_ID) && !kmsId.equals(KMS_SLUG)) {
      throw structured(404, "ERR-02-011", "KMS " + kmsId + " not found", "kms_id", kmsId, "Use " + KMS_ID);
    }
    String type = optionalText(b, "instance_type", List.of("body", "instance_type"));
    if (type == null) {
      type = "tdx.small";
    }
    int[] size = INSTANCE_TYPES.get(type);
    if (size == null) {
      throw structured(404, "ERR-02-001", "Instance type " + type + " not found", "instance_type", type,
          "Use one of " + new java.util.TreeSet<>(INSTANCE_TYPES.keySet()));
    }
    String image = optionalText(b, "image", List.of("body", "image"));
    if (image != null && !image.equals(platform.image().name())) {
      throw structured(400, "ERR-02-013", "OS image " + image + " is not available on the devnet node",
          "image", image, "Use " + platform.image().name());
    }
    for (Cvm c : cvms.values()) {
      if (c.app().name().equals(name) && !c.deleted()) {
        throw structured(409, "ERR-01-004", "A CVM named " + name + " already exists", "name", name,
            "Choose another name or delete the existing CVM");
      }
    }
    List<String> allowed = stringList(compose.get("allowed_envs"), List.of("body", "compose_file", "allowed_envs"));
    List<String> envKeys = stringList(b.get("env_keys"), List.of("body", "env_keys"));
    List<String> allowedEnvs = new ArrayList<>(allowed);
    for (String k : envKeys) {
      if (!allowedEnvs.contains(k)) {
        allowedEnvs.add(k);
      }
    }
    boolean publicLogs = bool(compose, "public_logs", true);
    boolean publicSysinfo = bool(compose, "public_sysinfo", true);
    boolean publicTcbinfo = bool(compose, "public_tcbinfo", true);
    boolean gateway = bool(compose, "gateway_enabled", bool(compose, "tproxy_enabled", true));
    String storageFs = compose.path("storage_fs").asText("zfs");
    if (!storageFs.equals("zfs") && !storageFs.equals("ext4")) {
      throw validation("literal_error", List.of("body", "compose_file", "storage_fs"), "Input should be 'ext4' or 'zfs'");
    }
    String text = appComposeText(name, yaml.textValue(), preLaunch, allowedEnvs, publicLogs, publicSysinfo,
        publicTcbinfo, gateway, storageFs);
    Bytes32 hash = ComposeHash.of(text.getBytes(StandardCharsets.UTF_8));
    AppId appId = appIdFor(b, hash);
    ProvisionedApp app = new ProvisionedApp(name, text, hash, appId, yaml.textValue(), allowedEnvs, type,
        size[0], size[1], size[2], storageFs, publicLogs, publicSysinfo, publicTcbinfo, gateway,
        bool(b, "listed", false), preLaunch);
    provisions.put(hash, app);
    if (onChainKms) {
      onChainProvisions.add(hash);
    } else {
      onChainProvisions.remove(hash);
    }

    ObjectNode o = HttpRequests.JSON.createObjectNode();
    if (onChainKms) {
      // The app id is the DstackApp contract the client deploys next; the KMS key follows from it.
      o.putNull("app_id");
      o.putNull("app_env_encrypt_pubkey");
    } else {
      o.put("app_id", appId.hex());
      o.put("app_env_encrypt_pubkey", platform.kms().envPublicKey(appId).hex());
    }
    o.put("compose_hash", hash.hex());
    o.set("kms_info", kmsInfo());
    o.put("fmspc", platform.fmspc());
    o.put("device_id", platform.deviceId());
    o.put("os_image_hash", platform.image().osImageHash().hex());
    o.put("instance_type", type);
    o.put("node_id", 1);
    o.put("teepod_id", 1);
    o.put("kms_id", KMS_ID);
    if (VERSION.get().hasKmsContracts()) {
      o.put("kms_contract_id", KMS_CONTRACT_ID);
    }
    return o;
  }

  /** The server writes app-compose.json itself: sorted keys, compact; its bytes define the hash. */
  private static String appComposeText(String name, String yaml, @Nullable String preLaunch, List<String> allowedEnvs,
      boolean publicLogs, boolean publicSysinfo, boolean publicTcbinfo, boolean gateway, String storageFs) {
    Map<String, Object> appCompose = new TreeMap<>();
    appCompose.put("allowed_envs", allowedEnvs);
    appCompose.put("docker_compose_file", yaml);
    appCompose.put("features", List.of("kms", "tproxy-net"));
    appCompose.put("gateway_enabled", gateway);
    appCompose.put("kms_enabled", true);
    appCompose.put("local_key_provider_enabled", false);
    appCompose.put("manifest_version", 2);
    appCompose.put("name", name);
    appCompose.put("no_instance_id", false);
    if (preLaunch != null && !preLaunch.isEmpty()) {
      appCompose.put("pre_launch_script", preLaunch);
    }
    appCompose.put("public_logs", publicLogs);
    appCompose.put("public_sysinfo", publicSysinfo);
    appCompose.put("public_tcbinfo", publicTcbinfo);
    appCompose.put("runner", "docker-compose");
    appCompose.put("secure_time", false);
    appCompose.put("storage_fs", storageFs);
    return HttpRequests.JSON.valueToTree(appCompose).toString();
  }

  // ---- compose and env updates ----

  private ObjectNode provisionUpdate(Cvm cvm, JsonNode b) {
    ProvisionedApp cur = cvm.app();
    JsonNode yaml = b.get("docker_compose_file");
    if (yaml == null || yaml.isNull() || (yaml.isTextual() && yaml.textValue().isBlank())) {
      throw structured(400, "ERR-01-002", "A docker compose file is required", "docker_compose_file", "",
          "Send the complete app-compose document");
    }
    if (!yaml.isTextual()) {
      throw validation("string_type", List.of("body", "docker_compose_file"), "Input should be a valid string");
    }
    String preLaunch = optionalText(b, "pre_launch_script", List.of("body", "pre_launch_script"));
    List<String> allowed = b.has("allowed_envs")
        ? stringList(b.get("allowed_envs"), List.of("body", "allowed_envs")) : cur.allowedEnvs();
    boolean publicLogs = bool(b, "public_logs", cur.publicLogs());
    boolean publicSysinfo = bool(b, "public_sysinfo", cur.publicSysinfo());
    boolean publicTcbinfo = bool(b, "public_tcbinfo", cur.publicTcbinfo());
    boolean gateway = bool(b, "gateway_enabled", cur.gatewayEnabled());
    String storageFs = b.path("storage_fs").asText(cur.storageFs());
    String text = appComposeText(cur.name(), yaml.textValue(), preLaunch, allowed, publicLogs, publicSysinfo,
        publicTcbinfo, gateway, storageFs);
    Bytes32 hash = ComposeHash.of(text.getBytes(StandardCharsets.UTF_8));
    boolean unchanged = hash.equals(cur.composeHash());
    ProvisionedApp next = new ProvisionedApp(cur.name(), text, hash, cur.appId(), yaml.textValue(), allowed,
        cur.instanceType(), cur.vcpu(), cur.memoryMb(), cur.diskGb(), storageFs, publicLogs, publicSysinfo,
        publicTcbinfo, gateway, cur.listed(), preLaunch);
    pendingUpdates.put(cvm.vmUuid() + "/" + hash.hex(), next);
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("app_id", cur.appId().hex());
    o.put("device_id", platform.deviceId());
    o.put("compose_hash", hash.hex());
    o.set("kms_info", kmsInfo());
    o.put("compose_hash_registered", true);
    if (unchanged) {
      o.put("compose_unchanged", true);
    }
    return o;
  }

  private ObjectNode commitUpdate(Cvm cvm, JsonNode b) {
    String hashText = requiredText(b, "compose_hash");
    String plain = hashText.startsWith("0x") ? hashText.substring(2) : hashText;
    ProvisionedApp next = pendingUpdates.remove(cvm.vmUuid() + "/" + plain.toLowerCase(Locale.ROOT));
    if (next == null) {
      throw structured(400, "ERR-01-006", "Compose hash " + plain + " was not provisioned for this CVM",
          "compose_hash", plain, "Call POST /cvms/{id}/compose_file/provision first");
    }
    String env = checkedEnv(cvm.appId(), b);
    List<String> keys = b.has("env_keys") ? stringList(b.get("env_keys"), List.of("body", "env_keys")) : null;
    if (next.composeHash().equals(cvm.app().composeHash()) && env == null) {
      // Same compose, no new env: nothing to apply, so no restart.
      ObjectNode o = HttpRequests.JSON.createObjectNode();
      o.put("status", "no_change");
      o.put("message", "compose unchanged");
      return o;
    }
    cvm.update(next, env, keys);
    return accepted("compose update in progress");
  }

  private ObjectNode updateEnvs(Cvm cvm, JsonNode b) {
    requiredText(b, "encrypted_env");
    String env = checkedEnv(cvm.appId(), b);
    List<String> keys = b.has("env_keys") ? stringList(b.get("env_keys"), List.of("body", "env_keys")) : null;
    cvm.update(cvm.app(), env, keys);
    ObjectNode o = accepted("env update in progress");
    o.put("allowed_envs_changed", false);
    return o;
  }

  /** The body's encrypted_env without 0x, checked to decrypt with the app key; null if absent. */
  private @Nullable String checkedEnv(AppId appId, JsonNode b) {
    String env = optionalText(b, "encrypted_env", List.of("body", "encrypted_env"));
    if (env == null) {
      return null;
    }
    env = env.startsWith("0x") ? env.substring(2) : env;
    if (!env.isEmpty()) {
      try {
        io.phat4j.core.crypto.EnvDecryptor.create(platform.kms().envKey(appId)).decrypt(env);
      } catch (DecodeException | CryptoException e) {
        throw structured(400, "ERR-02-008", "encrypted_env cannot be decrypted with the app's env key",
            "encrypted_env", "(" + env.length() / 2 + " bytes)", "Encrypt to the app's env public key");
      }
    }
    return env;
  }

  private static ObjectNode accepted(String message) {
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("status", "in_progress");
    o.put("message", message);
    o.put("correlation_id", java.util.UUID.randomUUID().toString());
    return o;
  }

  /** A pinned app id, one from a nonce, or (default) the first 20 bytes of the compose hash. */
  private AppId appIdFor(JsonNode b, Bytes32 hash) {
    String pinned = optionalText(b, "app_id", List.of("body", "app_id"));
    JsonNode nonce = b.get("nonce");
    if (nonce != null && !nonce.isNull() && !nonce.canConvertToLong()) {
      throw validation("int_type", List.of("body", "nonce"), "Input should be a valid integer");
    }
    AppId fromNonce = nonce == null || nonce.isNull() ? null : appIdForNonce(nonce.asLong());
    if (pinned != null) {
      if (!HEX40.matcher(pinned).matches()) {
        throw validation("value_error", List.of("body", "app_id"), "Value error, app_id must be 40 hex digits");
      }
      AppId id = AppId.fromHex("app_id", pinned);
      if (fromNonce != null && !fromNonce.equals(id)) {
        throw validation("value_error", List.of("body", "app_id"),
            "Value error, app_id does not match the app id of nonce " + nonce.asLong());
      }
      return id;
    }
    return fromNonce != null ? fromNonce : ComposeHash.appId(hash);
  }

  private static AppId appIdForNonce(long nonce) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(
          ("phat4j-devnet/app-id/" + nonce).getBytes(StandardCharsets.UTF_8));
      return AppId.of(java.util.Arrays.copyOf(d, 20));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode commit(JsonNode b) {
    String appIdText = requiredText(b, "app_id");
    String hashText = requiredText(b, "compose_hash");
    if (!HEX40.matcher(appIdText).matches()) {
      throw validation("value_error", List.of("body", "app_id"), "Value error, app_id must be 40 hex digits");
    }
    Bytes32 hash;
    try {
      hash = Bytes32.fromHex(hashText.startsWith("0x") ? hashText.substring(2) : hashText);
    } catch (DecodeException e) {
      throw validation("value_error", List.of("body", "compose_hash"), "Value error, compose_hash must be 64 hex digits");
    }
    ProvisionedApp app = provisions.get(hash);
    if (app == null) {
      throw structured(400, "ERR-01-006", "Compose hash " + hash.hex() + " was never provisioned or has expired",
          "compose_hash", hash.hex(), "Call POST /cvms/provision again");
    }
    AppId appId = AppId.fromHex("app_id", appIdText);
    if (onChainProvisions.contains(hash)) {
      checkOnChain(appId, hash, b);
      app = new ProvisionedApp(app.name(), app.appCompose(), app.composeHash(), appId, app.dockerComposeFile(),
          app.allowedEnvs(), app.instanceType(), app.vcpu(), app.memoryMb(), app.diskGb(), app.storageFs(),
          app.publicLogs(), app.publicSysinfo(), app.publicTcbinfo(), app.gatewayEnabled(), app.listed(),
          app.preLaunchScript());
    } else if (!appId.equals(app.appId())) {
      throw structured(400, "ERR-01-006", "app_id " + appId.hex() + " does not belong to compose hash " + hash.hex(),
          "app_id", appId.hex(), "Commit with the app_id the provision returned");
    }
    for (Cvm c : cvms.values()) {
      if (c.appId().equals(appId) && !c.deleted()) {
        throw structured(409, "ERR-03-007", "App " + appId.hex() + " already has a CVM", "app_id", appId.hex(),
            "Update the existing CVM instead");
      }
    }
    String env = checkedEnv(appId, b);
    env = env == null ? "" : env;
    List<String> envKeys = stringList(b.get("env_keys"), List.of("body", "env_keys"));
    Cvm cvm = new Cvm(nextId.getAndIncrement(), app, env, envKeys, platform);
    cvms.put(cvm.vmUuid(), cvm);
    cvm.start();
    return vm(cvm);
  }

  /**
   * An on-chain KMS app: its DstackApp must be registered with the devnet's DstackKms and allow
   * this compose hash and device; an unregistered hash answers HTTP 465 as Phala Cloud does.
   */
  private void checkOnChain(AppId appId, Bytes32 hash, JsonNode b) {
    DevnetChain chain = platform.chain();
    if (chain == null) {
      throw structured(404, "ERR-02-011", "the devnet runs without a chain", "kms", "ETHEREUM", null);
    }
    String contract = optionalText(b, "contract_address", List.of("body", "contract_address"));
    EvmAddress address = EvmAddress.of(appId);
    if (contract != null && !contract.equalsIgnoreCase(address.toString())
        && !contract.equalsIgnoreCase(appId.hex())) {
      throw validation("value_error", List.of("body", "contract_address"),
          "Value error, contract_address must be the app id of an on-chain app");
    }
    DstackKms kms = DstackKms.at(chain.client(), chain.kms());
    if (!kms.isRegistered(address)) {
      throw structured(400, "ERR-01-007", "App contract " + address + " is not registered with DstackKms "
          + chain.kms(), "contract_address", address.toString(), "Deploy it with DstackKms.deployAndRegisterApp");
    }
    DstackApp app = kms.app(address);
    Bytes32 device = Bytes32.fromHex(platform.deviceId());
    boolean hashAllowed = app.isComposeHashAllowed(hash);
    boolean deviceAllowed = app.allowAnyDevice() || app.isDeviceAllowed(device);
    if (!hashAllowed || !deviceAllowed) {
      ObjectNode o = HttpRequests.JSON.createObjectNode();
      ObjectNode d = o.putObject("detail");
      d.put("error_code", "ERR-01-005");
      d.put("message", !hashAllowed ? "Compose hash " + hash.hex() + " must be added to " + address + " on chain"
          : "Device " + platform.deviceId() + " must be allowed by " + address + " on chain");
      ArrayNode details = d.putArray("details");
      details.addObject().put("field", "compose_hash").put("value", hash.hex());
      details.addObject().put("field", "app_id").put("value", appId.hex());
      details.addObject().put("field", "device_id").put("value", platform.deviceId());
      details.addObject().put("field", "kms_info").set("value", kmsInfo());
      ObjectNode status = details.addObject().put("field", "onchain_status").putObject("value");
      status.put("compose_hash_allowed", hashAllowed);
      status.put("device_id_allowed", deviceAllowed);
      status.put("is_allowed", false);
      d.putArray("suggestions").add("Call addComposeHash on the app contract, then commit again");
      throw new CloudErrorBodies.Failure(465, o);
    }
  }

  // ---- state ----

  private void watchState(HttpRequests r, Cvm cvm) throws IOException, InterruptedException {
    String target = r.query("target");
    long interval = longParam(r, "interval", 5, 5, 30);
    long timeout = longParam(r, "timeout", 300, 10, 600);
    long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
    try (HttpRequests.EventStream events = r.eventStream()) {
      // Replay this boot's stages first, so a watcher that connects late sees the whole boot.
      List<Cvm.State> past = cvm.history();
      for (Cvm.State h : past.subList(0, past.size() - 1)) {
        events.send("state", stateJson(cvm, h).toString());
      }
      Cvm.State s = past.get(past.size() - 1);
      while (true) {
        if (target != null && s.status().equals(target)) {
          events.send("complete", stateJson(cvm, s).toString());
          return;
        }
        events.send("state", stateJson(cvm, s).toString());
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          events.send("timeout", "{\"message\":\"target " + target + " not reached in " + timeout + " s\"}");
          return;
        }
        // The real server polls every interval; the devnet pushes each change at once.
        Cvm.State next = cvm.awaitChange(s.version(), Duration.ofNanos(Math.min(left,
            Duration.ofSeconds(interval).toNanos())));
        s = next;
      }
    }
  }

  private long longParam(HttpRequests r, String name, long fallback, long min, long max) {
    String v = r.query(name);
    if (v == null) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw validation("int_parsing", List.of("query", name), "Input should be a valid integer");
    }
    if (n < min || n > max) {
      throw validation(n < min ? "greater_than_equal" : "less_than_equal", List.of("query", name),
          "Input should be " + (n < min ? "greater than or equal to " + min : "less than or equal to " + max));
    }
    return n;
  }

  private ObjectNode stateJson(Cvm cvm, Cvm.State s) {
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("id", cvm.vmUuid());
    o.put("instance_id", Hex.encode(cvm.instanceId()));
    o.put("name", cvm.app().name());
    o.put("status", s.status());
    o.put("uptime", s.uptime());
    o.put("exited_at", s.exitedAt() == null ? null : s.exitedAt().toString());
    o.put("boot_progress", s.bootProgress());
    o.put("boot_error", s.bootError());
    o.put("shutdown_progress", s.shutdownProgress());
    return o;
  }

  // ---- lookups ----

  /** Resolves the {@code {cvmId}} path segment: UUID (with or without dashes), app_, instance_, id or name. */
  private Cvm resolve(String ref) {
    String plain = ref.replace("-", "").toLowerCase(Locale.ROOT);
    for (Cvm c : cvms.values()) {
      if (c.deleted()) {
        continue;
      }
      if (c.vmUuid().replace("-", "").equals(plain)
          || ref.equals("app_" + c.appId().hex())
          || ref.equals("instance_" + Hex.encode(c.instanceId()))
          || ref.equals(Long.toString(c.id()))
          || ref.equals(hashedId(c))
          || ref.equals(c.app().name())) {
        return c;
      }
    }
    throw structured(404, "ERR-03-001", "CVM " + ref + " not found", "cvm_id", ref, "List your CVMs with GET /cvms/paginated");
  }

  private List<Cvm> cvmsOf(AppId appId) {
    return cvms.values().stream().filter(c -> !c.deleted() && c.appId().equals(appId))
        .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
  }

  private AppId appIdParam(String text, String field) {
    String t = text.startsWith("app_") ? text.substring(4) : text;
    if (!HEX40.matcher(t).matches()) {
      throw validation("value_error", List.of("path", field), "Value error, " + field + " must be 40 hex digits");
    }
    return AppId.fromHex(field, t);
  }

  // ---- KMS ----

  private void kms(HttpRequests r, List<String> seg) throws IOException {
    int n = seg.size();
    boolean contracts = VERSION.get().hasKmsContracts();
    if (n == 1) {
      r.json(200, page(r, List.of(contracts ? kmsContract() : kmsInfo())));
      return;
    }
    String ref = seg.get(1);
    if (n == 2 && contracts) {
      if (!ref.equals(KMS_CONTRACT_ID) && !ref.equals(KMS_SLUG)) {
        throw structured(404, "ERR-02-011", "KMS contract " + ref + " not found", "slug", ref, "Use " + KMS_SLUG);
      }
      r.json(200, kmsContract());
      return;
    }
    if (n == 3 && ref.equals("phala") && seg.get(2).equals("next_app_id")) {
      long counts = longParam(r, "counts", 1, 1, 20);
      ObjectNode o = HttpRequests.JSON.createObjectNode();
      ArrayNode ids = o.putArray("app_ids");
      for (int i = 0; i < counts; i++) {
        long nonce = nextNonce.getAndIncrement();
        ids.addObject().put("app_id", appIdForNonce(nonce).hex()).put("nonce", nonce);
      }
      r.json(200, o);
      return;
    }
    if (!ref.equals(KMS_ID) && !ref.equals(KMS_SLUG)) {
      throw structured(404, "ERR-02-011", "KMS " + ref + " not found", "kms_id", ref, "Use " + KMS_ID);
    }
    if (n == 2) {
      r.json(200, kmsInfo());
      return;
    }
    if (n == 4 && seg.get(2).equals("pubkey")) {
      AppId appId = appIdParam(seg.get(3), "app_id");
      ObjectNode o = HttpRequests.JSON.createObjectNode();
      o.put("public_key", platform.kms().envPublicKey(appId).hex());
      o.put("signature", Hex.encode(platform.kms().envKeySignatureLegacy(appId)));
      r.json(200, o);
      return;
    }
    throw CloudErrorBodies.text(404, "Not Found");
  }

  /** The devnet's one KMS contract, as API 2026-06-23 describes contracts. */
  private ObjectNode kmsContract() {
    ObjectNode k = HttpRequests.JSON.createObjectNode();
    k.put("id", KMS_CONTRACT_ID);
    k.put("slug", KMS_SLUG);
    k.put("label", "devnet KMS");
    DevnetChain chain = platform.chain();
    k.put("contract_address", chain != null ? chain.kms().toString() : "phala");
    k.put("chain_id", chain != null ? chain.chainId() : 0);
    k.put("k256_pubkey", Hex.encode(platform.kms().rootPublicKey().compressed()));
    k.putNull("ca_pubkey");
    k.put("node_count", 1);
    return k;
  }

  private ObjectNode kmsInfo() {
    ObjectNode k = HttpRequests.JSON.createObjectNode();
    k.put("id", KMS_ID);
    k.put("slug", KMS_SLUG);
    k.put("url", kmsUrl.toString());
    k.put("version", "devnet");
    DevnetChain chain = platform.chain();
    if (chain != null) {
      k.put("chain_id", chain.chainId());
      k.put("kms_contract_address", chain.kms().toString());
    } else {
      k.putNull("chain_id");
      k.putNull("kms_contract_address");
    }
    k.putNull("gateway_app_id");
    return k;
  }

  // ---- renderings ----

  private ObjectNode vm(Cvm c) {
    ProvisionedApp a = c.app();
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    putCvmId(o, c);
    o.put("name", a.name());
    o.put("status", c.state().status());
    o.put("teepod_id", 1);
    o.putObject("teepod").put("id", 1).put("name", "devnet-node");
    o.put("user_id", 1);
    o.put("app_id", a.appId().hex());
    o.put("vm_uuid", c.vmUuid());
    o.put("instance_id", Hex.encode(c.instanceId()));
    o.put("app_url", c.guestAgentUri().toString());
    o.put("base_image", platform.image().name());
    o.put("vcpu", a.vcpu());
    o.put("memory", a.memoryMb());
    o.put("disk_size", a.diskGb());
    o.put("manifest_version", 2);
    o.put("version", "devnet");
    o.put("runner", "docker-compose");
    o.put("docker_compose_file", a.dockerComposeFile());
    o.putArray("features").add("kms").add("tproxy-net");
    o.put("created_at", c.createdAt().toString());
    o.put("encrypted_env_pubkey", platform.kms().envPublicKey(a.appId()).hex());
    o.putNull("app_auth_contract_address");
    o.putNull("deployer_address");
    return o;
  }

  private ObjectNode cvmInfo(Cvm c) {
    ProvisionedApp a = c.app();
    Cvm.State s = c.state();
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    putCvmId(o, c);
    o.put("name", a.name());
    o.put("app_id", a.appId().hex());
    o.put("vm_uuid", c.vmUuid());
    o.put("instance_id", Hex.encode(c.instanceId()));
    o.putObject("resource").put("instance_type", a.instanceType()).put("vcpu", a.vcpu())
        .put("memory_in_gb", a.memoryMb() / 1024.0).put("disk_in_gb", (double) a.diskGb()).put("gpus", 0)
        .put("compute_billing_price", "0").put("billing_period", "hour");
    o.putObject("node_info").put("object_type", "node").put("id", "1").put("name", "devnet-node")
        .put("region", "local").put("device_id", platform.deviceId()).put("ppid", platform.ppid())
        .put("status", "online").put("version", "devnet");
    o.putObject("os").put("name", platform.image().name()).put("version", platform.image().name())
        .put("is_dev", true).put("os_image_hash", platform.image().osImageHash().hex());
    o.put("kms_type", "phala");
    ObjectNode kms = o.putObject("kms_info");
    DevnetChain chain = platform.chain();
    if (chain != null) {
      kms.put("chain_id", chain.chainId());
      kms.put("dstack_kms_address", chain.kms().toString());
      kms.put("rpc_endpoint", chain.rpcUrl());
    } else {
      kms.putNull("chain_id");
      kms.putNull("dstack_kms_address");
      kms.putNull("rpc_endpoint");
    }
    kms.putNull("dstack_app_address");
    kms.putNull("deployer_address");
    kms.put("encrypted_env_pubkey", platform.kms().envPublicKey(a.appId()).hex());
    o.put("status", s.status());
    o.putNull("progress");
    o.put("compose_hash", a.composeHash().hex());
    o.putObject("gateway").put("base_domain", "devnet.localhost").put("cname", a.appId().hex() + ".devnet.localhost");
    o.putArray("services");
    o.putArray("endpoints").addObject().put("app", c.guestAgentUri().toString()).put("instance", c.guestAgentUri().toString());
    o.put("public_logs", a.publicLogs());
    o.put("public_sysinfo", a.publicSysinfo());
    o.put("public_tcbinfo", a.publicTcbinfo());
    o.put("gateway_enabled", a.gatewayEnabled());
    o.put("secure_time", false);
    o.put("listed", a.listed());
    o.put("storage_fs", a.storageFs());
    o.put("compose_file", a.appCompose());
    return o;
  }

  private ObjectNode cvmAttestation(Cvm c) {
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    boolean online = c.agentUp();
    o.put("name", c.app().name());
    o.put("is_online", online);
    o.put("is_public", c.app().publicTcbinfo());
    o.put("error", online ? null : "CVM is not running");
    ArrayNode certs = o.putArray("app_certificates");
    if (online) {
      MeasuredLog.Snapshot snap = c.log().snapshot();
      certs.addObject()
          .put("quote", Hex.encode(platform.quotes().quote(snap.mrtd(), snap.rtmrs(), new byte[64])))
          .put("app_id", c.appId().hex())
          .put("cert_usage", "app")
          .put("position_in_chain", 0)
          .put("is_ca", true)
          .putObject("subject").put("common_name", c.app().name() + " App CA").put("organization", "phat4j devnet");
      o.set("tcb_info", GuestAgent.tcbInfo(c, platform, snap));
    } else {
      o.putNull("tcb_info");
    }
    o.put("compose_file", c.app().appCompose());
    return o;
  }

  private ObjectNode appAttestations(AppId appId) {
    List<Cvm> list = cvmsOf(appId);
    if (list.isEmpty()) {
      throw structured(404, "ERR-03-001", "No CVM of app " + appId.hex() + " found", "app_id", appId.hex(), null);
    }
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("app_id", appId.hex());
    o.putNull("contract_address");
    ObjectNode kms = o.putObject("kms_info");
    DevnetChain chain = platform.chain();
    if (chain != null) {
      kms.put("contract_address", chain.kms().toString());
      kms.put("chain_id", chain.chainId());
    } else {
      kms.putNull("contract_address");
      kms.putNull("chain_id");
    }
    kms.put("version", "devnet");
    kms.put("url", kmsUrl.toString());
    kms.putNull("gateway_app_id");
    kms.putNull("gateway_app_url");
    kms.put("kms_type", "phala");
    ArrayNode instances = o.putArray("instances");
    for (Cvm c : list) {
      ObjectNode i = instances.addObject();
      i.put("vm_uuid", c.vmUuid());
      i.put("name", c.app().name());
      i.put("instance_id", Hex.encode(c.instanceId()));
      i.put("status", c.state().status());
      i.put("image_version", platform.image().name());
      i.put("ppid", platform.ppid());
      i.put("ppid_sha256", sha256Hex(Hex.decode("ppid", platform.ppid())));
      i.put("device_id", platform.deviceId());
      i.put("fmspc", platform.fmspc());
      i.put("cpusvn", Hex.encode(platform.quotes().pck().extension().cpuSvn()));
      i.put("pcesvn", platform.quotes().pck().extension().pceSvn());
      i.put("compose_file", c.app().appCompose());
      i.putArray("app_certificates");
      if (c.agentUp()) {
        MeasuredLog.Snapshot snap = c.log().snapshot();
        byte[] quote = platform.quotes().quote(snap.mrtd(), snap.rtmrs(), new byte[64]);
        i.put("quote", Hex.encode(quote));
        if (io.phat4j.attestation.dcap.Quote.parse(quote).body() instanceof io.phat4j.attestation.dcap.TdReport td) {
          i.put("tee_tcb_svn", Hex.encode(td.teeTcbSvn()));
          i.put("mr_config_id", td.mrConfigId().hex());
        }
        i.set("tcb_info", GuestAgent.tcbInfo(c, platform, snap));
        i.putNull("error");
      } else {
        i.putNull("quote");
        i.putNull("tee_tcb_svn");
        i.putNull("mr_config_id");
        i.putNull("tcb_info");
        i.put("error", "CVM is not running");
      }
    }
    o.putNull("kms_guest_agent_info");
    o.putNull("gateway_guest_agent_info");
    o.put("qemu_version", "devnet");
    return o;
  }

  private ObjectNode appInfo(AppId appId) {
    List<Cvm> list = cvmsOf(appId);
    if (list.isEmpty()) {
      throw structured(404, "ERR-03-001", "App " + appId.hex() + " not found", "app_id", appId.hex(), null);
    }
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("id", appId.hex());
    o.put("name", list.get(0).app().name());
    o.put("app_id", appId.hex());
    o.put("app_provision_type", "phala");
    o.put("created_at", list.get(0).createdAt().toString());
    o.put("kms_type", "phala");
    o.set("current_cvm", cvmInfo(list.get(list.size() - 1)));
    ArrayNode arr = o.putArray("cvms");
    list.forEach(c -> arr.add(cvmInfo(c)));
    o.put("cvm_count", list.size());
    return o;
  }

  private static String sha256Hex(byte[] data) {
    try {
      return Hex.encode(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode page(HttpRequests r, List<? extends JsonNode> all) {
    long page = longParam(r, "page", 1, 1, Integer.MAX_VALUE);
    long size = longParam(r, "page_size", 30, 1, 100);
    int from = (int) Math.min(all.size(), (page - 1) * size);
    int to = (int) Math.min(all.size(), from + size);
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    ArrayNode items = o.putArray("items");
    all.subList(from, to).forEach(items::add);
    o.put("total", all.size());
    o.put("page", page);
    o.put("page_size", size);
    o.put("pages", (all.size() + size - 1) / size);
    return o;
  }

  // ---- body helpers ----

  private static JsonNode body(HttpRequests r) throws IOException {
    JsonNode b;
    try {
      b = r.jsonBody();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw validation("json_invalid", List.of("body", 0), "JSON decode error");
    }
    if (!b.isObject()) {
      throw validation("model_attributes_type", List.of("body"), "Input should be a valid dictionary or object");
    }
    return b;
  }

  private static String requiredText(JsonNode b, String field) {
    JsonNode n = b.get(field);
    if (n == null || n.isNull()) {
      throw missing("body", field);
    }
    if (!n.isTextual()) {
      throw validation("string_type", List.of("body", field), "Input should be a valid string");
    }
    return n.textValue();
  }

  private static @Nullable String optionalText(JsonNode b, String field, List<Object> loc) {
    JsonNode n = b.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw validation("string_type", loc, "Input should be a valid string");
    }
    return n.textValue();
  }

  private static boolean bool(JsonNode b, String field, boolean fallback) {
    JsonNode n = b.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw validation("bool_type", List.of("body", field), "Input should be a valid boolean");
    }
    return n.booleanValue();
  }

  private static List<String> stringList(@Nullable JsonNode n, List<Object> loc) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw validation("list_type", loc, "Input should be a valid list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) {
        List<Object> at = new ArrayList<>(loc);
        at.add(i);
        throw validation("string_type", at, "Input should be a valid string");
      }
      out.add(n.get(i).textValue());
    }
    return out;
  }

  /**
   * Returns the live CVMs.
   *
   * @return a snapshot
   */
  public Collection<Cvm> cvms() {
    return cvms.values().stream().filter(c -> !c.deleted()).toList();
  }

  /** Stops every CVM. */
  public void closeAll() {
    for (Cvm c : List.copyOf(cvms.values())) {
      c.close();
    }
    cvms.clear();
  }
}
