package io.phat4j.testkit;

/** The SGX type carried in a PCK certificate (OID 1.2.840.113741.1.13.1.5, ENUMERATED). */
public enum SgxType {
  /** 0: Standard (client) SGX. */
  STANDARD(0),
  /** 1: Scalable SGX (server platforms, the type TDX hosts report). */
  SCALABLE(1),
  /** 2: Scalable SGX with integrity. */
  SCALABLE_WITH_INTEGRITY(2);

  private final int value;

  SgxType(int value) {
    this.value = value;
  }

  /**
   * Returns the ENUMERATED value.
   *
   * @return 0, 1 or 2
   */
  public int value() {
    return value;
  }
}
