package io.phat4j.testkit;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a generated CRL says: its thisUpdate and nextUpdate times and the revoked serial numbers
 * (each revoked for key compromise at thisUpdate, like Intel's PCK CRLs).
 *
 * @param thisUpdate when the CRL was issued (second precision)
 * @param nextUpdate when the CRL expires (second precision); {@code null} for a CRL that states no
 *     nextUpdate, which verifiers must refuse
 * @param revokedSerials serial numbers to list as revoked, in order
 */
public record CrlSpec(Instant thisUpdate, @Nullable Instant nextUpdate, List<BigInteger> revokedSerials) {
  /** Copies the list and truncates the times to seconds (X.509 time precision). */
  public CrlSpec {
    thisUpdate = Objects.requireNonNull(thisUpdate, "thisUpdate").truncatedTo(ChronoUnit.SECONDS);
    nextUpdate = nextUpdate == null ? null : nextUpdate.truncatedTo(ChronoUnit.SECONDS);
    revokedSerials = List.copyOf(revokedSerials);
  }

  /**
   * Returns a CRL with no revocations, issued a day before {@code now} and valid 30 days after it.
   *
   * @param now the verification time the CRL must be valid at
   * @return the spec
   */
  public static CrlSpec validAt(Instant now) {
    return new CrlSpec(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), List.of());
  }

  /**
   * Returns a CRL with no revocations whose nextUpdate passed one hour before {@code now}.
   *
   * @param now the verification time at which the CRL must be expired
   * @return the spec
   */
  public static CrlSpec expiredAt(Instant now) {
    return new CrlSpec(now.minus(Duration.ofDays(31)), now.minus(Duration.ofHours(1)), List.of());
  }

  /**
   * Returns a CRL with no revocations issued a day before {@code now} that states no nextUpdate.
   *
   * @param now the verification time
   * @return the spec
   */
  public static CrlSpec withoutNextUpdate(Instant now) {
    return new CrlSpec(now.minus(Duration.ofDays(1)), null, List.of());
  }

  /**
   * Returns a CRL with no revocations whose thisUpdate is one hour after {@code now}: issued in
   * the future, so not yet usable at {@code now}.
   *
   * @param now the verification time
   * @return the spec
   */
  public static CrlSpec notYetValidAt(Instant now) {
    return new CrlSpec(now.plus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), List.of());
  }

  /**
   * Returns a copy that also lists the given serials as revoked.
   *
   * @param serials the serial numbers to add
   * @return the new spec
   */
  public CrlSpec withRevoked(BigInteger... serials) {
    List<BigInteger> all = new ArrayList<>(revokedSerials);
    all.addAll(List.of(serials));
    return new CrlSpec(thisUpdate, nextUpdate, all);
  }
}
