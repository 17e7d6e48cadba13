package io.phat4j.attestation.dcap;

import io.phat4j.attestation.dcap.internal.Le;
import io.phat4j.core.Hex;

/**
 * The 48-byte quote header: version, attestation key type, TEE type, QE vendor ID and user data.
 *
 * <p>Immutable view over the quote's bytes; accessors return copies.
 */
public final class QuoteHeader {
  /** The size of the header in bytes. */
  public static final int SIZE = 48;

  private final byte[] buf;
  private final TeeType teeType;

  QuoteHeader(byte[] buf, TeeType teeType) {
    this.buf = buf;
    this.teeType = teeType;
  }

  /**
   * Returns the quote format version (3, 4 or 5).
   *
   * @return the version
   */
  public int version() {
    return Le.u16(buf, 0);
  }

  /**
   * Returns the attestation key type (2 = ECDSA P-256, the only one verifiable).
   *
   * @return the key type code
   */
  public int attestationKeyType() {
    return Le.u16(buf, 2);
  }

  /**
   * Returns the TEE that produced the quote.
   *
   * @return SGX or TDX
   */
  public TeeType teeType() {
    return teeType;
  }

  /**
   * Returns the QE SVN field (reserved in v3).
   *
   * @return the unsigned 16-bit value
   */
  public int qeSvn() {
    return Le.u16(buf, 8);
  }

  /**
   * Returns the PCE SVN field (reserved in v3).
   *
   * @return the unsigned 16-bit value
   */
  public int pceSvn() {
    return Le.u16(buf, 10);
  }

  /**
   * Returns the QE vendor ID (16 bytes; Intel's QE is {@code 939a7233f79c4ca9940a0db3957f0607}).
   *
   * @return a copy
   */
  public byte[] qeVendorId() {
    return Le.slice(buf, 12, 16);
  }

  /**
   * Returns the 20 bytes of user data (the first 16 are the QE ID).
   *
   * @return a copy
   */
  public byte[] userData() {
    return Le.slice(buf, 28, 20);
  }

  @Override
  public String toString() {
    return "QuoteHeader[version=" + version() + ", attestationKeyType=" + attestationKeyType() + ", teeType="
        + teeType + ", qeVendorId=" + Hex.encode(qeVendorId()) + "]";
  }
}
