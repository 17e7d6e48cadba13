package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.DcapTestVector;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;

/**
 * Runs vectors generated with the testkit's own PKI through {@link QuoteVerifier}, with the
 * vector's root as trust anchor and its fixed time as {@code now}.
 */
final class Synthetic {
  /** The verification time of every generated vector (the PKI's clock). */
  static final Instant NOW = Instant.parse("2025-07-01T00:00:00Z");

  private Synthetic() {}

  /** A reproducible PKI whose {@code now} is {@link #NOW}. */
  static DcapTestPki pki(String seed) {
    return DcapTestPki.builder().seed(seed).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  static QuoteVerifier.Builder verifierFor(DcapTestVector v) {
    return QuoteVerifier.builder().trustAnchor(v.rootCaDer());
  }

  static QuoteCollateral collateral(DcapTestVector v) {
    return QuoteCollateral.fromJson(v.collateral().toJson());
  }

  static VerifiedQuote verify(DcapTestVector v) {
    return verify(verifierFor(v).build(), v);
  }

  static VerifiedQuote verify(QuoteVerifier verifier, DcapTestVector v) {
    return verifier.verify(v.quote(), collateral(v), v.time());
  }

  static QuoteVerificationException failure(DcapTestVector v) {
    return failure(verifierFor(v).build(), v);
  }

  static QuoteVerificationException failure(QuoteVerifier verifier, DcapTestVector v) {
    QuoteCollateral c = collateral(v);
    QuoteVerificationException e =
        catchThrowableOfType(QuoteVerificationException.class, () -> verifier.verify(v.quote(), c, v.time()));
    assertThat(e).as("verification of %s must fail", v).isNotNull();
    return e;
  }

  /**
   * Asserts that {@code baseline} verifies and {@code changed} fails with {@code reason} and a
   * message containing {@code text}: only the changed step fails.
   */
  static QuoteVerificationException onlyStepFails(
      DcapTestVector baseline, DcapTestVector changed, FailureReason reason, String text) {
    assertThatCode(() -> verify(baseline)).as("baseline verifies").doesNotThrowAnyException();
    QuoteVerificationException e = failure(changed);
    assertThat(e.reason()).as("reason of: %s", e.getMessage()).isEqualTo(reason);
    assertThat(e).hasMessageContaining(text);
    return e;
  }

  /** Like {@link #onlyStepFails(DcapTestVector, DcapTestVector, FailureReason, String)} for a builder option. */
  static QuoteVerificationException onlyStepFails(DcapTestVector.Builder baseline,
      UnaryOperator<DcapTestVector.Builder> change, FailureReason reason, String text) {
    DcapTestVector before = baseline.build();
    return onlyStepFails(before, change.apply(baseline).build(), reason, text);
  }
}
