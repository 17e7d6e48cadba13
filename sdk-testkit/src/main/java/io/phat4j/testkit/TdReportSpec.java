package io.phat4j.testkit;

import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A TDX TD report body to put into a quote: TD report 1.0 (584 bytes) or 1.5 (648 bytes), with
 * every field caller-chosen.
 *
 * <p>Layout (offsets within the body): TEE_TCB_SVN 0, MRSEAM 16, MRSIGNERSEAM 64,
 * SEAMATTRIBUTES 112, TDATTRIBUTES 120, XFAM 128, MRTD 136, MRCONFIGID 184, MROWNER 232,
 * MROWNERCONFIG 280, RTMR0–3 328/376/424/472, REPORTDATA 520; 1.5 adds TEE_TCB_SVN_2 584 and
 * MRSERVICETD 600. Immutable and thread-safe.
 */
public final class TdReportSpec {
  /** Size of a TD report 1.0 body. */
  public static final int SIZE_10 = 584;
  /** Size of a TD report 1.5 body. */
  public static final int SIZE_15 = 648;

  /** Offset of MRTD within the body. */
  public static final int MRTD_OFFSET = 136;
  /** Offset of RTMR0 within the body (RTMR i is at {@code RTMR0_OFFSET + 48 * i}). */
  public static final int RTMR0_OFFSET = 328;
  /** Offset of REPORTDATA within the body. */
  public static final int REPORT_DATA_OFFSET = 520;

  private final byte[] bytes;
  private final boolean v15;

  private TdReportSpec(byte[] bytes, boolean v15) {
    this.bytes = bytes;
    this.v15 = v15;
  }

  /**
   * Starts a builder with Intel-like defaults: TEE_TCB_SVN {@code 06 01 03 00…} (module 1.x, ISVSVN 6),
   * zero MRSIGNERSEAM and SEAM attributes, TD attributes with only SEPT_VE_DISABLE set, XFAM
   * {@code e702060000000000}, everything else zero.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns whether this is a TD report 1.5 body.
   *
   * @return true for 1.5, false for 1.0
   */
  public boolean isV15() {
    return v15;
  }

  /**
   * Returns the body bytes.
   *
   * @return a fresh array of {@value #SIZE_10} or {@value #SIZE_15} bytes
   */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /**
   * Returns TEE_TCB_SVN (16 bytes).
   *
   * @return a fresh array
   */
  public byte[] teeTcbSvn() {
    return Arrays.copyOfRange(bytes, 0, 16);
  }

  /**
   * Returns REPORTDATA (64 bytes).
   *
   * @return a fresh array
   */
  public byte[] reportData() {
    return Arrays.copyOfRange(bytes, REPORT_DATA_OFFSET, REPORT_DATA_OFFSET + 64);
  }

  @Override
  public String toString() {
    return "TdReportSpec[" + (v15 ? "1.5" : "1.0") + ", mrtd="
        + Hex.encode(Arrays.copyOfRange(bytes, MRTD_OFFSET, MRTD_OFFSET + 48)) + "]";
  }

  /** Builds a {@link TdReportSpec}; not thread-safe. */
  public static final class Builder {
    private final ByteBuffer body = ByteBuffer.allocate(SIZE_15);
    private boolean v15;

    private Builder() {
      put("teeTcbSvn", 0, Hex.decode("teeTcbSvn", "06010300000000000000000000000000"), 16);
      put("tdAttributes", 120, Hex.decode("tdAttributes", "0000001000000000"), 8);
      put("xfam", 128, Hex.decode("xfam", "e702060000000000"), 8);
    }

    /**
     * Sets TEE_TCB_SVN (byte 0 = TDX module ISVSVN, byte 1 = module major version).
     *
     * @param value 16 bytes
     * @return this builder
     */
    public Builder teeTcbSvn(byte[] value) {
      return put("teeTcbSvn", 0, value, 16);
    }

    /**
     * Sets MRSEAM.
     *
     * @param value 48 bytes
     * @return this builder
     */
    public Builder mrSeam(byte[] value) {
      return put("mrSeam", 16, value, 48);
    }

    /**
     * Sets MRSIGNERSEAM.
     *
     * @param value 48 bytes
     * @return this builder
     */
    public Builder mrSignerSeam(byte[] value) {
      return put("mrSignerSeam", 64, value, 48);
    }

    /**
     * Sets SEAMATTRIBUTES.
     *
     * @param value 8 bytes
     * @return this builder
     */
    public Builder seamAttributes(byte[] value) {
      return put("seamAttributes", 112, value, 8);
    }

    /**
     * Sets TDATTRIBUTES (byte 0 bit 0 = DEBUG; byte 3 bit 4 = SEPT_VE_DISABLE).
     *
     * @param value 8 bytes
     * @return this builder
     */
    public Builder tdAttributes(byte[] value) {
      return put("tdAttributes", 120, value, 8);
    }

    /**
     * Sets XFAM.
     *
     * @param value 8 bytes
     * @return this builder
     */
    public Builder xfam(byte[] value) {
      return put("xfam", 128, value, 8);
    }

    /**
     * Sets MRTD.
     *
     * @param value 48 bytes
     * @return this builder
     */
    public Builder mrTd(byte[] value) {
      return put("mrTd", MRTD_OFFSET, value, 48);
    }

    /**
     * Sets MRCONFIGID.
     *
     * @param value 48 bytes
     * @return this builder
     */
    public Builder mrConfigId(byte[] value) {
      return put("mrConfigId", 184, value, 48);
    }

    /**
     * Sets MROWNER.
     *
     * @param value 48 bytes
     * @return this builder
     */
    public Builder mrOwner(byte[] value) {
      return put("mrOwner", 232, value, 48);
    }

    /**
     * Sets MROWNERCONFIG.
     *
     * @param value 48 bytes
     * @return this builder
     */
    public Builder mrOwnerConfig(byte[] value) {
      return put("mrOwnerConfig", 280, value, 48);
    }

    /**
     * Sets one runtime measurement register.
     *
     * @param index 0 to 3
     * @param value 48 bytes
     * @return this builder
     */
    public Builder rtmr(int index, byte[] value) {
      if (index < 0 || index > 3) {
        throw new DecodeException("rtmr", "index must be 0..3, got " + index);
      }
      return put("rtmr" + index, RTMR0_OFFSET + 48 * index, value, 48);
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
     * Makes this a TD report 1.5 body (648 bytes, for quote v5 body type 3).
     *
     * @param v15 whether to build 1.5
     * @return this builder
     */
    public Builder v15(boolean v15) {
      this.v15 = v15;
      return this;
    }

    /**
     * Sets TEE_TCB_SVN_2 (TD report 1.5 only).
     *
     * @param value 16 bytes
     * @return this builder
     */
    public Builder teeTcbSvn2(byte[] value) {
      return put("teeTcbSvn2", 584, value, 16);
    }

    /**
     * Sets MRSERVICETD (TD report 1.5 only).
     *
     * @param value 48 bytes
     * @return this builder
     */
    public Builder mrServiceTd(byte[] value) {
      return put("mrServiceTd", 600, value, 48);
    }

    /**
     * Builds the body.
     *
     * @return the immutable report
     */
    public TdReportSpec build() {
      return new TdReportSpec(Arrays.copyOf(body.array(), v15 ? SIZE_15 : SIZE_10), v15);
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
