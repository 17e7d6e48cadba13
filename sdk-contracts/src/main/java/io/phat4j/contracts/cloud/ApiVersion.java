package io.phat4j.contracts.cloud;

import java.util.Objects;

/**
 * The Phala Cloud API versions this client can ask for with the {@code X-Phala-Version} header.
 *
 * <p>The version decides the shape of several answers (see {@code docs/deploying.md} for the
 * table). The typed records here read every version: fields a version lacks stay {@code null}.
 * Some calls pin their own version whatever the client asks for, as the official SDK does: the
 * KMS contract calls pin {@link #V2026_06_23}; the node-keyed KMS calls ({@code /kms/{node}},
 * {@code /kms/{node}/pubkey/{app}}, the node list) pin {@link #V2026_05_22}.
 */
public enum ApiVersion {
  /** The oldest schema still served, {@code 2025-10-28}. */
  V2025_10_28("2025-10-28"),
  /** The schema of {@code @phala/cloud} 0.2.x, {@code 2026-01-21}: CVM {@code id} is a placeholder. */
  V2026_01_21("2026-01-21"),
  /** Hashed CVM ids ({@code cvm_…}), {@code 2026-05-22}; the last node-keyed KMS API. */
  V2026_05_22("2026-05-22"),
  /** Contract-centric KMS ({@code kc_…} contracts), {@code 2026-06-23}: the default. */
  V2026_06_23("2026-06-23");

  /** The version a client uses unless told otherwise. */
  public static final ApiVersion DEFAULT = V2026_06_23;

  private final String value;

  ApiVersion(String value) {
    this.value = value;
  }

  /**
   * Returns the header value.
   *
   * @return the date string sent as {@code X-Phala-Version}
   */
  public String value() {
    return value;
  }

  /**
   * Tells whether this version is the same as or later than another.
   *
   * @param other the version to compare with
   * @return {@code true} if this version is {@code other} or newer
   */
  public boolean atLeast(ApiVersion other) {
    return compareTo(other) >= 0;
  }

  /**
   * Tells whether CVM ids in answers are hashed strings ({@code cvm_…}) under this version.
   *
   * @return {@code true} from {@link #V2026_05_22}
   */
  public boolean hasHashedCvmIds() {
    return atLeast(V2026_05_22);
  }

  /**
   * Tells whether {@code /kms} lists KMS contracts under this version.
   *
   * @return {@code true} from {@link #V2026_06_23}
   */
  public boolean hasKmsContracts() {
    return atLeast(V2026_06_23);
  }

  /**
   * Parses a header value.
   *
   * @param value a date string such as {@code 2026-06-23}
   * @return the version
   * @throws IllegalArgumentException if the value is not a supported version
   */
  public static ApiVersion parse(String value) {
    Objects.requireNonNull(value, "value");
    for (ApiVersion v : values()) {
      if (v.value.equals(value.trim())) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "unsupported X-Phala-Version "
            + value
            + "; supported: 2025-10-28, 2026-01-21, 2026-05-22, 2026-06-23");
  }
}
