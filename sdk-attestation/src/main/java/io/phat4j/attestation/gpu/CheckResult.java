package io.phat4j.attestation.gpu;

/**
 * The outcome of one check, with a short reason.
 *
 * @param check which check
 * @param status passed, failed or not run
 * @param detail why (for failures and checks not run), or what was verified
 */
public record CheckResult(GpuCheck check, CheckStatus status, String detail) {
  static CheckResult passed(GpuCheck check, String detail) {
    return new CheckResult(check, CheckStatus.PASSED, detail);
  }

  static CheckResult failed(GpuCheck check, String detail) {
    return new CheckResult(check, CheckStatus.FAILED, detail);
  }

  static CheckResult notRun(GpuCheck check, String detail) {
    return new CheckResult(check, CheckStatus.NOT_RUN, detail);
  }

  static CheckResult of(GpuCheck check, boolean ok, String passDetail, String failDetail) {
    return ok ? passed(check, passDetail) : failed(check, failDetail);
  }
}
