package io.phat4j.ai;

import io.phat4j.core.Bytes32;

/**
 * An attestation report fetched for a nonce the client chose.
 *
 * @param nonce the nonce sent (verify with this one, never the report's own)
 * @param raw the exact response body
 * @param report the parsed report
 */
public record FetchedReport(Bytes32 nonce, byte[] raw, AttestationReport report) {
  /** Copies the body. */
  public FetchedReport {
    raw = raw.clone();
  }

  /**
   * Returns the response body.
   *
   * @return a copy
   */
  @Override
  public byte[] raw() {
    return raw.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FetchedReport f && nonce.equals(f.nonce) && java.util.Arrays.equals(raw, f.raw);
  }

  @Override
  public int hashCode() {
    return nonce.hashCode() * 31 + java.util.Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "FetchedReport[nonce " + nonce.hex() + ", " + report + "]";
  }
}
