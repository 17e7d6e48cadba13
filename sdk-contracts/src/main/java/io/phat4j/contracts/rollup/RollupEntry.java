package io.phat4j.contracts.rollup;

import io.phat4j.core.Hex;
import java.util.Arrays;

/**
 * A key and a value of the anchor's store: a condition (expected uint32 word) or an update.
 *
 * @param key the raw store key (a copy is kept and returned)
 * @param value the raw value (a copy is kept and returned)
 */
public record RollupEntry(byte[] key, byte[] value) {

  /** Copies both arrays. */
  public RollupEntry {
    key = key.clone();
    value = value.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RollupEntry e && Arrays.equals(e.key, key) && Arrays.equals(e.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "RollupEntry[key=" + Hex.encode0x(key) + ", value=" + Hex.encode0x(value) + "]";
  }
}
