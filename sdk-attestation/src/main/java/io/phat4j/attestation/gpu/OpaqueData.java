package io.phat4j.attestation.gpu;

import io.phat4j.core.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The opaque-data TLVs NVIDIA appends to a GET_MEASUREMENTS response (driver and VBIOS versions,
 * FWID, SKU fields, …), keyed by their numeric type.
 */
public final class OpaqueData {
  /** TLV type of the driver version (ASCII, NUL-terminated). */
  public static final int DRIVER_VERSION = 3;
  /** TLV type of the VBIOS version (8 bytes). */
  public static final int VBIOS_VERSION = 6;
  /** TLV type of the NVDEC0 status ({@code 0xAA} enabled, {@code 0x55} disabled). */
  public static final int NVDEC0_STATUS = 11;
  /** TLV type of the chip SKU. */
  public static final int CHIP_SKU = 15;
  /** TLV type of the project. */
  public static final int PROJECT = 17;
  /** TLV type of the project SKU. */
  public static final int PROJECT_SKU = 18;
  /** TLV type of the firmware id (48 bytes on Hopper), bound to the leaf certificate. */
  public static final int FWID = 20;
  /** TLV type of the chip name (NUL-terminated; names the Blackwell driver RIM). */
  public static final int CHIP_INFO = 35;
  /** NVDEC0 status value meaning the decoder is disabled (its measurement is then skipped). */
  public static final int NVDEC0_DISABLED = 0x55;

  private final Map<Integer, byte[]> fields;

  OpaqueData(Map<Integer, byte[]> fields) {
    LinkedHashMap<Integer, byte[]> copy = new LinkedHashMap<>();
    fields.forEach((k, v) -> copy.put(k, v.clone()));
    this.fields = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns a copy of one TLV's value.
   *
   * @param type the TLV type
   * @return the value, or empty when the report has no such TLV
   */
  public Optional<byte[]> field(int type) {
    byte[] v = fields.get(type);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  /**
   * Returns the TLV types present, in report order.
   *
   * @return the types
   */
  public java.util.Set<Integer> types() {
    return fields.keySet();
  }

  /**
   * Returns the driver version as the report states it (e.g. {@code 550.90.07}).
   *
   * @return the version, or empty when absent
   */
  public Optional<String> driverVersion() {
    return text(DRIVER_VERSION);
  }

  /**
   * Returns the VBIOS version, dotted and lowercase (e.g. {@code 96.00.9f.00.01}).
   *
   * <p>NVIDIA reads the 8 bytes as a little-endian u64, writes 16 hex digits {@code h} and uses
   * {@code h[8:16] + h[6:8]} in pairs.
   *
   * @return the version, or empty when absent or not 8 bytes long
   */
  public Optional<String> vbiosVersion() {
    byte[] raw = fields.get(VBIOS_VERSION);
    if (raw == null || raw.length != 8) {
      return Optional.empty();
    }
    byte[] be = new byte[8];
    for (int i = 0; i < 8; i++) {
      be[i] = raw[7 - i];
    }
    String h = Hex.encode(be);
    String digits = h.substring(8, 16) + h.substring(6, 8);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < digits.length(); i += 2) {
      if (i > 0) {
        out.append('.');
      }
      out.append(digits, i, i + 2);
    }
    return Optional.of(out.toString());
  }

  /**
   * Returns the firmware id, which must match the leaf certificate's FWID extension.
   *
   * @return a copy of the FWID, or empty when absent
   */
  public Optional<byte[]> fwid() {
    return field(FWID);
  }

  /**
   * Returns the NVDEC0 status byte.
   *
   * @return the status, or empty when absent
   */
  public Optional<Integer> nvdec0Status() {
    byte[] v = fields.get(NVDEC0_STATUS);
    return v == null || v.length == 0 ? Optional.empty() : Optional.of(v[0] & 0xff);
  }

  /**
   * Returns a TLV as ASCII text up to its first NUL byte.
   *
   * @param type the TLV type (e.g. {@link #PROJECT})
   * @return the text, or empty when absent
   */
  public Optional<String> text(int type) {
    byte[] v = fields.get(type);
    if (v == null) {
      return Optional.empty();
    }
    int end = 0;
    while (end < v.length && v[end] != 0) {
      end++;
    }
    return Optional.of(new String(v, 0, end, StandardCharsets.US_ASCII));
  }

  /** Returns the TLV types and sizes (values are public but long). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("OpaqueData[");
    fields.forEach((k, v) -> sb.append(k).append(':').append(v.length).append("B "));
    return sb.append(']').toString();
  }
}
