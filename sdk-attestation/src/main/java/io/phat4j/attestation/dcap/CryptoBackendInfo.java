package io.phat4j.attestation.dcap;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which crypto backend a verifier uses, and why.
 *
 * @param requested the backend asked for
 * @param active a description of the backend in use (e.g. {@code "native (OpenSSL 3.0.19 ...)"})
 * @param nativeActive whether the native backend is in use
 * @param fallbackReason why {@link CryptoBackend#AUTO} fell back to pure Java, or {@code null}
 */
public record CryptoBackendInfo(
    CryptoBackend requested, String active, boolean nativeActive, @Nullable String fallbackReason) {

  /** Rejects missing fields. */
  public CryptoBackendInfo {
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(active, "active");
  }
}
