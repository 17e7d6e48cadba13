package io.phat4j.testkit;

import io.phat4j.core.DecodeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One platform TCB level of a TCB Info document: the SGX component SVNs, PCESVN and (for TDX)
 * the TDX component SVNs a platform must reach, and the resulting status.
 *
 * @param sgxComponents the 16 SGX TCB component SVNs (normally 16 values; other counts are
 *     allowed so tests can build malformed collateral)
 * @param pceSvn the PCESVN
 * @param tdxComponents the 16 TDX TCB component SVNs, or null for an SGX TCB Info
 * @param tcbDate the level's TCB date
 * @param status the status of platforms at this level
 * @param advisoryIds advisory IDs; when empty the {@code advisoryIDs} field is omitted
 */
public record TcbLevelSpec(
    List<Integer> sgxComponents,
    int pceSvn,
    @Nullable List<Integer> tdxComponents,
    Instant tcbDate,
    TcbLevelStatus status,
    List<String> advisoryIds) {

  /** Copies the lists, truncates the date to seconds and checks SVN ranges. */
  public TcbLevelSpec {
    sgxComponents = checked("sgxComponents", sgxComponents);
    tdxComponents = tdxComponents == null ? null : checked("tdxComponents", tdxComponents);
    tcbDate = Objects.requireNonNull(tcbDate, "tcbDate").truncatedTo(ChronoUnit.SECONDS);
    Objects.requireNonNull(status, "status");
    advisoryIds = List.copyOf(advisoryIds);
  }

  /**
   * Returns an SGX level dated 2024-03-13.
   *
   * @param sgxComponents the 16 SGX component SVNs
   * @param pceSvn the PCESVN
   * @param status the status
   * @param advisoryIds advisory IDs, possibly none
   * @return the level
   */
  public static TcbLevelSpec sgx(int[] sgxComponents, int pceSvn, TcbLevelStatus status, String... advisoryIds) {
    return new TcbLevelSpec(boxed(sgxComponents), pceSvn, null, Instant.parse("2024-03-13T00:00:00Z"), status,
        List.of(advisoryIds));
  }

  /**
   * Returns a TDX level dated 2024-03-13.
   *
   * @param sgxComponents the 16 SGX component SVNs
   * @param pceSvn the PCESVN
   * @param tdxComponents the 16 TDX component SVNs (the TEE_TCB_SVN bytes a TD must reach)
   * @param status the status
   * @param advisoryIds advisory IDs, possibly none
   * @return the level
   */
  public static TcbLevelSpec tdx(int[] sgxComponents, int pceSvn, int[] tdxComponents, TcbLevelStatus status,
      String... advisoryIds) {
    return new TcbLevelSpec(boxed(sgxComponents), pceSvn, boxed(tdxComponents), Instant.parse("2024-03-13T00:00:00Z"),
        status, List.of(advisoryIds));
  }

  private static List<Integer> checked(String field, List<Integer> svns) {
    for (Integer svn : svns) {
      if (svn == null || svn < 0 || svn > 255) {
        throw new DecodeException(field, "SVN out of range 0..255: " + svn);
      }
    }
    return List.copyOf(svns);
  }

  static List<Integer> boxed(int[] values) {
    Integer[] out = new Integer[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return List.of(out);
  }
}
