package io.phat4j.attestation.dcap;

/**
 * The signed report inside a quote: an {@link SgxReport} or a {@link TdReport}.
 *
 * <p>Implementations are immutable views over the quote's bytes; every accessor returns a copy.
 */
public sealed interface ReportBody permits SgxReport, TdReport {
  /**
   * Returns which kind of report this is.
   *
   * @return the body type
   */
  BodyType type();

  /**
   * Returns the 64 bytes of REPORTDATA chosen by the enclave or TD.
   *
   * @return a copy of the report data
   */
  byte[] reportData();

  /**
   * Returns whether the debug bit is set (SGX ATTRIBUTES.DEBUG or TDX TDATTRIBUTES.DEBUG).
   *
   * @return {@code true} for a debug enclave or TD
   */
  boolean debug();

  /**
   * Returns the raw report bytes.
   *
   * @return a copy of the whole report
   */
  byte[] toByteArray();
}
