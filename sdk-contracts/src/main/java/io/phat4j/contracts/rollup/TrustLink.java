package io.phat4j.contracts.rollup;

/** One link of the chain of trust from a committed result back to an attested app. */
public enum TrustLink {
  /**
   * The attestor held {@code ATTESTOR_ROLE} on the anchor (and, for a meta-transaction, the
   * EIP-712 signature recovers to it).
   */
  ATTESTOR_ROLE,
  /**
   * The attestor address belongs to an attested app: a verified quote's {@code report_data}
   * commits to it (and to the nonce), or its key's dstack signature chain ends at the KMS root
   * key recorded in {@code DstackKms.kmsInfo()}.
   */
  ATTESTOR_BOUND_TO_APP,
  /** The app's {@code DstackApp} contract allows the app's compose hash. */
  COMPOSE_HASH_ALLOWED,
  /** The hash of the result in the reply payload equals the expected hash. */
  RESULT_HASH
}
