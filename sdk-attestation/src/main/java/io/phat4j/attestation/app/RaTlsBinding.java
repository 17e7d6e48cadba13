package io.phat4j.attestation.app;

import java.util.Objects;

/**
 * What an RA-TLS certificate says about the key it certifies, reported next to the app's links.
 *
 * @param reportDataBound whether the quote's report data binds the certificate's public key, as
 *     dstack does for the certificate's attestation version
 * @param attestationWireFormat {@code "v0-scale"} or {@code "v1-msgpack"}
 * @param publicKeyDerHex the certificate's SubjectPublicKeyInfo, DER, as lowercase hex
 */
public record RaTlsBinding(boolean reportDataBound, String attestationWireFormat, String publicKeyDerHex) {
  /** Checks the components. */
  public RaTlsBinding {
    Objects.requireNonNull(attestationWireFormat, "attestationWireFormat");
    Objects.requireNonNull(publicKeyDerHex, "publicKeyDerHex");
  }
}
