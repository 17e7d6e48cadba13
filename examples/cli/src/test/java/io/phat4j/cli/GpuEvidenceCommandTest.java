package io.phat4j.cli;

import static io.phat4j.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuEvidenceCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PHALA_NONCE = "06ead3cd123da07e798f666b30bbfe049b3feb3a778dffd21bc4fde3e55f0e08";
  private static final String NVTRUST_NONCE = "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb";
  /** 2026-11-24T00:00:00Z: the device chains are valid, the nvtrust RIM signers expired. */
  private static final String TODAY = "1795478400";
  /** 2024-06-01T00:00:00Z: the nvtrust RIM signer certificates were still valid. */
  private static final String RIM_SIGNER_VALID = "1717200000";

  static byte[] gpuResource(String name) {
    try (InputStream in = GpuEvidenceCommandTest.class.getResourceAsStream("/gpu/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path dir, String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p;
  }

  /** The nvtrust local-verifier sample wrapped as an nvidia_payload with the given report bytes. */
  private static byte[] nvtrustPayload(byte[] report) throws IOException {
    ObjectNode entry = JSON.createObjectNode()
        .put("certificate", Base64.getEncoder().encodeToString(gpuResource("hopperCertChain.txt")))
        .put("evidence", Base64.getEncoder().encodeToString(report))
        .put("arch", "HOPPER");
    ObjectNode payload = JSON.createObjectNode().put("nonce", NVTRUST_NONCE).put("arch", "HOPPER");
    payload.putArray("evidence_list").add(entry);
    return JSON.writeValueAsBytes(payload);
  }

  private static byte[] nvtrustReport() {
    return HexFormat.of().parseHex(new String(gpuResource("hopperAttestationReport.txt"), StandardCharsets.US_ASCII).strip());
  }

  private static JsonNode json(CliRunner.Result r) throws IOException {
    assertThat(r.out().lines()).hasSize(1);
    return JSON.readTree(r.out());
  }

  @Test
  void verifyGpuEvidence_phalaPayloadWithItsNonce_exitsZeroWithVersions(@TempDir Path dir) throws IOException {
    Path payload = write(dir, "p.json", gpuResource("nvidia_payload.json"));

    CliRunner.Result r = run("verify-gpu-evidence", "--payload", payload.toString(), "--time", TODAY, "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode o = json(r);
    assertThat(o.get("ok").asBoolean()).isTrue();
    assertThat(o.get("error").isNull()).isTrue();
    assertThat(o.get("expected_nonce").asText()).isEqualTo(PHALA_NONCE);
    assertThat(o.get("gpus")).hasSize(1);
    JsonNode g = o.get("gpus").get(0);
    assertThat(g.get("index").asInt()).isZero();
    assertThat(g.get("ok").asBoolean()).isTrue();
    for (String f : new String[] {"nonce_ok", "signature_ok", "chain_ok", "fwid_ok"}) {
      assertThat(g.get(f).asBoolean()).as(f).isTrue();
    }
    assertThat(g.get("measurements_ok").isNull()).isTrue();
    assertThat(g.get("driver_version").asText()).isEqualTo("570.172.08");
    assertThat(g.get("vbios_version").asText()).isEqualTo("96.00.d0.00.03");
    assertThat(g.get("checks").get("driver_rim_fetched").get("status").asText()).isEqualTo("not_run");
  }

  @Test
  void verifyGpuEvidence_explicitMatchingNonce_exitsZeroWithReadableReport(@TempDir Path dir) throws IOException {
    Path payload = write(dir, "p.json", gpuResource("nvidia_payload.json"));

    CliRunner.Result r = run("verify-gpu-evidence", "--payload", payload.toString(), "--nonce", PHALA_NONCE,
        "--time", TODAY);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("GPU evidence: OK (some checks not run)")
        .contains("driver: 570.172.08, vbios: 96.00.d0.00.03")
        .contains("PASSED NONCE_MATCH");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void verifyGpuEvidence_otherNonce_exitsOneWithNonceFailure(@TempDir Path dir) throws IOException {
    Path payload = write(dir, "p.json", gpuResource("nvidia_payload.json"));

    CliRunner.Result r = run("verify-gpu-evidence", "--payload", payload.toString(), "--nonce", NVTRUST_NONCE,
        "--time", TODAY, "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode o = json(r);
    assertThat(o.get("ok").asBoolean()).isFalse();
    assertThat(o.get("error").asText()).contains("GPU 0").contains("NONCE_MATCH");
    JsonNode g = o.get("gpus").get(0);
    assertThat(g.get("nonce_ok").asBoolean()).isFalse();
    assertThat(g.get("signature_ok").asBoolean()).isTrue();
    assertThat(g.get("ok").asBoolean()).isFalse();
  }

  @Test
  void verifyGpuEvidence_flippedReportByte_exitsOneSignatureFails(@TempDir Path dir) throws IOException {
    byte[] report = nvtrustReport();
    report[37 + 8 + 7] ^= 0x01; // inside measurement block 1's value, covered by the signature
    Path payload = write(dir, "p.json", nvtrustPayload(report));

    CliRunner.Result r = run("verify-gpu-evidence", "--payload", payload.toString(), "--time", TODAY, "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode g = json(r).get("gpus").get(0);
    assertThat(g.get("signature_ok").asBoolean()).isFalse();
    assertThat(g.get("nonce_ok").asBoolean()).isTrue();
  }

  @Test
  void verifyGpuEvidence_nvtrustSampleUnchanged_exitsZero(@TempDir Path dir) throws IOException {
    Path payload = write(dir, "p.json", nvtrustPayload(nvtrustReport()));

    CliRunner.Result r = run("verify-gpu-evidence", "--payload", payload.toString(), "--time", TODAY, "--json");

    assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
    assertThat(json(r).get("gpus").get(0).get("driver_version").asText()).isEqualTo("550.90.07");
  }

  @Test
  void verifyGpuEvidence_rimDirWithNvtrustTestRims_measurementMismatchExitsOne(@TempDir Path dir) throws IOException {
    Path payload = write(dir, "p.json", nvtrustPayload(nvtrustReport()));
    Path rims = Files.createDirectory(dir.resolve("rims"));
    write(rims, "NV_GPU_DRIVER_GH100_550.90.07.swidtag", gpuResource("Driver_RIM_test_no_gpu.swidtag"));
    write(rims, "NV_GPU_VBIOS_1010_0200_882_96009F0001.xml", gpuResource("1010_0200_882_96005E0001_test_no_gpu.swidtag"));

    CliRunner.Result r = run("verify-gpu-evidence", "--payload", payload.toString(), "--rim-dir", rims.toString(),
        "--time", RIM_SIGNER_VALID, "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode g = json(r).get("gpus").get(0);
    assertThat(g.get("checks").get("driver_rim_fetched").get("status").asText()).isEqualTo("passed");
    assertThat(g.get("checks").get("vbios_rim_fetched").get("status").asText()).isEqualTo("passed");
    assertThat(g.get("measurements_ok").asBoolean()).isFalse();
    assertThat(g.get("ok").asBoolean()).isFalse();
  }

  @Test
  void verifyGpuEvidence_malformedPayload_exitsOneWithError(@TempDir Path dir) throws IOException {
    Path payload = write(dir, "p.json", "{\"nonce\":\"zz\"}".getBytes(StandardCharsets.UTF_8));

    CliRunner.Result r = run("verify-gpu-evidence", "--payload", payload.toString(), "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode o = json(r);
    assertThat(o.get("ok").asBoolean()).isFalse();
    assertThat(o.get("error").asText()).contains("nonce");
    assertThat(o.get("gpus")).isEmpty();
  }

  @Test
  void verifyGpuEvidence_missingFile_exitsTwo(@TempDir Path dir) {
    CliRunner.Result r = run("verify-gpu-evidence", "--payload", dir.resolve("absent.json").toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no such file");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verifyGpuEvidence_badNonceHex_exitsOne(@TempDir Path dir) throws IOException {
    Path payload = write(dir, "p.json", gpuResource("nvidia_payload.json"));

    CliRunner.Result r = run("verify-gpu-evidence", "--payload", payload.toString(), "--nonce", "abcd");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("--nonce");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verifyGpuEvidence_certificatesSwappedBetweenGpus_exitsOne(@TempDir Path dir) throws IOException {
    JsonNode phala = JSON.readTree(gpuResource("nvidia_payload.json"));
    ObjectNode payload = (ObjectNode) JSON.readTree(nvtrustPayload(nvtrustReport()));
    ((ObjectNode) payload.get("evidence_list").get(0))
        .put("certificate", phala.get("evidence_list").get(0).get("certificate").asText());
    Path p = write(dir, "p.json", JSON.writeValueAsBytes(payload));

    CliRunner.Result r = run("verify-gpu-evidence", "--payload", p.toString(), "--time", TODAY, "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode g = json(r).get("gpus").get(0);
    assertThat(g.get("nonce_ok").asBoolean()).isTrue();
    assertThat(g.get("signature_ok").asBoolean()).isFalse();
    assertThat(g.get("ok").asBoolean()).isFalse();
  }

  @Test
  void verifyGpuEvidence_twoGpusOneStale_reportsEachInEvidenceOrder(@TempDir Path dir) throws IOException {
    JsonNode phala = JSON.readTree(gpuResource("nvidia_payload.json"));
    ObjectNode payload = (ObjectNode) JSON.readTree(nvtrustPayload(nvtrustReport()));
    ((com.fasterxml.jackson.databind.node.ArrayNode) payload.get("evidence_list"))
        .insert(0, phala.get("evidence_list").get(0));
    Path p = write(dir, "p.json", JSON.writeValueAsBytes(payload));

    CliRunner.Result r = run("verify-gpu-evidence", "--payload", p.toString(), "--time", TODAY, "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode gpus = json(r).get("gpus");
    assertThat(gpus).hasSize(2);
    assertThat(gpus.get(0).get("index").asInt()).isZero();
    assertThat(gpus.get(0).get("nonce_ok").asBoolean()).isFalse();
    assertThat(gpus.get(0).get("driver_version").asText()).isEqualTo("570.172.08");
    assertThat(gpus.get(1).get("index").asInt()).isEqualTo(1);
    assertThat(gpus.get(1).get("ok").asBoolean()).isTrue();
    assertThat(gpus.get(1).get("driver_version").asText()).isEqualTo("550.90.07");
  }
}
