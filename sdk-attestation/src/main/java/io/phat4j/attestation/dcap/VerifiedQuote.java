package io.phat4j.attestation.dcap;

import java.time.Instant;
import java.util.List;

/**
 * A quote whose signatures and collateral verified, with its TCB status.
 *
 * <p>"Verified" means cryptographically genuine and evaluated against Intel's TCB data; whether
 * the {@link #status()} and measurements are acceptable is a separate decision, made by a {@link
 * VerificationPolicy}.
 *
 * @param teeType SGX or TDX
 * @param status the overall TCB status (platform, TDX module and QE merged; never Revoked/Unknown)
 * @param advisoryIds the Intel advisories that apply: platform first, then new QE ones
 * @param platformStatus the platform TCB status (including the TDX module level)
 * @param platformAdvisoryIds the platform advisories
 * @param qeStatus the quoting enclave's TCB status
 * @param qeAdvisoryIds the quoting enclave's advisories
 * @param pck the PCK certificate's SGX extension (FMSPC, PPID, SVNs)
 * @param quote the parsed quote, for its header and typed report
 * @param verifiedAt the verification time used
 * @param collateralIssuedAt the older issue date of the TCB info and QE identity
 * @param tcbEvaluationDataNumber the TCB info's evaluation data number
 * @param trustAnchor the root the PCK chain ends in; {@link TrustAnchorInfo#intelRoot()} is false
 *     for a caller-named root such as a test PKI or the devnet
 */
public record VerifiedQuote(
    TeeType teeType,
    TcbStatus status,
    List<String> advisoryIds,
    TcbStatus platformStatus,
    List<String> platformAdvisoryIds,
    TcbStatus qeStatus,
    List<String> qeAdvisoryIds,
    PckExtension pck,
    Quote quote,
    Instant verifiedAt,
    Instant collateralIssuedAt,
    int tcbEvaluationDataNumber,
    TrustAnchorInfo trustAnchor) {

  /** Copies the lists. */
  public VerifiedQuote {
    java.util.Objects.requireNonNull(trustAnchor, "trustAnchor");
    advisoryIds = List.copyOf(advisoryIds);
    platformAdvisoryIds = List.copyOf(platformAdvisoryIds);
    qeAdvisoryIds = List.copyOf(qeAdvisoryIds);
  }

  /**
   * Returns the typed report the quote signs.
   *
   * @return an {@link SgxReport} or {@link TdReport}
   */
  public ReportBody report() {
    return quote.body();
  }

  /**
   * Returns the PCK certificate's FMSPC as lowercase hex.
   *
   * @return 12 hex digits
   */
  public String fmspc() {
    return pck.fmspcHex();
  }

  /**
   * Returns the platform provisioning ID from the PCK certificate.
   *
   * @return a copy of the 16 bytes
   */
  public byte[] ppid() {
    return pck.ppid();
  }
}
