package io.phat4j.contracts.kms;

import java.util.Objects;

/**
 * The answer of {@code isAppAllowed} or {@code isKmsAllowed}.
 *
 * @param allowed whether the CVM may boot (get its keys)
 * @param reason why not, as the contract says it (e.g. {@code "Compose hash not allowed"}); empty
 *     when allowed
 */
public record AuthDecision(boolean allowed, String reason) {
  /**
   * Checks the fields.
   *
   * @param allowed whether it is allowed
   * @param reason the contract's reason
   */
  public AuthDecision {
    Objects.requireNonNull(reason, "reason");
  }
}
