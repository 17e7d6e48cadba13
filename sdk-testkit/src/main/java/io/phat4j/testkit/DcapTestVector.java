package io.phat4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A complete verification input made under a {@link DcapTestPki}: quote bytes, collateral, the
 * trust anchor and a verification time, in the layout of the shared vector folders
 * ({@code quote.bin}, {@code collateral.json}, {@code root_ca.der}, {@code time.txt}).
 *
 * <p>Build one with {@link #tdxV4(DcapTestPki)}, {@link #tdxV5(DcapTestPki)} or
 * {@link #sgxV3(DcapTestPki)}; by default the result verifies with status UpToDate. Builder options
 * produce the cases a verifier must catch (revoked PCK, expired CRL, debug QE, CA as end entity,
 * chain only in collateral, other TCB statuses, …). Immutable and thread-safe.
 */
public final class DcapTestVector {
  private final byte[] quote;
  private final TestCollateral collateral;
  private final byte[] rootCaDer;
  private final Instant time;
  private final PckCredential pck;

  /**
   * Wraps the parts of a vector.
   *
   * @param quote the quote bytes
   * @param collateral the collateral
   * @param rootCaDer the trust anchor (DER)
   * @param time the verification time
   * @param pck the PCK certificate the quote was made with
   */
  public DcapTestVector(byte[] quote, TestCollateral collateral, byte[] rootCaDer, Instant time, PckCredential pck) {
    this.quote = quote.clone();
    this.collateral = Objects.requireNonNull(collateral, "collateral");
    this.rootCaDer = rootCaDer.clone();
    this.time = Objects.requireNonNull(time, "time");
    this.pck = Objects.requireNonNull(pck, "pck");
  }

  /**
   * Starts a TDX quote v4 (TD report 1.0) vector.
   *
   * @param pki the PKI to issue everything under
   * @return a builder
   */
  public static Builder tdxV4(DcapTestPki pki) {
    return new Builder(pki, Kind.TDX_V4);
  }

  /**
   * Starts a TDX quote v5 vector (TD report 1.5 unless {@link Builder#tdReport} gives a 1.0 body).
   *
   * @param pki the PKI to issue everything under
   * @return a builder
   */
  public static Builder tdxV5(DcapTestPki pki) {
    return new Builder(pki, Kind.TDX_V5);
  }

  /**
   * Starts an SGX quote v3 vector.
   *
   * @param pki the PKI to issue everything under
   * @return a builder
   */
  public static Builder sgxV3(DcapTestPki pki) {
    return new Builder(pki, Kind.SGX_V3);
  }

  /**
   * Returns the quote bytes.
   *
   * @return a fresh array
   */
  public byte[] quote() {
    return quote.clone();
  }

  /**
   * Returns the collateral.
   *
   * @return the collateral
   */
  public TestCollateral collateral() {
    return collateral;
  }

  /**
   * Returns the trust anchor, DER.
   *
   * @return a fresh array
   */
  public byte[] rootCaDer() {
    return rootCaDer.clone();
  }

  /**
   * Returns the verification time.
   *
   * @return the instant (second precision)
   */
  public Instant time() {
    return time;
  }

  /**
   * Returns the PCK certificate the quote was made with.
   *
   * @return the certificate and key
   */
  public PckCredential pck() {
    return pck;
  }

  /**
   * Returns a copy with another quote (e.g. with a flipped byte).
   *
   * @param newQuote the quote bytes
   * @return the new vector
   */
  public DcapTestVector withQuote(byte[] newQuote) {
    return new DcapTestVector(newQuote, collateral, rootCaDer, time, pck);
  }

  /**
   * Returns a copy with other collateral.
   *
   * @param newCollateral the collateral
   * @return the new vector
   */
  public DcapTestVector withCollateral(TestCollateral newCollateral) {
    return new DcapTestVector(quote, newCollateral, rootCaDer, time, pck);
  }

  /**
   * Returns a copy with another trust anchor (e.g. the root of a different PKI, which a verifier
   * must reject).
   *
   * @param newRootCaDer the anchor certificate, DER
   * @return the new vector
   */
  public DcapTestVector withRootCaDer(byte[] newRootCaDer) {
    return new DcapTestVector(quote, collateral, newRootCaDer, time, pck);
  }

  /**
   * Returns a copy with another verification time.
   *
   * @param newTime the time
   * @return the new vector
   */
  public DcapTestVector withTime(Instant newTime) {
    return new DcapTestVector(quote, collateral, rootCaDer, newTime, pck);
  }

  /**
   * Writes {@code quote.bin}, {@code collateral.json}, {@code root_ca.der} and {@code time.txt}
   * (unix seconds) into a directory, creating it if needed.
   *
   * @param dir the folder
   * @throws UncheckedIOException if writing fails
   */
  public void writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("quote.bin"), quote);
      Files.write(dir.resolve("collateral.json"), collateral.toJsonBytes());
      Files.write(dir.resolve("root_ca.der"), rootCaDer);
      Files.writeString(dir.resolve("time.txt"), time.getEpochSecond() + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the test vector to " + dir, e);
    }
  }

  @Override
  public String toString() {
    return "DcapTestVector[quote=" + quote.length + " bytes, time=" + time + ", pck=" + pck + "]";
  }

  private enum Kind {
    TDX_V4,
    TDX_V5,
    SGX_V3
  }

  /** Builds a {@link DcapTestVector}; not thread-safe. */
  public static final class Builder {
    private final DcapTestPki pki;
    private final Kind kind;
    private Instant time;
    private SgxExtensionSpec extension = SgxExtensionSpec.builder().build();
    private @Nullable TdReportSpec tdReport;
    private @Nullable SgxReportSpec sgxReport;
    private TcbLevelStatus platformStatus = TcbLevelStatus.UP_TO_DATE;
    private List<String> platformAdvisories = List.of();
    private TcbLevelStatus qeStatus = TcbLevelStatus.UP_TO_DATE;
    private List<String> qeAdvisories = List.of();
    private TcbLevelStatus moduleStatus = TcbLevelStatus.UP_TO_DATE;
    private int qeIdentityVersion = 2;
    private boolean qeDebug;
    private boolean revokePck;
    private boolean caAsEndEntity;
    private int certificationDataType = DcapQuoteBuilder.CERT_TYPE_PCK_CHAIN;
    private @Nullable CrlSpec rootCrl;
    private @Nullable CrlSpec pckCrl;
    private String attestationKeyLabel = "attestation-key";
    private @Nullable Instant pckNotBefore;
    private @Nullable Instant pckNotAfter;
    private UnaryOperator<TcbInfoSpec.Builder> tcbInfoCustomizer = UnaryOperator.identity();
    private UnaryOperator<QeIdentitySpec.Builder> qeIdentityCustomizer = UnaryOperator.identity();
    private UnaryOperator<DcapQuoteBuilder> quoteCustomizer = UnaryOperator.identity();

    private Builder(DcapTestPki pki, Kind kind) {
      this.pki = Objects.requireNonNull(pki, "pki");
      this.kind = kind;
      this.time = pki.now();
    }

    /**
     * Sets the verification time written to {@code time.txt} (default {@link DcapTestPki#now()});
     * default collateral dates are relative to it.
     *
     * @param time the time
     * @return this builder
     */
    public Builder time(Instant time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * Sets the SGX extension of the PCK certificate (FMSPC, component SVNs, PCESVN, …); the default
     * TCB Info is built to match it.
     *
     * @param extension the values
     * @return this builder
     */
    public Builder sgxExtension(SgxExtensionSpec extension) {
      this.extension = Objects.requireNonNull(extension, "extension");
      return this;
    }

    /**
     * Sets the TD report body (TDX only; default {@link TdReportSpec#builder()} with seed-derived MRTD,
     * RTMRs and report data).
     *
     * @param report the body
     * @return this builder
     */
    public Builder tdReport(TdReportSpec report) {
      this.tdReport = Objects.requireNonNull(report, "report");
      return this;
    }

    /**
     * Sets the enclave report body (SGX only).
     *
     * @param report the body
     * @return this builder
     */
    public Builder sgxReport(SgxReportSpec report) {
      this.sgxReport = Objects.requireNonNull(report, "report");
      return this;
    }

    /**
     * Sets the status (and advisories) of the platform TCB level the quote matches.
     *
     * @param status the status
     * @param advisoryIds advisory IDs
     * @return this builder
     */
    public Builder platformStatus(TcbLevelStatus status, String... advisoryIds) {
      this.platformStatus = Objects.requireNonNull(status, "status");
      this.platformAdvisories = List.of(advisoryIds);
      return this;
    }

    /**
     * Sets the status (and advisories) of the QE identity level the QE matches.
     *
     * @param status the status
     * @param advisoryIds advisory IDs
     * @return this builder
     */
    public Builder qeStatus(TcbLevelStatus status, String... advisoryIds) {
      this.qeStatus = Objects.requireNonNull(status, "status");
      this.qeAdvisories = List.of(advisoryIds);
      return this;
    }

    /**
     * Sets the status of the TDX module identity level the TD's module matches.
     *
     * @param status the status
     * @return this builder
     */
    public Builder moduleStatus(TcbLevelStatus status) {
      this.moduleStatus = Objects.requireNonNull(status, "status");
      return this;
    }

    /**
     * Sets the QE identity version (2 by default; 3 is valid for TD_QE).
     *
     * @param version the version
     * @return this builder
     */
    public Builder qeIdentityVersion(int version) {
      this.qeIdentityVersion = version;
      return this;
    }

    /**
     * Makes the QE a debug enclave (its report's DEBUG attribute bit set), which verifiers reject.
     *
     * @param debug whether the QE is debug
     * @return this builder
     */
    public Builder qeDebug(boolean debug) {
      this.qeDebug = debug;
      return this;
    }

    /**
     * Lists the PCK certificate's serial in the PCK CRL.
     *
     * @param revoke whether to revoke
     * @return this builder
     */
    public Builder revokePck(boolean revoke) {
      this.revokePck = revoke;
      return this;
    }

    /**
     * Issues the PCK leaf with basicConstraints cA=TRUE (a CA used as end entity).
     *
     * @param ca whether to set the CA flag
     * @return this builder
     */
    public Builder caAsEndEntity(boolean ca) {
      this.caAsEndEntity = ca;
      return this;
    }

    /**
     * Sets the PCK certificate's validity window (default: 30 days before {@link DcapTestPki#now()}
     * for 7 years), e.g. to make it expired at the verification time.
     *
     * @param notBefore start of validity
     * @param notAfter end of validity
     * @return this builder
     */
    public Builder pckValidity(Instant notBefore, Instant notAfter) {
      this.pckNotBefore = Objects.requireNonNull(notBefore, "notBefore");
      this.pckNotAfter = Objects.requireNonNull(notAfter, "notAfter");
      return this;
    }

    /**
     * Chooses the PCK certification data type in the quote (5 = chain, default; 4 = leaf only;
     * 3 or 2 = encrypted PPID). For types other than 5 the chain goes into collateral
     * {@code pck_certificate_chain}.
     *
     * @param type the type
     * @return this builder
     */
    public Builder certificationDataType(int type) {
      this.certificationDataType = type;
      return this;
    }

    /**
     * Sets the root CA CRL (default {@link CrlSpec#validAt} the time).
     *
     * @param spec dates and revocations
     * @return this builder
     */
    public Builder rootCaCrl(CrlSpec spec) {
      this.rootCrl = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /**
     * Sets the PCK CRL (default {@link CrlSpec#validAt} the time, plus the PCK serial when
     * {@link #revokePck} is on).
     *
     * @param spec dates and revocations
     * @return this builder
     */
    public Builder pckCrl(CrlSpec spec) {
      this.pckCrl = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /**
     * Sets the label the attestation key is derived from (default {@code "attestation-key"}).
     *
     * @param label the label
     * @return this builder
     */
    public Builder attestationKeyLabel(String label) {
      this.attestationKeyLabel = Objects.requireNonNull(label, "label");
      return this;
    }

    /**
     * Adjusts the default TCB Info before it is signed (dates, levels, module identities, id, …).
     *
     * @param customizer receives the preset builder and returns the builder to build
     * @return this builder
     */
    public Builder tcbInfo(UnaryOperator<TcbInfoSpec.Builder> customizer) {
      this.tcbInfoCustomizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * Adjusts the default QE identity before it is signed.
     *
     * @param customizer receives the preset builder and returns the builder to build
     * @return this builder
     */
    public Builder qeIdentity(UnaryOperator<QeIdentitySpec.Builder> customizer) {
      this.qeIdentityCustomizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * Adjusts the quote builder before the quote is signed (QE report, auth data, vendor ID, …).
     *
     * @param customizer receives the preset builder and returns the builder to build
     * @return this builder
     */
    public Builder quote(UnaryOperator<DcapQuoteBuilder> customizer) {
      this.quoteCustomizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * Issues the PCK certificate, builds and signs the quote, TCB Info, QE identity and CRLs.
     *
     * @return the vector
     */
    public DcapTestVector build() {
      DcapTestPki.PckRequest request = pki.newPck(extension).caFlag(caAsEndEntity);
      if (pckNotBefore != null && pckNotAfter != null) {
        request.validity(pckNotBefore, pckNotAfter);
      }
      PckCredential pck = request.issue();
      boolean tdx = kind != Kind.SGX_V3;
      TdReportSpec report = tdx ? (tdReport != null ? tdReport : defaultTdReport(kind == Kind.TDX_V5)) : null;
      SgxReportSpec qeReport = (tdx ? SgxReportSpec.tdQe() : SgxReportSpec.sgxQe())
          .cpuSvn(extension.cpuSvn())
          .mrEnclave(pki.deriveBytes("qe-mrenclave", 32))
          .debug(qeDebug)
          .build();
      byte[] quote = quoteCustomizer.apply(quoteBuilder(report, pck, qeReport)).build();

      TcbInfoSpec tcbInfo = tcbInfoCustomizer.apply(defaultTcbInfo(report)).build();
      QeIdentitySpec.Builder qeId = (tdx ? QeIdentitySpec.tdQe(time) : QeIdentitySpec.sgxQe(time))
          .version(qeIdentityVersion)
          .tcbLevels(List.of(EnclaveTcbLevelSpec.of(qeReport.isvSvn(), qeStatus, qeAdvisories.toArray(String[]::new))));
      QeIdentitySpec qeIdentity = qeIdentityCustomizer.apply(qeId).build();

      CrlSpec rootSpec = rootCrl != null ? rootCrl : CrlSpec.validAt(time);
      CrlSpec pckSpec = pckCrl != null ? pckCrl : CrlSpec.validAt(time);
      if (revokePck) {
        pckSpec = pckSpec.withRevoked(pck.serial());
      }
      TestCollateral collateral = TestCollateral.of(pki, pki.rootCaCrl(rootSpec), pki.pckCrl(pckSpec),
          pki.sign(tcbInfo), pki.sign(qeIdentity));
      if (certificationDataType != DcapQuoteBuilder.CERT_TYPE_PCK_CHAIN) {
        collateral = collateral.withPckCertificateChain(pck.chainPem());
      }
      return new DcapTestVector(quote, collateral, pki.rootCaDer(), time, pck);
    }

    private DcapQuoteBuilder quoteBuilder(@Nullable TdReportSpec report, PckCredential pck, SgxReportSpec qeReport) {
      TestSigningKey attestationKey = pki.key(attestationKeyLabel);
      DcapQuoteBuilder qb;
      if (report == null) {
        qb = DcapQuoteBuilder.sgxV3(sgxReport != null ? sgxReport : defaultSgxReport(), pck, attestationKey);
      } else if (kind == Kind.TDX_V4) {
        qb = DcapQuoteBuilder.tdxV4(report, pck, attestationKey);
      } else {
        qb = DcapQuoteBuilder.tdxV5(report, pck, attestationKey);
      }
      // User data starts with the 16-byte QE ID, as in real quotes.
      byte[] userData = java.util.Arrays.copyOf(pki.deriveBytes("qe-id", 16), 20);
      return qb.qeReport(qeReport).userData(userData).certificationDataType(certificationDataType);
    }

    /** One platform level matching the PCK certificate (and the TD's TEE_TCB_SVN), with the chosen status. */
    private TcbInfoSpec.Builder defaultTcbInfo(@Nullable TdReportSpec report) {
      int[] sgxSvns = extension.tcbComponents();
      String[] advisories = platformAdvisories.toArray(String[]::new);
      if (report == null) {
        return TcbInfoSpec.sgx(time, extension.fmspcHex())
            .addTcbLevel(TcbLevelSpec.sgx(sgxSvns, extension.pceSvn(), platformStatus, advisories));
      }
      byte[] teeTcbSvn = report.teeTcbSvn();
      int[] tdxSvns = new int[16];
      for (int i = 0; i < 16; i++) {
        tdxSvns[i] = teeTcbSvn[i] & 0xff;
      }
      // TEE_TCB_SVN byte 1 is the module major version (selects "TDX_%02X"), byte 0 its ISVSVN.
      return TcbInfoSpec.tdx(time, extension.fmspcHex())
          .tdxModuleIdentities(List.of(TdxModuleIdentitySpec.intelLike(tdxSvns[1],
              EnclaveTcbLevelSpec.of(tdxSvns[0], moduleStatus))))
          .addTcbLevel(TcbLevelSpec.tdx(sgxSvns, extension.pceSvn(), tdxSvns, platformStatus, advisories));
    }

    private TdReportSpec defaultTdReport(boolean v15) {
      TdReportSpec.Builder b = TdReportSpec.builder()
          .mrSeam(pki.deriveBytes("mrseam", 48))
          .mrTd(pki.deriveBytes("mrtd", 48))
          .reportData(pki.deriveBytes("report-data", 64))
          .v15(v15);
      for (int i = 0; i < 4; i++) {
        b.rtmr(i, pki.deriveBytes("rtmr" + i, 48));
      }
      return b.build();
    }

    private SgxReportSpec defaultSgxReport() {
      return SgxReportSpec.builder()
          .cpuSvn(extension.cpuSvn())
          .mrEnclave(pki.deriveBytes("mrenclave", 32))
          .mrSigner(pki.deriveBytes("mrsigner", 32))
          .reportData(pki.deriveBytes("report-data", 64))
          .build();
    }
  }
}
