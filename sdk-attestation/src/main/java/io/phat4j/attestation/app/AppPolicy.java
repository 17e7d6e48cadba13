package io.phat4j.attestation.app;

import io.phat4j.attestation.dcap.VerificationPolicy;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a relying party accepts from an app, on top of the evidence being genuine.
 *
 * <p>Defaults ({@link #defaults()}): any compose hash, app id and OS image; production OS images
 * only ({@code os_image_is_dev} must not be true); the ACPI tables behind RTMR0 must be verified
 * (see {@link Builder#allowUnverifiedAcpiTables(boolean)}); the TCB through
 * {@link VerificationPolicy#strict()} (UpToDate only); no report-data or KMS expectation.
 * Each rule is checked in the link it belongs to, so a rejection names that link: TCB status and
 * report data in {@link LinkResult#QUOTE}, OS image hash, version, dev images and ACPI tables in
 * {@link LinkResult#OS_IMAGE}, compose hash, app id and KMS in {@link LinkResult#APP_IDENTITY}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AppPolicy {
  private static final AppPolicy DEFAULTS = builder().build();

  private final Set<Bytes32> composeHashes;
  private final Set<AppId> appIds;
  private final Set<Bytes32> osImageHashes;
  private final Set<String> osImageVersions;
  private final boolean allowDevImages;
  private final boolean allowUnverifiedAcpiTables;
  private final VerificationPolicy tcbPolicy;
  private final byte @Nullable [] reportData;
  private final byte @Nullable [] reportDataPrefix;
  private final @Nullable String kmsId;

  private AppPolicy(Builder b) {
    this.composeHashes = Set.copyOf(b.composeHashes);
    this.appIds = Set.copyOf(b.appIds);
    this.osImageHashes = Set.copyOf(b.osImageHashes);
    this.osImageVersions = Set.copyOf(b.osImageVersions);
    this.allowDevImages = b.allowDevImages;
    this.allowUnverifiedAcpiTables = b.allowUnverifiedAcpiTables;
    this.tcbPolicy = b.tcbPolicy;
    this.reportData = b.reportData;
    this.reportDataPrefix = b.reportDataPrefix;
    this.kmsId = b.kmsId;
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the default policy.
   *
   * @return the defaults described above
   */
  public static AppPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns the accepted compose hashes.
   *
   * @return an unmodifiable set; empty means any
   */
  public Set<Bytes32> composeHashes() {
    return composeHashes;
  }

  /**
   * Returns the accepted app ids.
   *
   * @return an unmodifiable set; empty means any
   */
  public Set<AppId> appIds() {
    return appIds;
  }

  /**
   * Returns the accepted OS image hashes.
   *
   * @return an unmodifiable set; empty means any
   */
  public Set<Bytes32> osImageHashes() {
    return osImageHashes;
  }

  /**
   * Returns the accepted OS image versions.
   *
   * @return an unmodifiable set; empty means any
   */
  public Set<String> osImageVersions() {
    return osImageVersions;
  }

  /**
   * Tells whether dev OS images are accepted.
   *
   * @return true if allowed
   */
  public boolean allowDevImages() {
    return allowDevImages;
  }

  /**
   * Tells whether RTMR0 may rest on ACPI digests nobody regenerated or pinned.
   *
   * @return true if allowed
   */
  public boolean allowUnverifiedAcpiTables() {
    return allowUnverifiedAcpiTables;
  }

  /**
   * Returns the DCAP policy (TCB statuses, advisories, debug, collateral age) the quote must meet.
   *
   * @return the policy
   */
  public VerificationPolicy tcbPolicy() {
    return tcbPolicy;
  }

  /**
   * Returns the exact report data expected.
   *
   * @return a copy, or null if none is expected
   */
  public byte @Nullable [] reportData() {
    return reportData == null ? null : reportData.clone();
  }

  /**
   * Returns the report-data prefix expected (a nonce or a hash the caller chose).
   *
   * @return a copy, or null if none is expected
   */
  public byte @Nullable [] reportDataPrefix() {
    return reportDataPrefix == null ? null : reportDataPrefix.clone();
  }

  /**
   * Returns the KMS id the app must have booted with.
   *
   * @return lowercase hex as in the {@code key-provider} event, or null if any key provider is accepted
   */
  public @Nullable String kmsId() {
    return kmsId;
  }

  @Override
  public String toString() {
    return "AppPolicy[composeHashes="
        + composeHashes.size()
        + ", appIds="
        + appIds.size()
        + ", osImageHashes="
        + osImageHashes.size()
        + ", osImageVersions="
        + osImageVersions
        + ", allowDevImages="
        + allowDevImages
        + ", allowUnverifiedAcpiTables="
        + allowUnverifiedAcpiTables
        + ", tcb="
        + tcbPolicy
        + (reportData == null ? "" : ", reportData")
        + (reportDataPrefix == null ? "" : ", reportDataPrefix")
        + (kmsId == null ? "" : ", kms=" + kmsId)
        + "]";
  }

  /** Builds an {@link AppPolicy}. Not thread-safe. */
  public static final class Builder {
    private final Set<Bytes32> composeHashes = new LinkedHashSet<>();
    private final Set<AppId> appIds = new LinkedHashSet<>();
    private final Set<Bytes32> osImageHashes = new LinkedHashSet<>();
    private final Set<String> osImageVersions = new LinkedHashSet<>();
    private boolean allowDevImages;
    private boolean allowUnverifiedAcpiTables;
    private VerificationPolicy tcbPolicy = VerificationPolicy.strict();
    private byte @Nullable [] reportData;
    private byte @Nullable [] reportDataPrefix;
    private @Nullable String kmsId;

    private Builder() {}

    /**
     * Accepts these compose hashes (adds to any given before); without any, every hash is accepted.
     *
     * @param hashes SHA-256 of the app-compose text
     * @return this builder
     */
    public Builder allowComposeHashes(Bytes32... hashes) {
      composeHashes.addAll(Arrays.asList(hashes));
      return this;
    }

    /**
     * Accepts these app ids (adds to any given before); without any, every app id is accepted.
     *
     * @param ids the app ids
     * @return this builder
     */
    public Builder allowAppIds(AppId... ids) {
      appIds.addAll(Arrays.asList(ids));
      return this;
    }

    /**
     * Accepts these OS image hashes (SHA-256 of the image's checksum file).
     *
     * @param hashes the image hashes
     * @return this builder
     */
    public Builder allowOsImageHashes(Bytes32... hashes) {
      osImageHashes.addAll(Arrays.asList(hashes));
      return this;
    }

    /**
     * Accepts these dstack OS versions, e.g. {@code "0.5.3"}; an image whose version is unknown
     * is then rejected.
     *
     * @param versions the versions
     * @return this builder
     */
    public Builder allowOsImageVersions(String... versions) {
      for (String v : versions) {
        osImageVersions.add(Objects.requireNonNull(v, "version"));
      }
      return this;
    }

    /**
     * Accepts dev OS images (which allow SSH and debugging inside the CVM). Off by default.
     *
     * @param allow true to accept them
     * @return this builder
     */
    public Builder allowDevImages(boolean allow) {
      this.allowDevImages = allow;
      return this;
    }

    /**
     * Accepts RTMR0 rebuilt from ACPI digests the event log reports but nobody regenerated for
     * the declared VM shape or pinned in trusted reference values. Off by default: the host
     * writes the ACPI tables, so unchecked tables let it hand the guest kernel tables of its
     * choosing (dstack's newest verifier also regenerates them before accepting).
     *
     * @param allow true to accept unverified tables
     * @return this builder
     */
    public Builder allowUnverifiedAcpiTables(boolean allow) {
      this.allowUnverifiedAcpiTables = allow;
      return this;
    }

    /**
     * Sets the DCAP policy for the quote (accepted TCB statuses, advisories, debug, collateral age).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder tcbPolicy(VerificationPolicy policy) {
      this.tcbPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Requires the quote's 64 bytes of report data to equal these.
     *
     * @param reportData 64 bytes
     * @return this builder
     */
    public Builder expectedReportData(byte[] reportData) {
      if (reportData.length != 64) {
        throw new IllegalArgumentException("report data is 64 bytes, got " + reportData.length);
      }
      this.reportData = reportData.clone();
      return this;
    }

    /**
     * Requires the quote's report data to start with this nonce (1 to 64 bytes).
     *
     * @param nonce the expected prefix
     * @return this builder
     */
    public Builder expectedNonce(byte[] nonce) {
      if (nonce.length == 0 || nonce.length > 64) {
        throw new IllegalArgumentException("a nonce is 1 to 64 bytes, got " + nonce.length);
      }
      this.reportDataPrefix = nonce.clone();
      return this;
    }

    /**
     * Requires the app to have booted with keys from this KMS (the {@code id} of its
     * {@code key-provider} event, named {@code kms}).
     *
     * @param kmsIdHex the KMS id as hex (case and a {@code 0x} prefix are ignored)
     * @return this builder
     */
    public Builder expectedKms(String kmsIdHex) {
      String id = Objects.requireNonNull(kmsIdHex, "kmsIdHex").toLowerCase(java.util.Locale.ROOT);
      this.kmsId = id.startsWith("0x") ? id.substring(2) : id;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public AppPolicy build() {
      return new AppPolicy(this);
    }
  }
}
