package io.phat4j.attestation.dcap;

import io.phat4j.attestation.dcap.internal.Le;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;

/**
 * An SGX enclave report (384 bytes): the body of an SGX quote and the layout of the QE report.
 *
 * <p>Immutable view over the quote's bytes; accessors return copies.
 */
public final class SgxReport implements ReportBody {
  /** The size of an SGX report in bytes. */
  public static final int SIZE = 384;

  private final byte[] buf;
  private final int off;

  SgxReport(byte[] buf, int off) {
    this.buf = buf;
    this.off = off;
  }

  /**
   * Wraps a copy of a 384-byte SGX report.
   *
   * @param report the report bytes
   * @return the typed report
   * @throws QuoteFormatException if the length is not 384
   */
  public static SgxReport of(byte[] report) {
    if (report.length != SIZE) {
      throw new QuoteFormatException("sgx_report", 0, "must be " + SIZE + " bytes, got " + report.length);
    }
    return new SgxReport(report.clone(), 0);
  }

  @Override
  public BodyType type() {
    return BodyType.SGX_ENCLAVE;
  }

  /**
   * Returns CPUSVN (16 bytes).
   *
   * @return a copy
   */
  public byte[] cpuSvn() {
    return Le.slice(buf, off, 16);
  }

  /**
   * Returns MISCSELECT.
   *
   * @return the unsigned 32-bit value
   */
  public long miscSelect() {
    return Le.u32(buf, off + 16);
  }

  /**
   * Returns ISVEXTPRODID (16 bytes).
   *
   * @return a copy
   */
  public byte[] isvExtProdId() {
    return Le.slice(buf, off + 32, 16);
  }

  /**
   * Returns ATTRIBUTES (16 bytes; byte 0 bit 1 is DEBUG).
   *
   * @return a copy
   */
  public byte[] attributes() {
    return Le.slice(buf, off + 48, 16);
  }

  /**
   * Returns MRENCLAVE, the measurement of the enclave's code and data.
   *
   * @return the 32-byte value
   */
  public Bytes32 mrEnclave() {
    return Bytes32.of(Le.slice(buf, off + 64, 32));
  }

  /**
   * Returns MRSIGNER, the hash of the enclave signer's public key.
   *
   * @return the 32-byte value
   */
  public Bytes32 mrSigner() {
    return Bytes32.of(Le.slice(buf, off + 128, 32));
  }

  /**
   * Returns CONFIGID (64 bytes).
   *
   * @return a copy
   */
  public byte[] configId() {
    return Le.slice(buf, off + 192, 64);
  }

  /**
   * Returns ISVPRODID.
   *
   * @return the unsigned 16-bit value
   */
  public int isvProdId() {
    return Le.u16(buf, off + 256);
  }

  /**
   * Returns ISVSVN.
   *
   * @return the unsigned 16-bit value
   */
  public int isvSvn() {
    return Le.u16(buf, off + 258);
  }

  /**
   * Returns CONFIGSVN.
   *
   * @return the unsigned 16-bit value
   */
  public int configSvn() {
    return Le.u16(buf, off + 260);
  }

  /**
   * Returns ISVFAMILYID (16 bytes).
   *
   * @return a copy
   */
  public byte[] isvFamilyId() {
    return Le.slice(buf, off + 304, 16);
  }

  @Override
  public byte[] reportData() {
    return Le.slice(buf, off + 320, 64);
  }

  @Override
  public boolean debug() {
    return (buf[off + 48] & 0x02) != 0;
  }

  @Override
  public byte[] toByteArray() {
    return Le.slice(buf, off, SIZE);
  }

  int offset() {
    return off;
  }

  byte[] buffer() {
    return buf;
  }

  @Override
  public String toString() {
    return "SgxReport[mrEnclave=" + mrEnclave() + ", mrSigner=" + mrSigner() + ", isvProdId=" + isvProdId()
        + ", isvSvn=" + isvSvn() + ", reportData=" + Hex.encode(reportData()) + "]";
  }
}
