package io.phat4j.attestation.dcap;

import java.util.Locale;

/** Which Intel CA issued a PCK certificate; selects the PCK CRL ({@code ca=} query parameter of Intel PCS). */
public enum PckCaType {
  /** "Intel SGX PCK Processor CA". */
  PROCESSOR,
  /** "Intel SGX PCK Platform CA". */
  PLATFORM;

  /**
   * Returns the value of the PCS {@code ca} query parameter.
   *
   * @return {@code "processor"} or {@code "platform"}
   */
  public String queryValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
