package io.phat4j.devnet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.AppId;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * The devnet KMS's own RPC, as dstack's KMS serves it: {@code POST /prpc/GetAppEnvEncryptPubKey}
 * (also {@code ?json}, and {@code /prpc/KMS.GetAppEnvEncryptPubKey}) with {@code {"app_id": hex}},
 * answering {@code {public_key, signature, timestamp, signature_v1}}; and {@code GetMeta} with the
 * root public key.
 */
final class DevKmsRpc {
  private final DevnetKms kms;
  private final Clock clock;

  DevKmsRpc(DevnetKms kms, Clock clock) {
    this.kms = kms;
    this.clock = clock;
  }

  void handle(HttpRequests r) throws IOException {
    String method = r.path().replace("/prpc/", "").replace("KMS.", "");
    if (method.equals("GetMeta")) {
      r.json(200, Map.of("k256_pubkey", Hex.encode(kms.rootPublicKey().compressed()), "simulated_by", "phat4j-devnet"));
      return;
    }
    if (!method.equals("GetAppEnvEncryptPubKey")) {
      r.json(404, Map.of("error", "no such method: " + r.path()));
      return;
    }
    AppId appId;
    try {
      JsonNode body = r.jsonBody();
      String hex = body.path("app_id").asText("");
      appId = AppId.fromHex("app_id", hex.startsWith("0x") ? hex.substring(2) : hex);
    } catch (IOException | DecodeException e) {
      r.json(400, Map.of("error", "app_id must be 20 bytes of hex"));
      return;
    }
    long now = clock.instant().getEpochSecond();
    ObjectNode o = HttpRequests.JSON.createObjectNode();
    o.put("public_key", kms.envPublicKey(appId).hex());
    o.put("signature", Hex.encode(kms.envKeySignatureLegacy(appId)));
    o.put("timestamp", now);
    o.put("signature_v1", Hex.encode(kms.envKeySignatureV1(appId, now)));
    r.json(200, o);
  }
}
