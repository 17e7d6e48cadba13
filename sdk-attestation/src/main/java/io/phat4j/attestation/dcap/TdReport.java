package io.phat4j.attestation.dcap;

import io.phat4j.attestation.dcap.internal.Le;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A TDX TD report, version 1.0 (584 bytes) or 1.5 (648 bytes).
 *
 * <p>Immutable view over the quote's bytes; accessors return copies. The 1.5-only fields
 * ({@link #teeTcbSvn2()}, {@link #mrServiceTd()}) are {@code null} for a 1.0 report.
 */
public final class TdReport implements ReportBody {
  private final byte[] buf;
  private final int off;
  private final BodyType type;

  TdReport(byte[] buf, int off, BodyType type) {
    this.buf = buf;
    this.off = off;
    this.type = type;
  }

  @Override
  public BodyType type() {
    return type;
  }

  /**
   * Returns TEE_TCB_SVN (16 bytes; byte 0 is the TDX module SVN, byte 1 its major version).
   *
   * @return a copy
   */
  public byte[] teeTcbSvn() {
    return Le.slice(buf, off, 16);
  }

  /**
   * Returns MRSEAM, the measurement of the TDX module.
   *
   * @return the measurement
   */
  public Measurement mrSeam() {
    return m(16);
  }

  /**
   * Returns MRSIGNERSEAM, the measurement of the TDX module's signer.
   *
   * @return the measurement
   */
  public Measurement mrSignerSeam() {
    return m(64);
  }

  /**
   * Returns SEAMATTRIBUTES (8 bytes).
   *
   * @return a copy
   */
  public byte[] seamAttributes() {
    return Le.slice(buf, off + 112, 8);
  }

  /**
   * Returns TDATTRIBUTES (8 bytes; byte 0 bit 0 is DEBUG, byte 3 bit 4 is SEPT_VE_DISABLE).
   *
   * @return a copy
   */
  public byte[] tdAttributes() {
    return Le.slice(buf, off + 120, 8);
  }

  /**
   * Returns XFAM (8 bytes).
   *
   * @return a copy
   */
  public byte[] xfam() {
    return Le.slice(buf, off + 128, 8);
  }

  /**
   * Returns MRTD, the measurement of the TD's initial contents.
   *
   * @return the measurement
   */
  public Measurement mrTd() {
    return m(136);
  }

  /**
   * Returns MRCONFIGID.
   *
   * @return the 48-byte value
   */
  public Measurement mrConfigId() {
    return m(184);
  }

  /**
   * Returns MROWNER.
   *
   * @return the 48-byte value
   */
  public Measurement mrOwner() {
    return m(232);
  }

  /**
   * Returns MROWNERCONFIG.
   *
   * @return the 48-byte value
   */
  public Measurement mrOwnerConfig() {
    return m(280);
  }

  /**
   * Returns a runtime measurement register.
   *
   * @param index 0 to 3
   * @return RTMR[index]
   * @throws IllegalArgumentException if the index is not 0–3
   */
  public Measurement rtmr(int index) {
    if (index < 0 || index > 3) {
      throw new IllegalArgumentException("RTMR index must be 0-3, got " + index);
    }
    return m(328 + 48 * index);
  }

  /**
   * Returns RTMR0 to RTMR3 in order.
   *
   * @return the four registers
   */
  public List<Measurement> rtmrs() {
    return List.of(rtmr(0), rtmr(1), rtmr(2), rtmr(3));
  }

  @Override
  public byte[] reportData() {
    return Le.slice(buf, off + 520, 64);
  }

  /**
   * Returns TEE_TCB_SVN_2 (TD report 1.5 only).
   *
   * @return a copy, or {@code null} for a 1.0 report
   */
  public byte @Nullable [] teeTcbSvn2() {
    return type == BodyType.TD_REPORT_15 ? Le.slice(buf, off + 584, 16) : null;
  }

  /**
   * Returns MRSERVICETD (TD report 1.5 only).
   *
   * @return the measurement, or {@code null} for a 1.0 report
   */
  public @Nullable Measurement mrServiceTd() {
    return type == BodyType.TD_REPORT_15 ? m(600) : null;
  }

  @Override
  public boolean debug() {
    return (buf[off + 120] & 0x01) != 0;
  }

  @Override
  public byte[] toByteArray() {
    return Le.slice(buf, off, type.size());
  }

  /** Tells whether MRSERVICETD is absent (TD 1.0) or all zero, without copying it. */
  boolean mrServiceTdIsZero() {
    return type != BodyType.TD_REPORT_15 || Le.allZero(buf, off + 600, 48);
  }

  private Measurement m(int rel) {
    return Measurement.of(Le.slice(buf, off + rel, 48));
  }

  @Override
  public String toString() {
    return "TdReport[type=" + type + ", mrTd=" + mrTd() + ", teeTcbSvn=" + Hex.encode(teeTcbSvn())
        + ", reportData=" + Hex.encode(reportData()) + "]";
  }
}
