package io.phat4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.attestation.gpu.CheckResult;
import io.phat4j.attestation.gpu.CheckStatus;
import io.phat4j.attestation.gpu.GpuCheck;
import io.phat4j.attestation.gpu.GpuEvidenceResult;
import io.phat4j.attestation.gpu.GpuEvidenceVerifier;
import io.phat4j.attestation.gpu.GpuResult;
import io.phat4j.attestation.gpu.NvidiaPayload;
import io.phat4j.attestation.gpu.RimSource;
import io.phat4j.core.Bytes32;
import io.phat4j.core.PhalaException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verify-gpu-evidence}: verifies an NVIDIA {@code nvidia_payload} offline. */
@Command(
    name = "verify-gpu-evidence",
    mixinStandardHelpOptions = true,
    header = "Verifies the NVIDIA GPU evidence of a confidential-AI report offline.",
    description = {
      "Checks an nvidia_payload: per GPU the SPDM report's nonce, its ECDSA P-384 "
          + "signature, the device chain to NVIDIA's pinned root and the FWID; with --rim-dir "
          + "also the driver and VBIOS RIMs. OCSP is never run offline.",
      "Exit 0 only when every GPU passes every check that was run, 1 otherwise."
    })
final class VerifyGpuEvidenceCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--payload", required = true, paramLabel = "F",
      description = "The nvidia_payload JSON (an object, or a JSON string holding one).")
  Path payload;

  @Option(names = "--nonce", paramLabel = "HEX",
      description = "The nonce the GPUs must have signed (32 bytes). Default: the payload's own nonce,"
          + " which proves nothing about freshness.")
  String nonce;

  @Option(names = "--rim-dir", paramLabel = "DIR",
      description = "Directory of RIM XML files, each named <RIM id>[.xml|.swidtag],"
          + " e.g. NV_GPU_DRIVER_GH100_570.133.20.xml.")
  Path rimDir;

  @Option(names = "--time", paramLabel = "T",
      description = "Verification time for certificate validity, unix seconds (default: the clock).")
  Long time;

  @Option(names = "--json", description = "Print one JSON object instead of the readable report.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Instant at = time == null ? null : Inputs.time("--time", time);
    String text = new String(Inputs.readFile(InputKind.GPU_PAYLOAD, "--payload", payload), StandardCharsets.UTF_8);
    Bytes32 expected = nonce == null ? null : Bytes32.fromHex("--nonce", nonce);
    RimSource rims = rimDir == null ? RimSource.none() : loadRims(rimDir);
    GpuEvidenceVerifier.Builder builder = GpuEvidenceVerifier.builder().rimSource(rims);
    if (at != null) {
      builder.clock(Clock.fixed(at, ZoneOffset.UTC));
    }

    GpuEvidenceResult result = null;
    String error = null;
    try {
      NvidiaPayload parsed = NvidiaPayload.parse(text);
      result = builder.build().verify(parsed, expected == null ? parsed.nonce() : expected);
      if (!result.passed()) {
        error = result.gpus().isEmpty() ? "the payload holds no GPU evidence" : firstFailure(result);
      }
    } catch (PhalaException e) {
      error = e.getMessage();
    }
    boolean ok = result != null && result.passed();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JSON.writeValueAsString(toJson(ok, error, result)));
    } else {
      if (result != null) {
        printReport(out, result);
      }
      if (!ok) {
        spec.commandLine().getErr().println("Verification failed: " + error);
      }
    }
    return ok ? Main.OK : Main.REJECTED;
  }

  /** Reads every regular file in the directory as a RIM keyed by its name without extension. */
  static RimSource loadRims(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw CliException.usage("--rim-dir " + dir + " is not a directory");
    }
    Map<String, byte[]> rims = new TreeMap<>();
    // One budget for the whole folder: many files must not add up past the RIM cap.
    long budget = InputKind.RIM.cap();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (Files.isRegularFile(f)) {
          String name = f.getFileName().toString();
          String id = name.replaceFirst("\\.(xml|swidtag)$", "");
          byte[] rim = Inputs.readFile(InputKind.RIM, "--rim-dir", f, budget);
          budget -= rim.length;
          rims.put(id, rim);
        }
      }
    } catch (IOException e) {
      throw new CliException(Main.USAGE, "cannot list " + dir + ": " + e.getMessage(), e);
    }
    return RimSource.of(rims);
  }

  private static String firstFailure(GpuEvidenceResult result) {
    for (GpuResult g : result.gpus()) {
      if (!g.passed()) {
        List<CheckResult> failures = g.failures();
        String why = failures.isEmpty()
            ? "a core check did not run"
            : failures.get(0).check() + ": " + failures.get(0).detail();
        return "GPU " + g.index() + ": " + why;
      }
    }
    return "verification failed";
  }

  private static Map<String, Object> toJson(
      boolean ok, @Nullable String error, @Nullable GpuEvidenceResult result) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("ok", ok);
    o.put("error", error);
    o.put("complete", result != null && result.complete());
    o.put("expected_nonce", result == null ? null : result.expectedNonce().hex());
    List<Map<String, Object>> gpus = new ArrayList<>();
    if (result != null) {
      for (GpuResult g : result.gpus()) {
        gpus.add(gpuJson(g));
      }
    }
    o.put("gpus", gpus);
    return o;
  }

  static Map<String, Object> gpuJson(GpuResult g) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("index", g.index());
    o.put("arch", g.arch().name());
    o.put("ok", g.passed());
    o.put("complete", g.complete());
    o.put("nonce_ok", flag(g, GpuCheck.NONCE_MATCH));
    o.put("signature_ok", flag(g, GpuCheck.SIGNATURE_VERIFIED));
    o.put("chain_ok", flag(g, GpuCheck.CERT_CHAIN_VALIDATED));
    o.put("fwid_ok", flag(g, GpuCheck.FWID_MATCH));
    o.put("measurements_ok", flag(g, GpuCheck.MEASUREMENTS_MATCH));
    o.put("driver_version", g.driverVersion().orElse(null));
    o.put("vbios_version", g.vbiosVersion().orElse(null));
    o.put("ueid", g.ueid());
    Map<String, Object> checks = new LinkedHashMap<>();
    for (CheckResult c : g.checks()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("status", c.status().name().toLowerCase(Locale.ROOT));
      one.put("detail", c.detail());
      checks.put(c.check().name().toLowerCase(Locale.ROOT), one);
    }
    o.put("checks", checks);
    return o;
  }

  /** True/false for a check that ran, null for one that did not. */
  private static @Nullable Boolean flag(GpuResult g, GpuCheck check) {
    CheckStatus s = g.status(check);
    return s == CheckStatus.NOT_RUN ? null : s == CheckStatus.PASSED;
  }

  private static void printReport(PrintWriter out, GpuEvidenceResult r) {
    out.println("GPU evidence: " + (r.passed() ? "OK" : "FAILED")
        + (r.passed() && !r.complete() ? " (some checks not run)" : ""));
    out.println("Expected nonce: " + r.expectedNonce().hex());
    for (GpuResult g : r.gpus()) {
      out.println("GPU " + g.index() + " (" + g.arch() + "): " + (g.passed() ? "OK" : "FAILED"));
      out.println("  driver: " + g.driverVersion().orElse("?") + ", vbios: " + g.vbiosVersion().orElse("?"));
      for (CheckResult c : g.checks()) {
        out.println("  " + c.status() + " " + c.check() + ": " + c.detail());
      }
    }
  }
}
