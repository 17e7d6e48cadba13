package io.phat4j.attestation.dcap;

/** The kind of report a quote carries, with its fixed size in bytes. */
public enum BodyType {
  /** SGX enclave report (384 bytes). */
  SGX_ENCLAVE(1, 384),
  /** TDX TD report 1.0 (584 bytes). */
  TD_REPORT_10(2, 584),
  /** TDX TD report 1.5 (648 bytes: 1.0 plus TEE_TCB_SVN_2 and MRSERVICETD). */
  TD_REPORT_15(3, 648);

  private final int code;
  private final int size;

  BodyType(int code, int size) {
    this.code = code;
    this.size = size;
  }

  /**
   * Returns the {@code body_type} value used in the v5 body descriptor.
   *
   * @return the wire code
   */
  public int code() {
    return code;
  }

  /**
   * Returns the size of the body in bytes.
   *
   * @return the fixed body size
   */
  public int size() {
    return size;
  }
}
