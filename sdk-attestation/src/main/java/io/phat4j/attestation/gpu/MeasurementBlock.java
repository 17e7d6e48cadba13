package io.phat4j.attestation.gpu;

import io.phat4j.core.Hex;

/**
 * One SPDM measurement block (DMTF measurement specification) from a GET_MEASUREMENTS response.
 *
 * @param index the block index as sent (1-based; RIM golden index {@code i} is block {@code i+1})
 * @param valueType the DMTF measurement value type
 * @param value the measurement value (a SHA-384 digest on Hopper); {@link #value()} returns a copy
 */
public record MeasurementBlock(int index, int valueType, byte[] value) {
  /** Copies the value so the record stays immutable. */
  public MeasurementBlock {
    value = value.clone();
  }

  /**
   * Returns a copy of the measurement value.
   *
   * @return the value bytes
   */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /** Returns the index, type and hex value. */
  @Override
  public String toString() {
    return "MeasurementBlock[index=" + index + ", type=" + valueType + ", value=" + Hex.encode(value) + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MeasurementBlock m
        && m.index == index
        && m.valueType == valueType
        && java.util.Arrays.equals(m.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * index + valueType) + java.util.Arrays.hashCode(value);
  }
}
