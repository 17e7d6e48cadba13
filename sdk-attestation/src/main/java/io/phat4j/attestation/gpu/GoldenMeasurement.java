package io.phat4j.attestation.gpu;

import io.phat4j.core.Hex;
import java.util.ArrayList;
import java.util.List;

/**
 * One golden measurement from a RIM ({@code Payload/Resource[@type="Measurement"]}).
 *
 * @param index the golden index (report block {@code index + 1})
 * @param active whether the measurement is compared at all
 * @param size the expected measurement length in bytes
 * @param alternatives the accepted values; {@link #alternatives()} returns copies
 */
public record GoldenMeasurement(int index, boolean active, int size, List<byte[]> alternatives) {
  /** Copies the alternatives so the record stays immutable. */
  public GoldenMeasurement {
    List<byte[]> copy = new ArrayList<>(alternatives.size());
    for (byte[] a : alternatives) {
      copy.add(a.clone());
    }
    alternatives = List.copyOf(copy);
  }

  /**
   * Returns copies of the accepted values.
   *
   * @return the alternatives
   */
  @Override
  public List<byte[]> alternatives() {
    List<byte[]> copy = new ArrayList<>(alternatives.size());
    for (byte[] a : alternatives) {
      copy.add(a.clone());
    }
    return copy;
  }

  /**
   * Tells whether a runtime value has the expected length and equals one of the alternatives.
   *
   * @param runtime the measured value from the report
   * @return true when it matches
   */
  public boolean matches(byte[] runtime) {
    if (runtime.length != size) {
      return false;
    }
    boolean any = false;
    for (byte[] a : alternatives) {
      any |= java.security.MessageDigest.isEqual(a, runtime);
    }
    return any;
  }

  /** Returns the index, flags and hex alternatives. */
  @Override
  public String toString() {
    List<String> hex = alternatives.stream().map(Hex::encode).toList();
    return "GoldenMeasurement[index=" + index + ", active=" + active + ", size=" + size
        + ", alternatives=" + hex + "]";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof GoldenMeasurement g) || g.index != index || g.active != active
        || g.size != size || g.alternatives.size() != alternatives.size()) {
      return false;
    }
    for (int i = 0; i < alternatives.size(); i++) {
      if (!java.util.Arrays.equals(g.alternatives.get(i), alternatives.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(index, active, size, alternatives.size());
  }
}
