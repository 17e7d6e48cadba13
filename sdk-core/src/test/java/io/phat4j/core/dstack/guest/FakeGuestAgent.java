package io.phat4j.core.dstack.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.AppId;
import io.phat4j.core.Hex;
import io.phat4j.core.SecretBytes;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.dstack.guest.internal.GuestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.web3j.crypto.Sign;

/**
 * A guest agent stand-in that answers like dstack's: real recorded replies where we have them
 * (GetQuote, Info), and GetKey/Sign replies computed with real keys following dstack's derivation
 * and chain formats. Shared by the MockWebServer and the Unix-socket tests.
 */
final class FakeGuestAgent {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The KMS root key of these tests (also the key of the shared env-pubkey vector). */
  static final Secp256k1PrivateKey KMS_ROOT =
      Secp256k1PrivateKey.fromHex("0303030303030303030303030303030303030303030303030303030303030303");

  /** The app root key of dstack's published v1 test vectors. */
  static final Secp256k1PrivateKey APP_ROOT =
      Secp256k1PrivateKey.fromHex("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b");

  /** The app id of the real Info reply. */
  static final AppId APP_ID = AppId.fromHex("8929aceee2b117a1cb020c4ef3d8db2e9fdb3204");

  static final String VERSION = "0.5.8";

  record Reply(int status, String contentType, byte[] body) {
    static Reply json(int status, String body) {
      return new Reply(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }
  }

  record Call(String path, String body) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> events = new CopyOnWriteArrayList<>();
  volatile boolean v1Enabled;
  volatile boolean signEnabled = true;

  Reply handle(String path, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    calls.add(new Call(path, text));
    JsonNode request;
    try {
      request = text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (IOException e) {
      return Reply.json(400, "{\"error\":\"invalid JSON\"}");
    }
    String method = path.startsWith("/") ? path.substring(1) : path;
    if (method.startsWith("v1/")) {
      if (!v1Enabled) {
        // What an agent without the /v1 mount answers: its own 404 page, not JSON.
        return new Reply(404, "text/html", "<h1>404 Not Found</h1>".getBytes(StandardCharsets.UTF_8));
      }
      return v1(method.substring(3), request);
    }
    return switch (method) {
      case "prpc/Tappd.DeriveK256Key" -> {
        Reply reply = getKey(request);
        String renamed = new String(reply.body(), StandardCharsets.UTF_8)
            .replace("\"key\"", "\"k256_key\"")
            .replace("\"signature_chain\"", "\"k256_signature_chain\"");
        yield Reply.json(reply.status(), renamed);
      }
      case "prpc/Tappd.RawQuote", "prpc/Tappd.TdxQuote" -> tappdQuote(method, request);
      case "prpc/Tappd.Info" -> new Reply(200, "application/json", resource("/vectors/dstack-guest/real-info-kms-prod9-pha.json"));
      case "GetKey" -> getKey(request);
      case "GetQuote" -> getQuote(request);
      case "Info" -> new Reply(200, "application/json", resource("/vectors/dstack-guest/real-info-kms-prod9-pha.json"));
      case "EmitEvent" -> {
        events.add(request.path("event").asText() + ":" + request.path("payload").asText());
        yield new Reply(200, "application/json", new byte[0]);
      }
      case "Sign" -> signEnabled ? sign(request) : notFound(method);
      case "GetTlsKey" -> Reply.json(
          200,
          "{\"key\":\"-----BEGIN PRIVATE KEY-----\\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\\n-----END PRIVATE KEY-----\\n\","
              + "\"certificate_chain\":[\"-----BEGIN CERTIFICATE-----\\nleaf\\n-----END CERTIFICATE-----\\n\","
              + "\"-----BEGIN CERTIFICATE-----\\nca\\n-----END CERTIFICATE-----\\n\"]}");
      case "Version" -> Reply.json(200, "{\"version\":\"" + VERSION + "\",\"rev\":\"d1e2f3a\"}");
      default -> notFound(method);
    };
  }

  private static Reply notFound(String method) {
    return Reply.json(404, "{\"error\":\"Service not found: " + method + "\"}");
  }

  private Reply getKey(JsonNode request) {
    String algorithm = request.path("algorithm").asText("");
    KeyAlgorithm alg =
        switch (algorithm) {
          case "", "secp256k1", "k256" -> KeyAlgorithm.SECP256K1;
          case "ed25519" -> KeyAlgorithm.ED25519;
          default -> null;
        };
    if (alg == null) {
      return Reply.json(400, "{\"error\":\"Unsupported algorithm\"}");
    }
    SecretBytes key = GuestKeyDerivation.v0(APP_ROOT, request.path("path").asText(""));
    byte[] publicKey = GuestKeys.publicKey(alg, key.revealBytes());
    ObjectNode reply = JSON.createObjectNode();
    reply.put("key", Hex.encode(key.revealBytes()));
    reply.putArray("signature_chain")
        .add(SignatureChainSigner.v0KeyLink(APP_ROOT, request.path("purpose").asText(""), publicKey).toString())
        .add(kmsLink());
    return Reply.json(200, reply.toString());
  }

  static String kmsLink() {
    return SignatureChainSigner.kmsLink(KMS_ROOT, APP_ID, APP_ROOT.publicKey()).toString();
  }

  private Reply getQuote(JsonNode request) {
    byte[] reportData = Hex.decode("report_data", request.path("report_data").asText(""));
    if (reportData.length > 64) {
      return Reply.json(400, "{\"error\":\"Report data is too long\"}");
    }
    return Reply.json(200, getQuoteFixture(Arrays.copyOf(reportData, 64)).toString());
  }

  private static JsonNode getQuoteFixture(byte[] padded) {
    ObjectNode fixture;
    try {
      fixture = (ObjectNode) JSON.readTree(resource("/vectors/dstack/dstack-guest-getquote-response.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // As dstack's simulator does: the recorded quote with its report data field replaced.
    byte[] quote = Hex.decode("quote", fixture.path("quote").asText());
    System.arraycopy(padded, 0, quote, 568, 64);
    fixture.put("quote", Hex.encode(quote));
    fixture.put("report_data", Hex.encode(padded));
    return fixture;
  }

  /** Tappd's quote reply: no report_data or vm_config, but the hash algorithm and prefix used. */
  private Reply tappdQuote(String method, JsonNode request) {
    byte[] content = Hex.decode("report_data", request.path("report_data").asText(""));
    String algorithm = method.endsWith("RawQuote") ? "raw" : request.path("hash_algorithm").asText("sha512");
    byte[] reportData;
    String prefix;
    if (algorithm.equals("raw")) {
      if (content.length != 64) {
        return Reply.json(400, "{\"error\":\"raw report data must be 64 bytes\"}");
      }
      reportData = content;
      prefix = "";
    } else if (algorithm.equals("sha256")) {
      prefix = "app-data";
      byte[] tagged = (prefix + ":" + new String(content, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
      reportData = Arrays.copyOf(sha256(tagged), 64);
    } else {
      return Reply.json(400, "{\"error\":\"unsupported hash algorithm in this fake\"}");
    }
    ObjectNode reply = (ObjectNode) getQuoteFixture(reportData);
    reply.remove("report_data");
    reply.remove("vm_config");
    reply.put("hash_algorithm", algorithm);
    reply.put("prefix", prefix);
    return Reply.json(200, reply.toString());
  }

  private Reply sign(JsonNode request) {
    String algorithm = request.path("algorithm").asText("");
    byte[] data = Hex.decode("data", request.path("data").asText(""));
    byte[] secret = GuestKeyDerivation.v0(APP_ROOT, "vms").revealBytes();
    byte[] signature;
    byte[] publicKey;
    switch (algorithm) {
      case "ed25519" -> {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(secret, 0));
        signer.update(data, 0, data.length);
        signature = signer.generateSignature();
        publicKey = GuestKeys.publicKey(KeyAlgorithm.ED25519, secret);
      }
      case "secp256k1", "secp256k1_prehashed" -> {
        byte[] digest = algorithm.equals("secp256k1") ? sha256(data) : data;
        if (digest.length != 32) {
          return Reply.json(400, "{\"error\":\"Pre-hashed signing requires a 32-byte digest\"}");
        }
        signature = ecdsaLowS(secret, digest);
        publicKey = GuestKeys.publicKey(KeyAlgorithm.SECP256K1, secret);
      }
      default -> {
        return Reply.json(400, "{\"error\":\"Unsupported algorithm\"}");
      }
    }
    ObjectNode reply = JSON.createObjectNode();
    reply.put("signature", Hex.encode(signature));
    reply.putArray("signature_chain")
        .add(Hex.encode(signature))
        .add(SignatureChainSigner.v0KeyLink(APP_ROOT, "signing", publicKey).toString())
        .add(kmsLink());
    reply.put("public_key", Hex.encode(publicKey));
    return Reply.json(200, reply.toString());
  }

  private Reply v1(String method, JsonNode request) {
    return switch (method) {
      case "Version" -> Reply.json(200, "{\"version\":\"0.6.0\",\"rev\":\"721df1b\"}");
      case "GetKey" -> {
        String algorithm = request.path("algorithm").asText("");
        KeyAlgorithm alg =
            algorithm.equals("secp256k1")
                ? KeyAlgorithm.SECP256K1
                : algorithm.equals("ed25519") ? KeyAlgorithm.ED25519 : null;
        if (alg == null) {
          yield Reply.json(400, "{\"error\":\"algorithm must be secp256k1 or ed25519\"}");
        }
        String domain = request.path("domain").asText("");
        byte[] key = GuestKeyDerivation.v1(APP_ROOT, alg, domain).revealBytes();
        byte[] publicKey = GuestKeys.publicKey(alg, key);
        ObjectNode reply = JSON.createObjectNode();
        reply.put("key", Hex.encode(key));
        reply.put("public_key", Hex.encode(publicKey));
        reply.putArray("signature_chain")
            .add(SignatureChainSigner.v1KeyLink(APP_ROOT, alg, domain, publicKey).toString())
            .add(kmsLink());
        yield Reply.json(200, reply.toString());
      }
      case "Info" -> {
        // The v1 shape, filled from the real v0 reply: flat, app_compose promoted, no tcb_info.
        try {
          JsonNode v0 = JSON.readTree(resource("/vectors/dstack-guest/real-info-kms-prod9-pha.json"));
          JsonNode tcb = JSON.readTree(v0.path("tcb_info").asText());
          ObjectNode reply = JSON.createObjectNode();
          for (Iterator<Map.Entry<String, JsonNode>> it = v0.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals("tcb_info") && !field.getKey().equals("app_cert")) {
              reply.set(field.getKey(), field.getValue());
            }
          }
          reply.put("app_compose", tcb.path("app_compose").asText());
          yield Reply.json(200, reply.toString());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      case "Attest" -> Reply.json(200, "{\"attestation\":\"00" + request.path("report_data").asText() + "\"}");
      default -> notFound(method);
    };
  }

  static byte[] resource(String name) {
    try (InputStream in = FakeGuestAgent.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 6979 ECDSA with low S, as k256 signs. */
  static byte[] ecdsaLowS(byte[] secret, byte[] digest) {
    ECDomainParameters curve =
        new ECDomainParameters(
            Sign.CURVE_PARAMS.getCurve(), Sign.CURVE_PARAMS.getG(), Sign.CURVE_PARAMS.getN(), Sign.CURVE_PARAMS.getH());
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, secret), curve));
    BigInteger[] rs = signer.generateSignature(digest);
    BigInteger s = rs[1];
    if (s.compareTo(curve.getN().shiftRight(1)) > 0) {
      s = curve.getN().subtract(s);
    }
    byte[] out = new byte[64];
    byte[] r = unsigned32(rs[0]);
    byte[] sb = unsigned32(s);
    System.arraycopy(r, 0, out, 0, 32);
    System.arraycopy(sb, 0, out, 32, 32);
    return out;
  }

  static byte[] unsigned32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, 32 - len, len);
    return out;
  }

  static List<String> methods(List<Call> calls) {
    List<String> out = new ArrayList<>();
    for (Call call : calls) {
      out.add(call.path());
    }
    return out;
  }
}
