package io.phat4j.devnet.internal;

import io.phat4j.core.Measurement;
import io.phat4j.testkit.DcapQuoteBuilder;
import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.DcapTestVector;
import io.phat4j.testkit.PckCredential;
import io.phat4j.testkit.SgxReportSpec;
import io.phat4j.testkit.TdReportSpec;
import io.phat4j.testkit.TestCollateral;
import io.phat4j.testkit.TestSigningKey;
import java.util.Arrays;
import java.util.List;

/**
 * Signs TDX v4 quotes under the devnet PKI: one simulated platform (one PCK certificate, one
 * quoting enclave, one attestation key) whose collateral is issued once at start.
 *
 * <p>Thread-safe: everything is immutable and the signers are deterministic.
 */
public final class QuoteFactory {
  private final DcapTestPki pki;
  private final PckCredential pck;
  private final TestCollateral collateral;
  private final SgxReportSpec qeReport;
  private final TestSigningKey attestationKey;
  private final byte[] userData;
  private final byte[] mrSeam;

  /**
   * Issues the platform's PCK certificate and collateral.
   *
   * @param pki the devnet PKI
   */
  public QuoteFactory(DcapTestPki pki) {
    this.pki = pki;
    // The vector builder issues the PCK and signs collateral that matches it; its own quote is
    // discarded, quotes are made below with the same PCK, QE and attestation key.
    DcapTestVector platform = DcapTestVector.tdxV4(pki).build();
    this.pck = platform.pck();
    this.collateral = platform.collateral();
    this.mrSeam = pki.deriveBytes("mrseam", 48);
    this.qeReport = SgxReportSpec.tdQe()
        .cpuSvn(pck.extension().cpuSvn())
        .mrEnclave(pki.deriveBytes("qe-mrenclave", 32))
        .build();
    this.attestationKey = pki.key("attestation-key");
    // Real quotes start the header user data with the 16-byte QE ID.
    this.userData = Arrays.copyOf(pki.deriveBytes("qe-id", 16), 20);
  }

  /**
   * Signs a quote over a TD report with these measurements.
   *
   * @param mrtd MRTD
   * @param rtmrs RTMR0 to RTMR3
   * @param reportData exactly 64 bytes
   * @return the quote bytes
   */
  public byte[] quote(Measurement mrtd, List<Measurement> rtmrs, byte[] reportData) {
    TdReportSpec.Builder report = TdReportSpec.builder()
        .mrSeam(mrSeam)
        .mrTd(mrtd.toByteArray())
        .reportData(reportData);
    for (int i = 0; i < 4; i++) {
      report.rtmr(i, rtmrs.get(i).toByteArray());
    }
    return DcapQuoteBuilder.tdxV4(report.build(), pck, attestationKey)
        .qeReport(qeReport)
        .userData(userData)
        .build();
  }

  /**
   * Returns the platform's collateral (PCK CRL, root CA CRL, TCB info, QE identity).
   *
   * @return the collateral
   */
  public TestCollateral collateral() {
    return collateral;
  }

  /**
   * Returns the devnet root CA certificate, DER.
   *
   * @return a fresh array
   */
  public byte[] rootCaDer() {
    return pki.rootCaDer();
  }

  /**
   * Returns the PKI.
   *
   * @return the PKI
   */
  public DcapTestPki pki() {
    return pki;
  }

  /**
   * Returns the platform's PCK certificate.
   *
   * @return the certificate and key
   */
  public PckCredential pck() {
    return pck;
  }
}
