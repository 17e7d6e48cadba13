package io.phat4j.attestation.dcap;

/** The SGX type recorded in a PCK certificate (ENUMERATED, OID 1.2.840.113741.1.13.1.5). */
public enum SgxType {
  /** 0: standard SGX. */
  STANDARD,
  /** 1: scalable SGX. */
  SCALABLE,
  /** 2: scalable SGX with integrity. */
  SCALABLE_WITH_INTEGRITY,
  /** Any other value. */
  UNKNOWN;

  static SgxType fromCode(int code) {
    return switch (code) {
      case 0 -> STANDARD;
      case 1 -> SCALABLE;
      case 2 -> SCALABLE_WITH_INTEGRITY;
      default -> UNKNOWN;
    };
  }
}
