package io.phat4j.core.dstack.guest;

import io.phat4j.core.SecretString;
import java.util.List;
import java.util.Objects;

/**
 * A fresh TLS key and its certificate chain, from {@code GetTlsKey} (v0) or {@code IssueCert}
 * (v1). The key is random on every call, not derived.
 *
 * @param privateKeyPem the PKCS#8 PEM private key, redacted in {@code toString()}
 * @param certificateChain the PEM certificates, leaf first
 */
public record TlsKey(SecretString privateKeyPem, List<String> certificateChain) {
  /**
   * Checks and copies the components.
   *
   * @param privateKeyPem the key
   * @param certificateChain the chain
   */
  public TlsKey {
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    certificateChain = List.copyOf(certificateChain);
  }
}
