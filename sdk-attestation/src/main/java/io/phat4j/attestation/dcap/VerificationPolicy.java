package io.phat4j.attestation.dcap;

import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a {@link VerifiedQuote} is acceptable: which TCB statuses and advisories are
 * tolerated, whether debug is allowed, what the report data must be, and which measurements are
 * allowed.
 *
 * <p>Defaults are strict: only {@link TcbStatus#UP_TO_DATE}, no advisory IDs, no debug enclave or
 * TD, no collateral age limit, and no report data or measurement constraints (set those for
 * your application). Note that dcap-qvl's {@code is_valid} also accepts {@code OutOfDate} and the
 * other non-revoked statuses; with this policy they must be opted into.
 *
 * <p>Immutable and thread-safe.
 */
public final class VerificationPolicy {
  private final Set<TcbStatus> acceptedStatuses;
  private final @Nullable Set<String> allowedAdvisoryIds;
  private final boolean allowDebug;
  private final byte @Nullable [] reportDataPrefix;
  private final @Nullable Duration collateralMaxAge;
  private final Set<Measurement> mrTds;
  private final List<Set<Measurement>> rtmrs;
  private final Set<Bytes32> mrEnclaves;
  private final Set<Bytes32> mrSigners;

  private VerificationPolicy(Builder b) {
    this.acceptedStatuses = Set.copyOf(b.acceptedStatuses);
    this.allowedAdvisoryIds = b.allowedAdvisoryIds == null ? null : Set.copyOf(b.allowedAdvisoryIds);
    this.allowDebug = b.allowDebug;
    this.reportDataPrefix = b.reportDataPrefix;
    this.collateralMaxAge = b.collateralMaxAge;
    this.mrTds = Set.copyOf(b.mrTds);
    this.rtmrs = b.rtmrs.stream().map(Set::copyOf).toList();
    this.mrEnclaves = Set.copyOf(b.mrEnclaves);
    this.mrSigners = Set.copyOf(b.mrSigners);
  }

  /**
   * Returns a builder starting from the strict defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the strict default policy (UpToDate only, no advisories, no debug).
   *
   * @return the default policy
   */
  public static VerificationPolicy strict() {
    return builder().build();
  }

  /**
   * Tells whether the quote is acceptable.
   *
   * @param quote a verified quote
   * @return {@code true} if {@link #check(VerifiedQuote)} would not throw
   */
  public boolean accepts(VerifiedQuote quote) {
    try {
      check(quote);
      return true;
    } catch (QuoteVerificationException e) {
      return false;
    }
  }

  /**
   * Checks the quote against the policy.
   *
   * @param quote a verified quote
   * @throws QuoteVerificationException with a {@code POLICY_*} reason if it is not acceptable
   */
  public void check(VerifiedQuote quote) {
    if (!acceptedStatuses.contains(quote.status())) {
      throw fail(FailureReason.POLICY_TCB_STATUS, "status " + quote.status().wireName() + " is not one of " + acceptedStatuses);
    }
    if (allowedAdvisoryIds != null) {
      for (String id : quote.advisoryIds()) {
        if (!allowedAdvisoryIds.contains(id)) {
          throw fail(FailureReason.POLICY_ADVISORY, "advisory " + id + " is not allowed");
        }
      }
    }
    ReportBody report = quote.report();
    if (report.debug() && !allowDebug) {
      throw fail(FailureReason.POLICY_DEBUG, "the " + quote.teeType() + " report has the debug bit set");
    }
    if (reportDataPrefix != null) {
      byte[] data = report.reportData();
      if (!MessageDigest.isEqual(Arrays.copyOf(data, reportDataPrefix.length), reportDataPrefix)) {
        throw fail(FailureReason.POLICY_REPORT_DATA, "report data does not start with the expected "
            + reportDataPrefix.length + " bytes");
      }
    }
    if (collateralMaxAge != null
        && quote.collateralIssuedAt().plus(collateralMaxAge).isBefore(quote.verifiedAt())) {
      throw fail(FailureReason.POLICY_COLLATERAL_AGE, "collateral issued " + quote.collateralIssuedAt()
          + " is older than " + collateralMaxAge + " at " + quote.verifiedAt());
    }
    checkMeasurements(report);
  }

  private void checkMeasurements(ReportBody report) {
    boolean tdConstraints = !mrTds.isEmpty() || rtmrs.stream().anyMatch(s -> !s.isEmpty());
    boolean sgxConstraints = !mrEnclaves.isEmpty() || !mrSigners.isEmpty();
    if (report instanceof TdReport td) {
      if (sgxConstraints) {
        throw fail(FailureReason.POLICY_MEASUREMENT, "MRENCLAVE/MRSIGNER allowlists are set but the quote is TDX");
      }
      allowed("MRTD", mrTds, td.mrTd());
      for (int i = 0; i < 4; i++) {
        allowed("RTMR" + i, rtmrs.get(i), td.rtmr(i));
      }
    } else if (report instanceof SgxReport sgx) {
      if (tdConstraints) {
        throw fail(FailureReason.POLICY_MEASUREMENT, "MRTD/RTMR allowlists are set but the quote is SGX");
      }
      allowed("MRENCLAVE", mrEnclaves, sgx.mrEnclave());
      allowed("MRSIGNER", mrSigners, sgx.mrSigner());
    }
  }

  private static <T> void allowed(String name, Set<T> allowlist, T value) {
    if (!allowlist.isEmpty() && !allowlist.contains(value)) {
      throw fail(FailureReason.POLICY_MEASUREMENT, name + " " + value + " is not in the allowlist");
    }
  }

  private static QuoteVerificationException fail(FailureReason reason, String detail) {
    return new QuoteVerificationException(reason, detail, null);
  }

  @Override
  public String toString() {
    return "VerificationPolicy[statuses=" + acceptedStatuses + ", advisories=" + (allowedAdvisoryIds == null ? "any" : allowedAdvisoryIds)
        + ", allowDebug=" + allowDebug + ", reportDataPrefix=" + (reportDataPrefix == null ? "none" : Hex.encode(reportDataPrefix))
        + ", collateralMaxAge=" + collateralMaxAge + "]";
  }

  /** Builds a {@link VerificationPolicy}. Not thread-safe. */
  public static final class Builder {
    private final Set<TcbStatus> acceptedStatuses = EnumSet.of(TcbStatus.UP_TO_DATE);
    private @Nullable Set<String> allowedAdvisoryIds = new HashSet<>();
    private boolean allowDebug;
    private byte @Nullable [] reportDataPrefix;
    private @Nullable Duration collateralMaxAge;
    private final Set<Measurement> mrTds = new HashSet<>();
    private final List<Set<Measurement>> rtmrs = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>());
    private final Set<Bytes32> mrEnclaves = new HashSet<>();
    private final Set<Bytes32> mrSigners = new HashSet<>();

    private Builder() {}

    /**
     * Replaces the accepted TCB statuses (Revoked and Unknown are never accepted).
     *
     * @param statuses the statuses to accept
     * @return this builder
     */
    public Builder acceptedStatuses(TcbStatus... statuses) {
      acceptedStatuses.clear();
      for (TcbStatus s : statuses) {
        if (s.isValid()) {
          acceptedStatuses.add(s);
        }
      }
      return this;
    }

    /**
     * Allows these advisory IDs (in addition to those already allowed).
     *
     * @param ids advisory IDs such as {@code "INTEL-SA-00615"}
     * @return this builder
     */
    public Builder allowAdvisoryIds(String... ids) {
      if (allowedAdvisoryIds != null) {
        allowedAdvisoryIds.addAll(Arrays.asList(ids));
      }
      return this;
    }

    /**
     * Allows any advisory ID (only the status is checked).
     *
     * @return this builder
     */
    public Builder allowAnyAdvisory() {
      allowedAdvisoryIds = null;
      return this;
    }

    /**
     * Allows debug enclaves and TDs. Off by default; a debug quoting enclave is rejected by the verifier regardless.
     *
     * @param allow whether to accept debug reports
     * @return this builder
     */
    public Builder allowDebug(boolean allow) {
      this.allowDebug = allow;
      return this;
    }

    /**
     * Requires the 64-byte report data to equal this value.
     *
     * @param reportData exactly 64 bytes
     * @return this builder
     */
    public Builder expectedReportData(byte[] reportData) {
      if (reportData.length != 64) {
        throw new IllegalArgumentException("report data must be 64 bytes, got " + reportData.length);
      }
      this.reportDataPrefix = reportData.clone();
      return this;
    }

    /**
     * Requires the report data to start with these bytes (e.g. a nonce or a key hash).
     *
     * @param prefix 1 to 64 bytes
     * @return this builder
     */
    public Builder expectedReportDataPrefix(byte[] prefix) {
      if (prefix.length == 0 || prefix.length > 64) {
        throw new IllegalArgumentException("prefix must be 1-64 bytes, got " + prefix.length);
      }
      this.reportDataPrefix = prefix.clone();
      return this;
    }

    /**
     * Rejects quotes whose TCB info or QE identity was issued longer ago than this at verification time.
     *
     * @param maxAge the maximum age
     * @return this builder
     */
    public Builder collateralMaxAge(Duration maxAge) {
      this.collateralMaxAge = Objects.requireNonNull(maxAge, "maxAge");
      return this;
    }

    /**
     * Adds allowed MRTD values (TDX); with none, MRTD is not checked.
     *
     * @param values allowed values
     * @return this builder
     */
    public Builder allowMrTd(Measurement... values) {
      mrTds.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds allowed values of one RTMR (TDX); with none, that RTMR is not checked.
     *
     * @param index 0 to 3
     * @param values allowed values
     * @return this builder
     */
    public Builder allowRtmr(int index, Measurement... values) {
      if (index < 0 || index > 3) {
        throw new IllegalArgumentException("RTMR index must be 0-3");
      }
      rtmrs.get(index).addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds allowed MRENCLAVE values (SGX); with none, MRENCLAVE is not checked.
     *
     * @param values allowed values
     * @return this builder
     */
    public Builder allowMrEnclave(Bytes32... values) {
      mrEnclaves.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Adds allowed MRSIGNER values (SGX); with none, MRSIGNER is not checked.
     *
     * @param values allowed values
     * @return this builder
     */
    public Builder allowMrSigner(Bytes32... values) {
      mrSigners.addAll(Arrays.asList(values));
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return an immutable policy
     */
    public VerificationPolicy build() {
      return new VerificationPolicy(this);
    }
  }
}
