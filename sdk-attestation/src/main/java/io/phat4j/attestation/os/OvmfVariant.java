package io.phat4j.attestation.os;

import io.phat4j.core.DecodeException;

/**
 * The OVMF measurement layout an image declares ({@code ovmf_variant} in the VM config, {@code
 * tdvf.ovmf} in the measurement document). dstack supports one layout.
 */
public enum OvmfVariant {
  /** OVMF before 202505: 13 RTMR0 events (wire name {@code pre202505}). */
  PRE202505("pre202505");

  private final String wireName;

  OvmfVariant(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name used in JSON and CBOR.
   *
   * @return e.g. {@code "pre202505"}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a wire name.
   *
   * @param field the field, for the error message
   * @param value the wire name
   * @return the variant
   * @throws DecodeException for an unknown name
   */
  public static OvmfVariant fromWire(String field, String value) {
    for (OvmfVariant v : values()) {
      if (v.wireName.equals(value)) {
        return v;
      }
    }
    throw new DecodeException(field, "unknown OVMF variant (supported: pre202505)");
  }
}
