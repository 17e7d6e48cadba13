package io.phat4j.attestation.dcap;

import java.util.Objects;

/**
 * Which root a verified quote's PCK chain ends in: the pinned Intel SGX Root CA, or another root
 * the caller named (a test PKI, the phat4j devnet). Every {@link VerifiedQuote} carries it, so a
 * report can never hide that a quote was accepted under a non-Intel root.
 *
 * @param subject the root certificate's subject
 * @param sha256 the SHA-256 fingerprint of its DER, lowercase hex
 * @param intelRoot whether it is the Intel SGX Root CA ({@link QuoteVerifier#INTEL_ROOT_CA_SHA256})
 */
public record TrustAnchorInfo(String subject, String sha256, boolean intelRoot) {
  /**
   * Checks the components.
   *
   * @param subject the subject
   * @param sha256 the fingerprint
   * @param intelRoot whether it is Intel's root
   */
  public TrustAnchorInfo {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(sha256, "sha256");
  }

  /**
   * Describes the anchor in one line; a non-Intel anchor is spelled out in capitals.
   *
   * @return e.g. {@code Intel SGX Root CA (sha256 44a0…)} or
   *     {@code NOT THE INTEL ROOT: CN=phat4j Devnet SGX Root CA,… (sha256 …)}
   */
  public String describe() {
    return intelRoot
        ? "Intel SGX Root CA (sha256 " + sha256 + ")"
        : "NOT THE INTEL ROOT: " + subject + " (sha256 " + sha256
            + "); only quotes made for development or tests chain to it";
  }
}
