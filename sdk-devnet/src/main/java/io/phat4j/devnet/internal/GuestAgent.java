package io.phat4j.devnet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.AppId;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.dstack.guest.KeyAlgorithm;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The dstack guest agent of one simulated CVM, over HTTP as the simulator serves it (the endpoint
 * a client reads from {@code DSTACK_SIMULATOR_ENDPOINT}).
 *
 * <p>v0 methods at {@code /<Method>} (also {@code /v0/<Method>} and {@code /prpc/<Method>}):
 * {@code GetKey}, {@code GetQuote}, {@code Info}, {@code EmitEvent}, {@code GetTlsKey}, {@code Sign},
 * {@code Version}. With agent version 0.6 or later, also {@code /v1/GetKey}, {@code /v1/Info},
 * {@code /v1/IssueCert} (an RA-TLS certificate with a msgpack v1 attestation) and
 * {@code /v1/Version}, and {@code EmitEvent} fails as it does upstream; before 0.6, {@code /v1/...}
 * answers 404. Bytes are lowercase hex both ways; errors are {@code {"error": "..."}}.
 */
final class GuestAgent {
  private final Cvm cvm;
  private final Platform platform;
  private final TlsIssuer tls;

  GuestAgent(Cvm cvm, Platform platform) {
    this.cvm = cvm;
    this.platform = platform;
    this.tls = new TlsIssuer(cvm.app().name());
  }

  void handle(HttpRequests r) throws IOException {
    String path = r.path();
    boolean v1 = false;
    if (path.startsWith("/v1/")) {
      if (!platform.servesV1()) {
        // A pre-0.6 agent has no /v1 surface at all: a plain 404, not a JSON error.
        r.text(404, "text/plain", "Not Found");
        return;
      }
      v1 = true;
      path = path.substring(3);
    } else if (path.startsWith("/v0/")) {
      path = path.substring(3);
    } else if (path.startsWith("/prpc/")) {
      path = "/" + path.substring(6).replace("DstackGuest.", "");
    }
    String method = path.startsWith("/") ? path.substring(1) : path;
    JsonNode body;
    try {
      body = r.method().equals("GET") ? HttpRequests.JSON.valueToTree(r.queryParameters()) : r.jsonBody();
    } catch (IOException e) {
      r.json(400, Map.of("error", "request body is not JSON"));
      return;
    }
    if (!body.isObject()) {
      r.json(400, Map.of("error", "request body must be a JSON object"));
      return;
    }
    if (method.equals("Version")) {
      r.json(200, Map.of("version", platform.agentVersion(), "rev", "phat4j-devnet"));
      return;
    }
    if (!cvm.agentUp()) {
      r.json(500, Map.of("error", "the CVM is not running"));
      return;
    }
    try {
      Object answer = v1 ? v1(method, body) : v0(method, body);
      if (answer == null) {
        r.json(404, Map.of("error", "Service not found: " + method));
      } else {
        r.json(200, answer);
      }
    } catch (DecodeException | IllegalArgumentException e) {
      r.json(400, Map.of("error", String.valueOf(e.getMessage())));
    }
  }

  private @Nullable Object v0(String method, JsonNode body) {
    return switch (method) {
      case "GetKey" -> getKeyV0(body);
      case "GetQuote" -> getQuote(body);
      case "Info" -> info();
      case "EmitEvent" -> emitEvent(body);
      case "GetTlsKey" -> tls.issue(body, cvm, platform, false, vmConfig());
      case "Sign" -> sign(body);
      default -> null;
    };
  }

  private @Nullable Object v1(String method, JsonNode body) {
    return switch (method) {
      case "GetKey" -> getKeyV1(body);
      case "Info" -> info();
      case "IssueCert" -> tls.issue(body, cvm, platform, true, vmConfig());
      default -> null;
    };
  }

  private ObjectNode getKeyV0(JsonNode body) {
    String path = text(body, "path", "");
    String purpose = text(body, "purpose", "");
    String algorithm = text(body, "algorithm", "secp256k1").toLowerCase(Locale.ROOT);
    AppId appId = cvm.appId();
    byte[] key = platform.kms().deriveV0(appId, path);
    byte[] publicKey = switch (algorithm) {
      case "", "secp256k1", "k256" -> DevnetKms.secp256k1Public(key);
      case "ed25519" -> DevnetKms.ed25519Public(key);
      default -> throw new IllegalArgumentException("unsupported algorithm: " + algorithm);
    };
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("key", Hex.encode(key));
    ArrayNode chain = o.putArray("signature_chain");
    platform.kms().keyChain(appId, purpose, publicKey).forEach(s -> chain.add(Hex.encode(s)));
    return o;
  }

  private ObjectNode getKeyV1(JsonNode body) {
    String domain = text(body, "domain", "");
    JsonNode algNode = body.get("algorithm");
    if (algNode == null || !algNode.isTextual()) {
      throw new IllegalArgumentException("algorithm is required (secp256k1 or ed25519)");
    }
    String algorithm = algNode.textValue();
    if (!algorithm.equals("secp256k1") && !algorithm.equals("ed25519")) {
      throw new IllegalArgumentException("algorithm must be secp256k1 or ed25519, got " + algorithm);
    }
    KeyAlgorithm alg = algorithm.equals("ed25519") ? KeyAlgorithm.ED25519 : KeyAlgorithm.SECP256K1;
    AppId appId = cvm.appId();
    byte[] key = platform.kms().deriveV1(appId, domain, alg);
    byte[] publicKey = alg == KeyAlgorithm.ED25519 ? DevnetKms.ed25519Public(key) : DevnetKms.secp256k1Public(key);
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("key", Hex.encode(key));
    o.put("public_key", Hex.encode(publicKey));
    ArrayNode chain = o.putArray("signature_chain");
    platform.kms().keyChainV1(appId, alg, domain, publicKey).forEach(s -> chain.add(Hex.encode(s)));
    return o;
  }

  private ObjectNode getQuote(JsonNode body) {
    byte[] reportData = reportData(body);
    MeasuredLog.Snapshot snap = cvm.log().snapshot();
    byte[] quote = platform.quotes().quote(snap.mrtd(), snap.rtmrs(), reportData);
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("quote", Hex.encode(quote));
    o.put("event_log", snap.eventLogJson().toString());
    o.put("report_data", Hex.encode(reportData));
    o.put("vm_config", vmConfig());
    return o;
  }

  /** Raw report data, right-padded with zeros to 64 bytes; more than 64 bytes is refused. */
  static byte[] reportData(JsonNode body) {
    String hex = text(body, "report_data", "");
    byte[] raw = Hex.decode("report_data", hex);
    if (raw.length > 64) {
      throw new IllegalArgumentException("report_data must be at most 64 bytes, got " + raw.length);
    }
    return Arrays.copyOf(raw, 64);
  }

  private ObjectNode emitEvent(JsonNode body) {
    if (platform.servesV1()) {
      throw new IllegalArgumentException("EmitEvent was removed in dstack 0.6");
    }
    String event = text(body, "event", "");
    if (event.isEmpty()) {
      throw new IllegalArgumentException("event name is required");
    }
    byte[] payload = Hex.decode("payload", text(body, "payload", ""));
    cvm.log().runtimeEvent(event, payload);
    return HttpRequests.JSON.createObjectNode();
  }

  /** Sign: the key GetKey derives at path {@code vms}, its chain with purpose {@code signing}. */
  private ObjectNode sign(JsonNode body) {
    String algorithm = text(body, "algorithm", "");
    byte[] data = Hex.decode("data", text(body, "data", ""));
    AppId appId = cvm.appId();
    byte[] key = platform.kms().deriveV0(appId, "vms");
    byte[] publicKey;
    byte[] signature;
    switch (algorithm) {
      case "ed25519" -> {
        publicKey = DevnetKms.ed25519Public(key);
        signature = DevnetKms.signEd25519(key, data);
      }
      case "secp256k1" -> {
        publicKey = DevnetKms.secp256k1Public(key);
        signature = Arrays.copyOf(DevnetKms.sign(key, sha256(data)), 64);
      }
      case "secp256k1_prehashed" -> {
        if (data.length != 32) {
          throw new IllegalArgumentException("secp256k1_prehashed needs a 32-byte digest, got " + data.length);
        }
        publicKey = DevnetKms.secp256k1Public(key);
        signature = Arrays.copyOf(DevnetKms.sign(key, data), 64);
      }
      default -> throw new IllegalArgumentException("unsupported algorithm: " + algorithm);
    }
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("signature", Hex.encode(signature));
    ArrayNode chain = o.putArray("signature_chain");
    chain.add(Hex.encode(signature));
    platform.kms().keyChain(appId, "signing", publicKey).forEach(s -> chain.add(Hex.encode(s)));
    o.put("public_key", Hex.encode(publicKey));
    return o;
  }

  /** The {@code Info} answer; {@code tcb_info}, {@code key_provider_info} and {@code vm_config} are JSON text. */
  ObjectNode info() {
    MeasuredLog.Snapshot snap = cvm.log().snapshot();
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("app_id", cvm.appId().hex());
    o.put("instance_id", Hex.encode(cvm.instanceId()));
    o.put("app_cert", tls.caCertificatePem());
    o.put("tcb_info", tcbInfo(cvm, platform, snap).toString());
    o.put("app_name", cvm.app().name());
    o.put("device_id", platform.deviceId());
    o.put("mr_aggregated", mrAggregated(snap));
    o.put("os_image_hash", platform.image().osImageHash().hex());
    o.put("key_provider_info", cvm.keyProviderJson());
    o.put("compose_hash", cvm.app().composeHash().hex());
    o.put("vm_config", vmConfig());
    return o;
  }

  /**
   * The {@code tcb_info} object of Info and of the cloud attestation: registers, event log and the
   * exact app-compose text.
   *
   * @param cvm the CVM
   * @param platform the platform
   * @param snap the log snapshot
   * @return the object
   */
  static ObjectNode tcbInfo(Cvm cvm, Platform platform, MeasuredLog.Snapshot snap) {
    ObjectNode t = HttpRequests.JSON.createObjectNode();
    t.put("mrtd", snap.mrtd().hex());
    for (int i = 0; i < 4; i++) {
      t.put("rtmr" + i, snap.rtmrs().get(i).hex());
    }
    t.put("mr_aggregated", mrAggregated(snap));
    t.put("os_image_hash", platform.image().osImageHash().hex());
    t.put("compose_hash", cvm.app().composeHash().hex());
    t.put("device_id", platform.deviceId());
    t.set("event_log", snap.eventLogJson());
    t.put("app_compose", cvm.app().appCompose());
    return t;
  }

  /** The devnet's own aggregate (dstack's formula is unconfirmed): SHA-256(MRTD ‖ RTMR0 ‖ RTMR1 ‖ RTMR2). */
  private static String mrAggregated(MeasuredLog.Snapshot snap) {
    MessageDigest sha = sha256();
    sha.update(snap.mrtd().toByteArray());
    for (int i = 0; i < 3; i++) {
      sha.update(snap.rtmrs().get(i).toByteArray());
    }
    return Hex.encode(sha.digest());
  }

  /** The CVM's vm_config as dstack writes it, {@code tdx_measurement} included. */
  private String vmConfig() {
    return cvm.vmConfig().toJsonString();
  }

  private static String text(JsonNode body, String field, String fallback) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return n.textValue();
  }

  private static byte[] sha256(byte[] data) {
    return sha256().digest(data);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
