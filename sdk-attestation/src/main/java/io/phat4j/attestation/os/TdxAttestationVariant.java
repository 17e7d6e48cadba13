package io.phat4j.attestation.os;

import io.phat4j.core.DecodeException;

/**
 * The TDX attestation scheme the host resolved for a boot ({@code tdx_attestation_variant} in the
 * VM config; {@code legacy} when absent).
 */
public enum TdxAttestationVariant {
  /** The full image is measured; verifiers recompute from the image files. */
  LEGACY("legacy"),
  /** The VM config carries {@code tdx_measurement}; verifiers need no image download. */
  LITE("lite");

  private final String wireName;

  TdxAttestationVariant(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the JSON name.
   *
   * @return {@code "legacy"} or {@code "lite"}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a JSON name.
   *
   * @param field the field, for the error message
   * @param value the name
   * @return the variant
   * @throws DecodeException for an unknown name
   */
  public static TdxAttestationVariant fromWire(String field, String value) {
    for (TdxAttestationVariant v : values()) {
      if (v.wireName.equals(value)) {
        return v;
      }
    }
    throw new DecodeException(field, "unknown TDX attestation variant (supported: legacy, lite)");
  }
}
