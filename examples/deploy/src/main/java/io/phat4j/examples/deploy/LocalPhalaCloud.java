package io.phat4j.examples.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.core.AppId;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.EnvDecryptor;
import io.phat4j.core.crypto.EnvKeySigner;
import io.phat4j.core.crypto.EnvVar;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.crypto.X25519PrivateKey;
import io.phat4j.core.dstack.ComposeHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A small stand-in for the Phala Cloud deployment API on a loopback port, for examples and tests:
 * provision, the KMS's signed env key, commit, and the CVM state stream.
 *
 * <p>It plays the KMS honestly: the app's env key is a real X25519 key, signed (legacy form) by a
 * real secp256k1 KMS root, and the committed env is decrypted with the app key, as the enclave
 * would, so {@link #receivedEnv()} shows what the app would see. It is no substitute for the devnet
 * (no enclave, no quotes); it exists so the deploy flow runs without an account.
 */
public final class LocalPhalaCloud implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VM_UUID = "8f1d2c1e-3c4b-4d5a-9e6f-0a1b2c3d4e5f";

  private final MockWebServer server = new MockWebServer();
  private final X25519PrivateKey appKey = X25519PrivateKey.generate();
  private final Secp256k1PrivateKey kmsRoot = Secp256k1PrivateKey.generate();
  private final List<EnvVar> receivedEnv = new CopyOnWriteArrayList<>();
  private volatile String composeHash = "";
  private volatile String appId = "";
  private volatile int commits;

  /** Starts the server on a free loopback port. */
  public LocalPhalaCloud() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        try {
          return handle(request);
        } catch (IOException e) {
          return response(400, "{\"detail\":\"bad request body\"}");
        }
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the API base URL to give the client.
   *
   * @return e.g. {@code http://127.0.0.1:41234/api/v1}
   */
  public URI baseUrl() {
    return server.url("/api/v1").uri();
  }

  /**
   * Returns the KMS root key that signs app env keys: the key a client should trust.
   *
   * @return the KMS root public key
   */
  public Secp256k1PublicKey kmsRootKey() {
    return kmsRoot.publicKey();
  }

  /**
   * Returns the env vars the last commit delivered, decrypted with the app key.
   *
   * @return the env the app would see
   */
  public List<EnvVar> receivedEnv() {
    return List.copyOf(receivedEnv);
  }

  /**
   * Returns how many commits arrived.
   *
   * @return the commit count
   */
  public int commits() {
    return commits;
  }

  private MockResponse handle(RecordedRequest request) throws IOException {
    String path = request.getUrl().encodedPath();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    if (request.getMethod().equals("POST") && path.equals("/api/v1/cvms/provision")) {
      JsonNode spec = JSON.readTree(body);
      // The compose the server would write for this spec; its hash names the app.
      byte[] compose = JSON.writeValueAsBytes(spec.get("compose_file"));
      composeHash = ComposeHash.of(compose).hex();
      appId = composeHash.substring(0, 40);
      return response(200, "{\"app_id\":\"" + appId + "\",\"app_env_encrypt_pubkey\":\"" + appKey.publicKey().hex()
          + "\",\"compose_hash\":\"" + composeHash + "\",\"kms_id\":\"kms_local\","
          + "\"kms_info\":{\"id\":\"kms_local\",\"slug\":\"phala\"},\"teepod_id\":1,\"node_id\":1}");
    }
    if (request.getMethod().equals("GET") && path.equals("/api/v1/kms/phala/pubkey/" + appId)) {
      byte[] signature = EnvKeySigner.create(kmsRoot).signLegacy(AppId.fromHex(appId), appKey.publicKey());
      return response(200, "{\"public_key\":\"" + appKey.publicKey().hex() + "\",\"signature\":\""
          + Hex.encode(signature) + "\"}");
    }
    if (request.getMethod().equals("POST") && path.equals("/api/v1/cvms")) {
      commits++;
      JsonNode commit = JSON.readTree(body);
      receivedEnv.clear();
      receivedEnv.addAll(EnvDecryptor.create(appKey).decrypt(commit.get("encrypted_env").asText()));
      return response(200, "{\"id\":1,\"name\":\"example\",\"status\":\"creating\",\"app_id\":\"" + appId
          + "\",\"vm_uuid\":\"" + VM_UUID + "\",\"teepod_id\":1}");
    }
    if (request.getMethod().equals("GET") && path.equals("/api/v1/cvms/" + VM_UUID.replace("-", "") + "/state")) {
      String events = event("{\"status\":\"starting\",\"boot_progress\":\"pulling images\"}")
          + event("{\"status\":\"starting\",\"boot_progress\":\"starting containers\"}")
          + event("{\"status\":\"running\",\"uptime\":\"1s\"}");
      return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(events).build();
    }
    return response(404, "{\"detail\":\"no such endpoint in the local stand-in: " + path + "\"}");
  }

  private static String event(String data) {
    return "event: state\ndata: " + data + "\n\n";
  }

  private static MockResponse response(int code, String json) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
        .body(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).build();
  }

  @Override
  public void close() {
    server.close();
  }
}
