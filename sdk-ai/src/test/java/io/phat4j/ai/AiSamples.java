package io.phat4j.ai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/** The copied real samples, and report JSON built around them. */
final class AiSamples {
  static final ObjectMapper JSON = new ObjectMapper();
  /** report_data of intel_quote.hex: the v1 ECDSA address and nonce. */
  static final String PAV_ADDRESS = "0x34b7bcb4b2b61fcf9fa14715ba8708ac0dbc8be5";
  static final String PAV_NONCE = "4345591a10cc2fb8ccdddf5565ead7cca8031b145ba748246faaf13b799e5509";
  static final String GPU_NONCE = "06ead3cd123da07e798f666b30bbfe049b3feb3a778dffd21bc4fde3e55f0e08";
  /** When the dcap-qvl sample collateral is valid. */
  static final Instant DCAP_TIME = Instant.ofEpochSecond(1751624191L);

  private AiSamples() {}

  static byte[] bytes(String name) {
    try (InputStream in = AiSamples.class.getResourceAsStream("/ai/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8).strip();
  }

  /** A report as Phala's API returns it: nvidia_payload double-encoded, info with a string tcb_info. */
  static ObjectNode report(String address, String algo, String nonce, String quoteHex) {
    ObjectNode r = JSON.createObjectNode()
        .put("signing_address", address)
        .put("signing_algo", algo)
        .put("request_nonce", nonce)
        .put("intel_quote", quoteHex)
        .put("nvidia_payload", text("nvidia_payload.json"))
        .put("event_log", "[]");
    ObjectNode info = r.putObject("info");
    info.put("app_id", "00".repeat(20)).put("compose_hash", "ab".repeat(32))
        .put("tcb_info", "{\"app_compose\":\"{}\"}");
    return r;
  }

  /** The PAV quote as an ECDSA v1 report for its own address and nonce. */
  static ObjectNode pavReport() {
    return report(PAV_ADDRESS, "ecdsa", PAV_NONCE, text("intel_quote.hex"));
  }

  static byte[] phalaSampleQuote() {
    return bytes("tdx_v4_phala_sample_quote.bin");
  }

  /** The dcap-qvl sample quote as an Ed25519 v1 report: key = report_data[0:32], nonce = [32:64]. */
  static ObjectNode dcapEd25519Report() {
    byte[] q = phalaSampleQuote();
    return report(Hex.encode(Arrays.copyOfRange(q, 568, 600)), "ed25519", dcapNonce(), Hex.encode(q));
  }

  static String dcapNonce() {
    return Hex.encode(Arrays.copyOfRange(phalaSampleQuote(), 600, 632));
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
