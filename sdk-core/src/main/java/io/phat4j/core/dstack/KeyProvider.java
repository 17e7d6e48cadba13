package io.phat4j.core.dstack;

import java.util.Objects;

/**
 * The key provider a CVM booted with, from the {@code key-provider} runtime event.
 *
 * @param name the kind: {@code "kms"}, {@code "local-sgx"}, {@code "tpm"} or {@code "none"}
 * @param id the provider's id as stated (hex text; for a KMS its root public key or id)
 */
public record KeyProvider(String name, String id) {
  /**
   * Checks the components.
   *
   * @param name the kind
   * @param id the id
   */
  public KeyProvider {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
  }
}
