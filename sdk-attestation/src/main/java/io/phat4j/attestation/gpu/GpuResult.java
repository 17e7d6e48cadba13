package io.phat4j.attestation.gpu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The verification result for one GPU: every {@link GpuCheck} with its status, plus what the
 * report states.
 *
 * @param index the GPU index (position in {@code evidence_list})
 * @param arch the architecture the entry claims
 * @param checks one result per {@link GpuCheck}, in enum order
 * @param report the parsed report, or null when it did not parse
 * @param comparison the measurement comparison, or null when RIMs were not available
 * @param ueid the leaf certificate serial in decimal (NVIDIA's {@code ueid}), or null without a chain
 */
public record GpuResult(
    int index,
    GpuArch arch,
    List<CheckResult> checks,
    @Nullable SpdmMeasurementReport report,
    @Nullable MeasurementComparison comparison,
    @Nullable String ueid) {
  /** Copies the checks. */
  public GpuResult {
    checks = List.copyOf(checks);
  }

  /**
   * Returns the result of one check.
   *
   * @param check the check
   * @return its result
   */
  public CheckResult check(GpuCheck check) {
    for (CheckResult c : checks) {
      if (c.check() == check) {
        return c;
      }
    }
    return CheckResult.notRun(check, "not evaluated");
  }

  /**
   * Returns the status of one check.
   *
   * @param check the check
   * @return its status
   */
  public CheckStatus status(GpuCheck check) {
    return check(check).status();
  }

  /**
   * Tells whether every check that ran passed and the report at least parsed, its nonce matched,
   * its signature verified, its chain validated and its FWID matched (the offline core).
   *
   * <p>Stricter than NVIDIA's local verifier in one place: a RIM whose version differs from the
   * report's counts as a failure (NVIDIA only sets {@code *-rim-version-match=false}).
   *
   * @return true when nothing failed and the offline core passed
   */
  public boolean passed() {
    return failures().isEmpty()
        && List.of(GpuCheck.ARCH_CHECK, GpuCheck.REPORT_PARSED, GpuCheck.NONCE_MATCH,
                GpuCheck.SIGNATURE_VERIFIED, GpuCheck.CERT_CHAIN_VALIDATED, GpuCheck.FWID_MATCH)
            .stream().allMatch(c -> status(c) == CheckStatus.PASSED);
  }

  /**
   * Tells whether every check ran and passed (RIMs and OCSP included).
   *
   * @return true only for a complete, successful verification
   */
  public boolean complete() {
    return checks.stream().allMatch(c -> c.status() == CheckStatus.PASSED);
  }

  /**
   * Returns the checks that failed.
   *
   * @return the failures
   */
  public List<CheckResult> failures() {
    return checks.stream().filter(c -> c.status() == CheckStatus.FAILED).toList();
  }

  /**
   * Returns the checks that were not run, each with the reason.
   *
   * @return the checks not run
   */
  public List<CheckResult> notRun() {
    return checks.stream().filter(c -> c.status() == CheckStatus.NOT_RUN).toList();
  }

  /**
   * Returns the driver version the report states (e.g. {@code 570.133.20}).
   *
   * @return the version, or empty when the report did not parse
   */
  public Optional<String> driverVersion() {
    return report == null ? Optional.empty() : report.opaqueData().driverVersion();
  }

  /**
   * Returns the VBIOS version the report states, dotted and lowercase.
   *
   * @return the version, or empty when the report did not parse
   */
  public Optional<String> vbiosVersion() {
    return report == null ? Optional.empty() : report.opaqueData().vbiosVersion();
  }

  /**
   * Returns the results as NVIDIA-style claims: each check that ran under its NVIDIA claim name
   * (booleans; {@code measres} as {@code "success"}/{@code "fail"}), plus versions and {@code ueid}.
   * Checks that were not run are absent.
   *
   * @return the claims, in a stable order
   */
  public Map<String, Object> claims() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (CheckResult c : checks) {
      if (c.status() == CheckStatus.NOT_RUN || c.check().claimName().isEmpty()) {
        continue;
      }
      boolean ok = c.status() == CheckStatus.PASSED;
      if (c.check() == GpuCheck.MEASUREMENTS_MATCH) {
        out.put("measres", ok ? "success" : "fail");
      } else {
        out.put(c.check().claimName().get(), ok);
      }
    }
    driverVersion().ifPresent(v -> out.put("x-nvidia-gpu-driver-version", v));
    vbiosVersion().ifPresent(v -> out.put("x-nvidia-gpu-vbios-version", v.toUpperCase(Locale.ROOT)));
    if (report != null) {
      out.put("eat_nonce", report.requestNonce().hex());
    }
    if (ueid != null) {
      out.put("ueid", ueid);
    }
    return out;
  }
}
