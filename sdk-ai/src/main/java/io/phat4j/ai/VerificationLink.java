package io.phat4j.ai;

import io.phat4j.attestation.gpu.CheckStatus;

/**
 * One link in the chain of trust from a confidential-AI report to the caller.
 *
 * @param name a stable identifier ({@code tdx_quote}, {@code report_data_binding}, …)
 * @param status whether the link held, failed or was not checked
 * @param proves what the link proves when it holds
 * @param detail what was found
 */
public record VerificationLink(String name, CheckStatus status, String proves, String detail) {
  /**
   * Tells whether the link held.
   *
   * @return true when {@link #status()} is PASSED
   */
  public boolean passed() {
    return status == CheckStatus.PASSED;
  }
}
