package io.phat4j.testkit;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An SGX enclave report body (384 bytes): the body of an SGX quote and the layout of the QE report.
 *
 * <p>Layout: CPUSVN 0, MISCSELECT 16 (u32 LE), ATTRIBUTES 48 (byte 0 bit 1 = DEBUG), MRENCLAVE 64,
 * MRSIGNER 128, ISVPRODID 256 (u16 LE), ISVSVN 258 (u16 LE), REPORTDATA 320; the rest is zero.
 * Immutable and thread-safe.
 */
public final class SgxReportSpec {
  /** Size of the body. */
  public static final int SIZE = 384;
  /** Offset of REPORTDATA. */
  public static final int REPORT_DATA_OFFSET = 320;

  private final byte[] bytes;

  private SgxReportSpec(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Starts a builder with all fields zero except ATTRIBUTES {@code 0500…} (INIT, MODE64BIT; not
   * debug).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder shaped like Intel's TDX quoting enclave report (TD_QE MRSIGNER, ISVPRODID 2,
   * ISVSVN 4, attributes {@code 15…e7…}); REPORTDATA is filled in by the quote builder.
   *
   * @return a builder
   */
  public static Builder tdQe() {
    return new Builder()
        .attributes(Hex.decode("attributes", "1500000000000000e700000000000000"))
        .mrSigner(Hex.decode("mrsigner", QeIdentitySpec.TD_QE_MRSIGNER))
        .isvProdId(2)
        .isvSvn(4);
  }

  /**
   * Starts a builder shaped like Intel's SGX ECDSA quoting enclave report (QE MRSIGNER, ISVPRODID 1,
   * ISVSVN 8, attributes {@code 15…e7…}).
   *
   * @return a builder
   */
  public static Builder sgxQe() {
    return new Builder()
        .attributes(Hex.decode("attributes", "1500000000000000e700000000000000"))
        .mrSigner(Hex.decode("mrsigner", QeIdentitySpec.SGX_QE_MRSIGNER))
        .isvProdId(1)
        .isvSvn(8);
  }

  /**
   * Returns a builder preset with this body.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.body.put(0, bytes);
    return b;
  }

  /**
   * Returns the body bytes.
   *
   * @return a fresh 384-byte array
   */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /**
   * Returns ISVSVN.
   *
   * @return the SVN
   */
  public int isvSvn() {
    return (bytes[258] & 0xff) | (bytes[259] & 0xff) << 8;
  }

  @Override
  public String toString() {
    return "SgxReportSpec[mrenclave=" + Hex.encode(Arrays.copyOfRange(bytes, 64, 96)) + ", isvsvn=" + isvSvn() + "]";
  }

  /** Builds an {@link SgxReportSpec}; not thread-safe. */
  public static final class Builder {
    private final ByteBuffer body = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);

    private Builder() {
      body.put(48, (byte) 0x05);
    }

    /**
     * Sets CPUSVN.
     *
     * @param value 16 bytes
     * @return this builder
     */
    public Builder cpuSvn(byte[] value) {
      return put("cpuSvn", 0, value, 16);
    }

    /**
     * Sets MISCSELECT.
     *
     * @param value the 32-bit value (written little-endian)
     * @return this builder
     */
    public Builder miscSelect(int value) {
      body.putInt(16, value);
      return this;
    }

    /**
     * Sets ATTRIBUTES.
     *
     * @param value 16 bytes
     * @return this builder
     */
    public Builder attributes(byte[] value) {
      return put("attributes", 48, value, 16);
    }

    /**
     * Sets or clears the DEBUG bit (ATTRIBUTES byte 0, bit 1).
     *
     * @param debug whether the enclave is a debug enclave
     * @return this builder
     */
    public Builder debug(boolean debug) {
      byte b = body.get(48);
      body.put(48, (byte) (debug ? b | 0x02 : b & ~0x02));
      return this;
    }

    /**
     * Sets MRENCLAVE.
     *
     * @param value 32 bytes
     * @return this builder
     */
    public Builder mrEnclave(byte[] value) {
      return put("mrEnclave", 64, value, 32);
    }

    /**
     * Sets MRSIGNER.
     *
     * @param value 32 bytes
     * @return this builder
     */
    public Builder mrSigner(byte[] value) {
      return put("mrSigner", 128, value, 32);
    }

    /**
     * Sets ISVPRODID.
     *
     * @param value 0–65535
     * @return this builder
     */
    public Builder isvProdId(int value) {
      body.putShort(256, (short) value);
      return this;
    }

    /**
     * Sets ISVSVN.
     *
     * @param value 0–65535
     * @return this builder
     */
    public Builder isvSvn(int value) {
      body.putShort(258, (short) value);
      return this;
    }

    /**
     * Sets REPORTDATA.
     *
     * @param value 64 bytes
     * @return this builder
     */
    public Builder reportData(byte[] value) {
      return put("reportData", REPORT_DATA_OFFSET, value, 64);
    }

    /**
     * Builds the body.
     *
     * @return the immutable body
     */
    public SgxReportSpec build() {
      return new SgxReportSpec(body.array().clone());
    }

    private Builder put(String field, int offset, byte[] value, int length) {
      if (value.length != length) {
        throw new DecodeException(field, "must be " + length + " bytes, got " + value.length);
      }
      body.put(offset, value);
      return this;
    }
  }
}
