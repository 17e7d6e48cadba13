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

  /**
   * Returns the body Intel's PCS (and a PCCS) serves for this document, e.g.
   * {@code {"tcbInfo":{…},"signature":"…"}}: the signed text is embedded verbatim, so a client
   * that extracts the inner object's text gets exactly the signed bytes.
   *
   * @param field the wrapper field name: {@code "tcbInfo"} or {@code "enclaveIdentity"}
   * @return the response body text
   */
  public String toPcsResponseBody(String field) {
    if (!field.matches("[A-Za-z]+")) {
      throw new IllegalArgumentException("field must be a plain JSON name, got: " + field);
    }
    // Concatenation on purpose: re-serialising the inner object could change the signed bytes.
    return "{\"" + field + "\":" + json + ",\"signature\":\"" + signatureHex + "\"}";
  }
}
