package io.phat4j.cli;

import static io.phat4j.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quote commands on every real DCAP vector, compared with what dcap-qvl's own CLI printed for
 * it ({@code expected.json} → {@code peer_cli}).
 */
class QuoteCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path VECTORS = Path.of(System.getProperty("phat4j.dcapVectors", "missing"));

  static Stream<String> vectors() throws IOException {
    try (Stream<Path> dirs = Files.list(VECTORS)) {
      return dirs.filter(d -> Files.exists(d.resolve("expected.json")))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  private static JsonNode expected(String vector) throws IOException {
    return JSON.readTree(VECTORS.resolve(vector).resolve("expected.json").toFile());
  }

  private static List<String> args(String vector, String... head) throws IOException {
    Path dir = VECTORS.resolve(vector);
    List<String> args = new ArrayList<>(List.of(head));
    args.add("--time");
    args.add(Files.readString(dir.resolve("time.txt")).strip());
    return args;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void testCaseVerify_everyVector_matchesDcapQvlCli(String vector) throws IOException {
    Path dir = VECTORS.resolve(vector);
    JsonNode peer = expected(vector).get("peer_cli");
    List<String> a = args(vector, "test-case", "verify");
    a.add(dir.resolve("quote.bin").toString());
    a.add(dir.resolve("collateral.json").toString());
    if (Files.exists(dir.resolve("root_ca.der"))) {
      a.add(dir.resolve("root_ca.der").toString());
    }
    CliRunner.Result r = run(a.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(peer.get("exit_code").asInt());
    // dcap-qvl prints exactly these lines; phat4j may add more after them.
    assertThat(r.out()).startsWith(peer.get("stdout").asText());
    String peerErr = peer.get("stderr").asText();
    if (peerErr.isEmpty()) {
      assertThat(r.err()).isEmpty();
    } else {
      assertThat(r.err().lines().findFirst()).contains(peerErr.lines().findFirst().orElseThrow());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void verifyQuoteJson_everyVector_reportsVerdictStatusAndReport(String vector) throws IOException {
    Path dir = VECTORS.resolve(vector);
    JsonNode exp = expected(vector);
    List<String> a = args(vector, "verify-quote", "--json", "--quote", dir.resolve("quote.bin").toString(),
        "--collateral", dir.resolve("collateral.json").toString());
    if (Files.exists(dir.resolve("root_ca.der"))) {
      a.add("--root-ca");
      a.add(dir.resolve("root_ca.der").toString());
    }
    CliRunner.Result r = run(a.toArray(String[]::new));
    JsonNode out = JSON.readTree(r.out());

    boolean ok = exp.get("should_succeed").asBoolean();
    assertThat(r.exitCode()).isEqualTo(ok ? 0 : 1);
    assertThat(out.get("ok").asBoolean()).isEqualTo(ok);
    if (ok) {
      assertThat(out.get("status").asText()).isEqualTo(exp.get("status").asText());
      assertThat(out.get("advisory_ids")).isEqualTo(exp.get("advisory_ids"));
      // A quote accepted under a caller-named root says so.
      boolean ownRoot = Files.exists(dir.resolve("root_ca.der"));
      assertThat(out.get("intel_root").asBoolean()).isEqualTo(!ownRoot);
      assertThat(out.get("trust_anchor").asText()).startsWith(ownRoot ? "NOT THE INTEL ROOT: " : "Intel SGX Root CA");
      assertThat(out.get("error").isNull()).isTrue();
      assertThat(out.get("report_type").asText()).isEqualTo(exp.get("report_type").asText());
      exp.get("report").properties().forEach(
          f -> assertThat(out.get("report").get(f.getKey())).as(f.getKey()).isEqualTo(f.getValue()));
      assertThat(out.get("tee_type").asText()).isIn("sgx", "tdx");
    } else {
      assertThat(out.get("status").isNull()).isTrue();
      assertThat(out.get("error").asText()).startsWith(exp.get("expected_error").asText());
    }
  }

  @Test
  void verifyQuote_readableReport_listsStatusAndMeasurements() throws IOException {
    Path dir = VECTORS.resolve("tdx_v4_phala_sample");
    CliRunner.Result r = run(args("tdx_v4_phala_sample", "verify-quote", "--quote", dir.resolve("quote.bin").toString(),
        "--collateral", dir.resolve("collateral.json").toString()).toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("NON-INTEL").contains("Verification: OK", "Trust anchor: Intel SGX Root CA (sha256 "
        + "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3)", "TCB status: UpToDate",
        "mr_td: " + expected("tdx_v4_phala_sample").get("report").get("mr_td").asText());
  }

  @Test
  void testCaseVerify_malformedCollateralJson_exits2(@TempDir Path tmp) throws IOException {
    Path dir = VECTORS.resolve("tdx_v4_phala_sample");
    Path bad = tmp.resolve("collateral.json");
    Files.writeString(bad, "{\"tcb_info\": ");
    CliRunner.Result r = run("test-case", "verify", dir.resolve("quote.bin").toString(), bad.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("cannot parse collateral");
  }

  @Test
  void testCaseVerify_missingQuoteFile_exits2() {
    CliRunner.Result r = run("test-case", "verify", "/nonexistent/quote.bin", "/nonexistent/collateral.json");
    assertThat(r.exitCode()).isEqualTo(2);
  }

  @Test
  void testCaseVerify_withoutTime_usesTheClock() {
    Path dir = VECTORS.resolve("tdx_v4_phala_sample");
    // The sample's collateral expired in 2025, so today's clock rejects it: proof that --time is optional and honoured.
    CliRunner.Result r = run("test-case", "verify", dir.resolve("quote.bin").toString(), dir.resolve("collateral.json").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("Verification failed: ");
  }

  @Test
  void testCaseVerify_rootCaThatIsNotACertificate_exits1(@TempDir Path tmp) throws IOException {
    Path dir = VECTORS.resolve("tdx_v4_phala_sample");
    Path root = tmp.resolve("root.der");
    Files.write(root, new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
    CliRunner.Result r = run("test-case", "verify", "--time", "1751624191",
        dir.resolve("quote.bin").toString(), dir.resolve("collateral.json").toString(), root.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("Verification failed: ");
  }

  @Test
  void benchVerify_warmAndCold_lastLineIsQuotesPerSecond() throws IOException {
    Path dir = VECTORS.resolve("sgx_v3_phala_sample");
    for (String mode : List.of("--iterations=20", "--cold")) {
      List<String> a = args("sgx_v3_phala_sample", "bench-verify", "--quote", dir.resolve("quote.bin").toString(),
          "--collateral", dir.resolve("collateral.json").toString(), "--iterations", "20", "--warmup", "2");
      if (mode.equals("--cold")) {
        a.add("--cold");
      }
      CliRunner.Result r = run(a.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.err()).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines.getLast()).matches("quotes_per_second=[0-9]+(\\.[0-9]+)?");
      assertThat(lines).contains("iterations=20", mode.equals("--cold") ? "mode=cold" : "mode=warm");
    }
  }

  @Test
  void benchVerify_threads_sharesTheVerifierAndCountsEveryThread() throws IOException {
    Path dir = VECTORS.resolve("tdx_v4_phala_sample");
    for (String backend : List.of("pure", "native")) {
      CliRunner.Result r = run(args("tdx_v4_phala_sample", "bench-verify", "--quote", dir.resolve("quote.bin").toString(),
          "--collateral", dir.resolve("collateral.json").toString(), "--iterations", "15", "--warmup", "2",
          "--threads", "3", "--backend", backend).toArray(String[]::new));
      assertThat(r.exitCode()).as(r.err()).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines).contains("threads=3", "iterations=45");
      assertThat(lines).anyMatch(l -> l.startsWith("quotes_per_cpu_second="));
      assertThat(lines.getLast()).matches("quotes_per_second=[0-9]+(\\.[0-9]+)?");
    }
  }

  @Test
  void benchVerify_threadsOutOfRange_exits2() throws IOException {
    Path dir = VECTORS.resolve("tdx_v4_phala_sample");
    for (String threads : List.of("0", "257")) {
      CliRunner.Result r = run(args("tdx_v4_phala_sample", "bench-verify", "--quote", dir.resolve("quote.bin").toString(),
          "--collateral", dir.resolve("collateral.json").toString(), "--threads", threads).toArray(String[]::new));
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).contains("--threads");
    }
  }

  @Test
  void benchVerify_quoteThatFails_exits1WithReason() throws IOException {
    Path dir = VECTORS.resolve("neg_tdx_quote_sig_flip");
    CliRunner.Result r = run(args("neg_tdx_quote_sig_flip", "bench-verify", "--quote", dir.resolve("quote.bin").toString(),
        "--collateral", dir.resolve("collateral.json").toString(), "--iterations", "5").toArray(String[]::new));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("ISV enclave report signature is invalid");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void benchVerify_backendNativeAndPure_reportsTheActiveBackend() throws IOException {
    Path dir = VECTORS.resolve("tdx_v4_phala_sample");
    for (String backend : List.of("native", "pure")) {
      CliRunner.Result r = run(args("tdx_v4_phala_sample", "bench-verify", "--quote", dir.resolve("quote.bin").toString(),
          "--collateral", dir.resolve("collateral.json").toString(), "--iterations", "5", "--warmup", "1",
          "--backend", backend).toArray(String[]::new));
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains(backend.equals("native") ? "backend=native (OpenSSL 3." : "backend=pure-java");
      assertThat(r.out().lines().toList().getLast()).startsWith("quotes_per_second=");
    }
  }

  @Test
  void testCaseVerify_nativeBackend_sameOutputAsPure() throws IOException {
    for (String vector : List.of("sgx_v3_phala_sample", "neg_tdx_quote_sig_flip")) {
      Path dir = VECTORS.resolve(vector);
      List<CliRunner.Result> results = new ArrayList<>();
      for (String backend : List.of("pure", "native", "auto")) {
        List<String> a = args(vector, "test-case", "verify", "--backend", backend);
        a.add(dir.resolve("quote.bin").toString());
        a.add(dir.resolve("collateral.json").toString());
        results.add(run(a.toArray(String[]::new)));
      }
      assertThat(results).extracting(CliRunner.Result::exitCode).containsOnly(results.get(0).exitCode());
      assertThat(results).extracting(CliRunner.Result::out).containsOnly(results.get(0).out());
      assertThat(results).extracting(CliRunner.Result::err).containsOnly(results.get(0).err());
    }
  }

  @Test
  void verifyQuote_unsignedPckCrlIssuerChainEmptied_acceptedLikeDcapQvl_rejectedWithStrictEncoding(@TempDir Path tmp)
      throws IOException {
    Path dir = VECTORS.resolve("sgx_v3_phala_sample");
    ObjectNode col = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("collateral.json")));
    col.put("pck_crl_issuer_chain", "");
    Path emptied = tmp.resolve("collateral.json");
    Files.writeString(emptied, col.toString());
    List<String> a = args("sgx_v3_phala_sample", "verify-quote", "--json", "--quote", dir.resolve("quote.bin").toString(),
        "--collateral", emptied.toString());
    CliRunner.Result lax = run(a.toArray(String[]::new));
    assertThat(lax.exitCode()).as(lax.out()).isZero();
    assertThat(JSON.readTree(lax.out()).get("status").asText()).isEqualTo(expected("sgx_v3_phala_sample").get("status").asText());
    a.add("--strict-encoding");
    CliRunner.Result strict = run(a.toArray(String[]::new));
    assertThat(strict.exitCode()).isEqualTo(1);
    JsonNode out = JSON.readTree(strict.out());
    assertThat(out.get("reason").asText()).isEqualTo("CERT_CHAIN");
    assertThat(out.get("error").asText()).contains("pck_crl_issuer_chain");
  }

  @Test
  void verifyQuote_unknownBackend_exits2() throws IOException {
    Path dir = VECTORS.resolve("sgx_v3_phala_sample");
    CliRunner.Result r = run(args("sgx_v3_phala_sample", "verify-quote", "--quote", dir.resolve("quote.bin").toString(),
        "--collateral", dir.resolve("collateral.json").toString(), "--backend", "gpu").toArray(String[]::new));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown crypto backend 'gpu'");
  }

  @Test
  void verifyQuote_nativeBackendWithMissingLibcrypto_exits2WithReason(@TempDir Path tmp) throws IOException {
    Path dir = VECTORS.resolve("sgx_v3_phala_sample");
    String old = System.getProperty("phat4j.crypto.libcrypto");
    System.setProperty("phat4j.crypto.libcrypto", tmp.resolve("no-libcrypto.so").toString());
    try {
      CliRunner.Result r = run(args("sgx_v3_phala_sample", "verify-quote", "--quote", dir.resolve("quote.bin").toString(),
          "--collateral", dir.resolve("collateral.json").toString(), "--backend", "native").toArray(String[]::new));
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).contains("native crypto backend is unavailable").contains("no-libcrypto.so");
    } finally {
      if (old == null) {
        System.clearProperty("phat4j.crypto.libcrypto");
      } else {
        System.setProperty("phat4j.crypto.libcrypto", old);
      }
    }
  }
}
