package io.phat4j.attestation.os;

import io.phat4j.core.Measurement;
import java.util.Objects;

/**
 * One register compared: the value the OS image predicts and the value the quote carries.
 *
 * @param register {@code MRTD}, {@code RTMR0}, {@code RTMR1} or {@code RTMR2}
 * @param expected the value computed for the image and VM configuration
 * @param actual the value in the quote
 * @param matches whether they are equal (compared in constant time)
 */
public record RegisterCheck(String register, Measurement expected, Measurement actual, boolean matches) {

  /** Checks the fields. */
  public RegisterCheck {
    Objects.requireNonNull(register, "register");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(actual, "actual");
  }

  static RegisterCheck compare(String register, Measurement expected, Measurement actual) {
    return new RegisterCheck(register, expected, actual, expected.equals(actual));
  }

  @Override
  public String toString() {
    return register + (matches ? " matches " + actual : " mismatch: expected=" + expected + ", actual=" + actual);
  }
}
