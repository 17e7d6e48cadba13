package io.phat4j.attestation.app.internal;

import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.core.dstack.EventLog;
import org.jspecify.annotations.Nullable;

/** The OS-image link: the declared image's expected MRTD and RTMR0–2 against the quote. */
public final class OsImageLink {
  /** Creates the link. */
  public OsImageLink() {}

  /**
   * Runs the link.
   *
   * @param evidence the evidence (its vm_config)
   * @param td the quote's TD report
   * @param log the parsed event log, or null if it did not parse
   * @param policy the policy
   * @return the outcome
   */
  public OsImageOutcome check(AppEvidence evidence, TdReport td, @Nullable EventLog log, AppPolicy policy) {
    if (evidence.vmConfigJson() == null) {
      return OsImageOutcome.failed("the evidence has no vm_config, so the OS image cannot be checked");
    }
    return OsImageOutcome.failed("the OS-image check is not available in this build");
  }
}
