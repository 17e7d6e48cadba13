package io.phat4j.cli;

import static io.phat4j.cli.CliRunner.run;
import static io.phat4j.cli.GpuEvidenceCommandTest.gpuResource;
import static io.phat4j.cli.GpuEvidenceCommandTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

class AiCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final String TEXT =
      "0f2d4c2b7e0c0ad0b2f3e4d5c6b7a8990a1b2c3d4e5f60718293a4b5c6d7e8f9:"
          + "9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9";
  private static final String PAV_ADDRESS = "0x34b7bcb4b2b61fcf9fa14715ba8708ac0dbc8be5";
  private static final String PAV_NONCE = "4345591a10cc2fb8ccdddf5565ead7cca8031b145ba748246faaf13b799e5509";
  private static final String GPU_NONCE = "06ead3cd123da07e798f666b30bbfe049b3feb3a778dffd21bc4fde3e55f0e08";
  private static final String DCAP_TIME = "1751624191";

  private static ECKeyPair ecKey() throws Exception {
    return Keys.createEcKeyPair(new SecureRandom());
  }

  private static String personalSign(String text, ECKeyPair key) {
    Sign.SignatureData s = Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8), key);
    return "0x" + HEX.formatHex(s.getR()) + HEX.formatHex(s.getS()) + HEX.formatHex(s.getV());
  }

  private static CliRunner.Result verifySig(String sig, String address, String algo) {
    return run("verify-ai-signature", "--text", TEXT, "--signature", sig, "--signing-address", address, "--algo", algo);
  }

  @Test
  void verifyAiSignature_ecdsaByAddress_exitsZero() throws Exception {
    ECKeyPair key = ecKey();

    CliRunner.Result r = verifySig(personalSign(TEXT, key), Keys.toChecksumAddress(Keys.getAddress(key)), "ecdsa");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outTrimmed()).isEqualTo("valid");
  }

  @Test
  void verifyAiSignature_ecdsaUppercaseAddressWithoutPrefix_exitsZero() throws Exception {
    ECKeyPair key = ecKey();

    CliRunner.Result r = verifySig(personalSign(TEXT, key), Keys.getAddress(key).toUpperCase(), "ECDSA");

    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void verifyAiSignature_ecdsaWrongKey_exitsOne() throws Exception {
    CliRunner.Result r = verifySig(personalSign(TEXT, ecKey()), "0x" + Keys.getAddress(ecKey()), "ecdsa");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("not valid");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verifyAiSignature_ecdsaFlippedByte_exitsOne() throws Exception {
    ECKeyPair key = ecKey();
    byte[] sig = HEX.parseHex(personalSign(TEXT, key).substring(2));
    sig[5] ^= 0x10;

    CliRunner.Result r = verifySig(HEX.formatHex(sig), Keys.getAddress(key), "ecdsa");

    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void verifyAiSignature_malformedHex_exitsOneNamingField() throws Exception {
    CliRunner.Result r = verifySig("0xnothex", Keys.getAddress(ecKey()), "ecdsa");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("signature");
  }

  @Test
  void verifyAiSignature_ed25519_validAndWrongKey() {
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, key);
    byte[] m = TEXT.getBytes(StandardCharsets.UTF_8);
    signer.update(m, 0, m.length);
    String sig = HEX.formatHex(signer.generateSignature());
    String pub = HEX.formatHex(key.generatePublicKey().getEncoded());
    String otherPub = HEX.formatHex(new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey().getEncoded());

    assertThat(verifySig(sig, pub, "ed25519").exitCode()).isZero();
    assertThat(verifySig(sig, otherPub, "ed25519").exitCode()).isEqualTo(1);
  }

  @Test
  void verifyAiSignature_unknownAlgo_exitsTwo() throws Exception {
    CliRunner.Result r = verifySig("00", Keys.getAddress(ecKey()), "rsa");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--algo");
  }

  private static ObjectNode report(String address, String algo, String nonce, String quoteHex) {
    ObjectNode r = JSON.createObjectNode()
        .put("signing_address", address).put("signing_algo", algo).put("request_nonce", nonce)
        .put("intel_quote", quoteHex)
        .put("nvidia_payload", new String(gpuResource("nvidia_payload.json"), StandardCharsets.UTF_8));
    r.putObject("info").put("app_id", "00".repeat(20)).put("tcb_info", "{}");
    return r;
  }

  private static byte[] dcapQuote() {
    return gpuResource("tdx_v4_phala_sample_quote.bin");
  }

  private static String dcapNonce() {
    return HEX.formatHex(Arrays.copyOfRange(dcapQuote(), 600, 632));
  }

  private static ObjectNode dcapReport() {
    byte[] q = dcapQuote();
    return report(HEX.formatHex(Arrays.copyOfRange(q, 568, 600)), "ed25519", dcapNonce(), HEX.formatHex(q));
  }

  private static JsonNode link(JsonNode out, String name) {
    for (JsonNode l : out.get("links")) {
      if (l.get("name").asText().equals(name)) {
        return l;
      }
    }
    throw new AssertionError("no link " + name + " in " + out);
  }

  @Test
  void verifyAiReport_realQuoteWithCollateral_tdxAndBindingPassGpuNonceMismatchExitsOne(@TempDir Path dir)
      throws IOException {
    Path rep = write(dir, "r.json", JSON.writeValueAsBytes(dcapReport()));
    Path coll = write(dir, "c.json", gpuResource("tdx_v4_phala_sample_collateral.json"));

    CliRunner.Result r = run("verify-ai-report", "--report", rep.toString(), "--nonce", dcapNonce(),
        "--collateral", coll.toString(), "--time", DCAP_TIME, "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode o = JSON.readTree(r.out());
    assertThat(o.get("ok").asBoolean()).isFalse();
    assertThat(o.get("tcb_status").asText()).isEqualTo("UpToDate");
    assertThat(link(o, "tdx_quote").get("status").asText()).isEqualTo("passed");
    assertThat(link(o, "report_data_binding").get("status").asText()).isEqualTo("passed");
    assertThat(link(o, "gpu_evidence").get("status").asText()).isEqualTo("failed");
    assertThat(o.get("error").asText()).startsWith("gpu_evidence").contains("NONCE_MATCH");
    assertThat(o.get("gpus").get(0).get("nonce_ok").asBoolean()).isFalse();
    assertThat(o.get("gpus").get(0).get("signature_ok").asBoolean()).isTrue();
  }

  @Test
  void verifyAiReport_noCollateral_tdxNotRunExitsOne(@TempDir Path dir) throws IOException {
    Path rep = write(dir, "r.json", JSON.writeValueAsBytes(report(PAV_ADDRESS, "ecdsa", PAV_NONCE,
        new String(gpuResource("intel_quote.hex"), StandardCharsets.US_ASCII).strip())));

    CliRunner.Result r = run("verify-ai-report", "--report", rep.toString(), "--nonce", PAV_NONCE);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).startsWith("AI report: FAILED")
        .contains("NOT_RUN tdx_quote: no collateral given")
        .contains("PASSED report_data_binding");
    assertThat(r.err()).contains("Verification failed");
  }

  @Test
  void verifyAiReport_otherNonce_bindingFails(@TempDir Path dir) throws IOException {
    Path rep = write(dir, "r.json", JSON.writeValueAsBytes(dcapReport()));
    Path coll = write(dir, "c.json", gpuResource("tdx_v4_phala_sample_collateral.json"));

    CliRunner.Result r = run("verify-ai-report", "--report", rep.toString(), "--nonce", GPU_NONCE,
        "--collateral", coll.toString(), "--time", DCAP_TIME, "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode o = JSON.readTree(r.out());
    assertThat(link(o, "request_nonce").get("status").asText()).isEqualTo("failed");
    assertThat(link(o, "report_data_binding").get("status").asText()).isEqualTo("failed");
  }

  @Test
  void verifyAiReport_unknownSigningAddress_exitsOne(@TempDir Path dir) throws IOException {
    Path rep = write(dir, "r.json", JSON.writeValueAsBytes(dcapReport()));

    CliRunner.Result r = run("verify-ai-report", "--report", rep.toString(), "--nonce", dcapNonce(),
        "--signing-address", "0x" + "12".repeat(20));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no attestation in the report is signed by");
  }

  @Test
  void verifyAiReport_malformedReport_exitsOne(@TempDir Path dir) throws IOException {
    Path rep = write(dir, "r.json", "{\"signing_address\":\"0x12\"}".getBytes(StandardCharsets.UTF_8));

    CliRunner.Result r = run("verify-ai-report", "--report", rep.toString(), "--nonce", dcapNonce());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("signing_address");
  }

  @Test
  void verifyAiReport_missingCollateralFile_exitsTwo(@TempDir Path dir) throws IOException {
    Path rep = write(dir, "r.json", JSON.writeValueAsBytes(dcapReport()));

    CliRunner.Result r = run("verify-ai-report", "--report", rep.toString(), "--nonce", dcapNonce(),
        "--collateral", dir.resolve("none.json").toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no such file");
  }
}
