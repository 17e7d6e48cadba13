package io.phat4j.attestation.nativeimpl;

import io.phat4j.attestation.dcap.internal.EcdsaBackend;
import io.phat4j.attestation.dcap.internal.EcdsaBackendProvider;
import org.jspecify.annotations.Nullable;

/**
 * Registers the OpenSSL backend with {@link java.util.ServiceLoader}; the verifier calls it, users
 * never need to. Loading binds libcrypto and runs a known-answer self-test.
 */
public final class OpenSslBackendProvider implements EcdsaBackendProvider {
  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public OpenSslBackendProvider() {}

  /**
   * Loads libcrypto and checks it with known answers.
   *
   * @param libraryPath an explicit libcrypto file, or {@code null} to search the platform's usual names
   * @return the backend
   * @throws IllegalStateException if the library is missing, too old or fails the self-test
   */
  @Override
  public EcdsaBackend load(@Nullable String libraryPath) {
    OpenSslBackend backend = new OpenSslBackend(LibCrypto.load(libraryPath));
    SelfTest.run(backend);
    return backend;
  }
}
