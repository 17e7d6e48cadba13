package io.phat4j.attestation.dcap;

/** The trusted execution environment that produced a quote, from the header's {@code tee_type}. */
public enum TeeType {
  /** Intel SGX enclave ({@code tee_type} 0x00000000). */
  SGX(0x00000000),
  /** Intel TDX trust domain ({@code tee_type} 0x00000081). */
  TDX(0x00000081);

  private final int code;

  TeeType(int code) {
    this.code = code;
  }

  /**
   * Returns the value of the header's {@code tee_type} field for this TEE.
   *
   * @return the wire code
   */
  public int code() {
    return code;
  }
}
