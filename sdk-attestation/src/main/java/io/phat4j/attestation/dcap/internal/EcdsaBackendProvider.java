package io.phat4j.attestation.dcap.internal;

import org.jspecify.annotations.Nullable;

/**
 * Finds a native {@link EcdsaBackend} through {@link java.util.ServiceLoader} (the
 * {@code phat4j-attestation-native} artifact registers one). Internal SPI.
 */
public interface EcdsaBackendProvider {
  /**
   * Loads the backend and runs its known-answer self-test.
   *
   * @param libraryPath an explicit native library path, or {@code null} to search the platform's usual names
   * @return a backend that passed its self-test
   * @throws Exception with a message saying why the backend is unavailable
   */
  EcdsaBackend load(@Nullable String libraryPath) throws Exception;
}
