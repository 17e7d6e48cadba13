package io.phat4j.testkit;

import java.util.Objects;

/**
 * A JSON document and its signature, as they appear in collateral: the exact signed text (UTF-8)
 * and the raw ECDSA P-256 r ‖ s signature over it, as 128 lowercase hex digits.
 *
 * @param json the exact text that was signed
 * @param signatureHex the signature, lowercase hex of the 64-byte r ‖ s
 */
public record SignedJson(String json, String signatureHex) {
  /** Rejects nulls. */
  public SignedJson {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(signatureHex, "signatureHex");
  }
}
