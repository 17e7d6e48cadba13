package io.phat4j.attestation.gpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The comparison of a report's measurements with the active golden measurements of a driver RIM
 * and a VBIOS RIM, following NVIDIA's rules: the golden set is the union of both RIMs' active
 * entries, an index active in both is a conflict, index 35 is skipped when NVDEC0 is disabled, and
 * golden index {@code i} is compared with report block {@code i + 1}.
 *
 * @param comparedIndexes golden indexes compared, ascending
 * @param mismatchedIndexes golden indexes whose runtime value (or length) matched no alternative
 * @param missingIndexes golden indexes with no runtime measurement in the report
 * @param conflictingIndexes indexes active in both RIMs
 */
public record MeasurementComparison(
    List<Integer> comparedIndexes,
    List<Integer> mismatchedIndexes,
    List<Integer> missingIndexes,
    List<Integer> conflictingIndexes) {
  /** Index NVIDIA skips when NVDEC0 is disabled. */
  public static final int NVDEC0_INDEX = 35;

  /** Copies the lists. */
  public MeasurementComparison {
    comparedIndexes = List.copyOf(comparedIndexes);
    mismatchedIndexes = List.copyOf(mismatchedIndexes);
    missingIndexes = List.copyOf(missingIndexes);
    conflictingIndexes = List.copyOf(conflictingIndexes);
  }

  /**
   * Compares a report with its two RIMs.
   *
   * @param report the parsed report
   * @param driverRim the driver RIM
   * @param vbiosRim the VBIOS RIM
   * @return the comparison
   */
  public static MeasurementComparison compare(
      SpdmMeasurementReport report, ReferenceIntegrityManifest driverRim, ReferenceIntegrityManifest vbiosRim) {
    Map<Integer, GoldenMeasurement> golden = new HashMap<>();
    TreeSet<Integer> conflicts = new TreeSet<>();
    for (ReferenceIntegrityManifest rim : List.of(driverRim, vbiosRim)) {
      for (GoldenMeasurement g : rim.measurements()) {
        if (g.active() && golden.putIfAbsent(g.index(), g) != null) {
          conflicts.add(g.index());
        }
      }
    }
    boolean nvdecDisabled = report.opaqueData().nvdec0Status()
        .map(s -> s == OpaqueData.NVDEC0_DISABLED).orElse(false);
    Map<Integer, byte[]> runtime = new HashMap<>();
    for (MeasurementBlock b : report.measurements()) {
      runtime.putIfAbsent(b.index() - 1, b.value());
    }
    List<Integer> compared = new ArrayList<>();
    List<Integer> mismatched = new ArrayList<>();
    List<Integer> missing = new ArrayList<>();
    for (int index : new TreeSet<>(golden.keySet())) {
      if (index == NVDEC0_INDEX && nvdecDisabled) {
        continue;
      }
      byte[] value = runtime.get(index);
      if (value == null) {
        missing.add(index);
        continue;
      }
      compared.add(index);
      if (!golden.get(index).matches(value)) {
        mismatched.add(index);
      }
    }
    return new MeasurementComparison(compared, mismatched, missing, List.copyOf(conflicts));
  }

  /**
   * Tells whether every golden measurement matched, with no conflict and nothing missing.
   *
   * @return true on success ({@code measres == "success"})
   */
  public boolean matches() {
    return mismatchedIndexes.isEmpty() && missingIndexes.isEmpty() && conflictingIndexes.isEmpty();
  }
}
