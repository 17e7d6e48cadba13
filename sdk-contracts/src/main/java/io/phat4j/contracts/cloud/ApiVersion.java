package io.phat4j.contracts.cloud;

import java.util.Objects;

/**
 * The Phala Cloud API versions this client can ask for with the {@code X-Phala-Version} header.
 *
 * <p>The response shape of {@code /auth/me}, {@code /cvms/{id}}, {@code /cvms/paginated}, {@code
 * /apps} and {@code /apps/{id}} depends on the version; the typed records here follow {@link
 * #V2026_01_21}, the default.
 */
public enum ApiVersion {
  /** The older schema, {@code 2025-10-28}. */
  V2025_10_28("2025-10-28"),
  /** The current schema and the default, {@code 2026-01-21}. */
  V2026_01_21("2026-01-21");

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
   * Parses a header value.
   *
   * @param value a date string such as {@code 2026-01-21}
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
        "unsupported X-Phala-Version " + value + "; supported: 2025-10-28, 2026-01-21");
  }
}
