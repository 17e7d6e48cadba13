package io.phat4j.testkit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One TCB level keyed by an ISVSVN: used in QE identity {@code tcbLevels} and in TDX module
 * identity {@code tcbLevels}.
 *
 * @param isvsvn the minimum ISVSVN of this level
 * @param tcbDate the level's TCB date
 * @param status the status for enclaves at this level
 * @param advisoryIds advisory IDs; when empty the {@code advisoryIDs} field is omitted
 */
public record EnclaveTcbLevelSpec(int isvsvn, Instant tcbDate, TcbLevelStatus status, List<String> advisoryIds) {
  /** Copies the list and truncates the date to seconds. */
  public EnclaveTcbLevelSpec {
    tcbDate = Objects.requireNonNull(tcbDate, "tcbDate").truncatedTo(ChronoUnit.SECONDS);
    Objects.requireNonNull(status, "status");
    advisoryIds = List.copyOf(advisoryIds);
  }

  /**
   * Returns a level dated 2024-03-13 (a real Intel TCB recovery date).
   *
   * @param isvsvn the minimum ISVSVN
   * @param status the status
   * @param advisoryIds advisory IDs, possibly none
   * @return the level
   */
  public static EnclaveTcbLevelSpec of(int isvsvn, TcbLevelStatus status, String... advisoryIds) {
    return new EnclaveTcbLevelSpec(isvsvn, Instant.parse("2024-03-13T00:00:00Z"), status, List.of(advisoryIds));
  }
}
