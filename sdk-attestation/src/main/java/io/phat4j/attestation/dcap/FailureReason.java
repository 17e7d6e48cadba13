package io.phat4j.attestation.dcap;

/**
 * Which step of quote verification (or of a {@link VerificationPolicy}) failed.
 *
 * <p>Each constant carries dcap-qvl's message text for that step where the reference defines one;
 * {@link QuoteVerificationException#dcapQvlMessage()} may refine it (e.g. with a status name).
 */
public enum FailureReason {
  /** The quote is truncated or malformed. */
  QUOTE_FORMAT("Failed to decode quote"),
  /** The quote version does not fit its TEE type (SGX needs v3, TDX v4 or v5). */
  UNSUPPORTED_VERSION("Unsupported DCAP quote version"),
  /** The QE vendor ID is not Intel's. */
  QE_VENDOR_ID("Unknown QE vendor ID"),
  /** The attestation key type is not ECDSA P-256. */
  ATTESTATION_KEY_TYPE("Unsupported DCAP attestation key type"),
  /** The trust anchor is unusable (not P-256, or revoked by a CRL). */
  TRUST_ANCHOR("Certificate is revoked"),
  /** A PEM chain in the collateral holds no parseable certificate. */
  COLLATERAL_FORMAT("Failed to decode collateral"),
  /** The TCB info JSON is malformed or not version 3. */
  TCB_INFO_FORMAT("Failed to decode TcbInfo"),
  /** The TCB info's issue date is after the verification time. */
  TCB_INFO_NOT_YET_VALID("TCBInfo issue date is in the future"),
  /** The TCB info's next update is before the verification time. */
  TCB_INFO_EXPIRED("TCBInfo expired"),
  /** The TCB info signature does not verify. */
  TCB_INFO_SIGNATURE("Signature is invalid for tcb_info"),
  /** The TCB info is for the other TEE type. */
  TCB_INFO_TYPE("TCB info does not match the quote TEE type"),
  /** The QE identity JSON is malformed. */
  QE_IDENTITY_FORMAT("Failed to decode QeIdentity"),
  /** The QE identity's issue date is after the verification time. */
  QE_IDENTITY_NOT_YET_VALID("QE Identity issue date is in the future"),
  /** The QE identity's next update is before the verification time. */
  QE_IDENTITY_EXPIRED("QE Identity expired"),
  /** The QE identity signature does not verify. */
  QE_IDENTITY_SIGNATURE("Signature is invalid for qe_identity"),
  /** The QE identity's id or version does not fit the quote's TEE type. */
  QE_IDENTITY_TYPE("Unsupported QE Identity id/version for the quote TEE type"),
  /** The quote carries no usable PCK certificate chain. */
  PCK_CERT_FORMAT("Unsupported DCAP PCK cert format"),
  /** A certificate chain is too short, mis-ordered or a signature in it does not verify. */
  CERT_CHAIN("Failed to verify certificate chain"),
  /** A certificate is outside its validity period. */
  CERT_EXPIRED("Certificate is expired or not yet valid"),
  /** A certificate is listed in a CRL. */
  CERT_REVOKED("Certificate is revoked"),
  /** A CRL is malformed. */
  CRL_FORMAT("Failed to decode CRL"),
  /** No CRL covers a certificate's issuer, so its revocation status is unknown. */
  CRL_MISSING("Unknown revocation status"),
  /** A CRL's signature does not verify under its issuer's key. */
  CRL_SIGNATURE("CRL signature is invalid"),
  /** A CRL's next update is before the verification time. */
  CRL_EXPIRED("CRL expired"),
  /** The PCK certificate's SGX extension is missing or malformed. */
  PCK_EXTENSION("Failed to parse the PCK certificate SGX extension"),
  /** The QE report signature does not verify under the PCK key. */
  QE_REPORT_SIGNATURE("Signature is invalid for qe_report in quote"),
  /** The QE authentication data is not 32 bytes. */
  QE_AUTH_DATA("Invalid QE auth data length"),
  /** The QE report does not commit to the attestation key. */
  QE_REPORT_BINDING("QE report hash mismatch"),
  /** The QE report does not match the QE identity (MRSIGNER, ISVPRODID, MISCSELECT, ATTRIBUTES, DEBUG). */
  QE_IDENTITY_MISMATCH("QE report does not match the QE identity"),
  /** The QE's ISVSVN is below every QE identity TCB level. */
  QE_TCB_LEVEL("QE ISVSVN is below minimum required"),
  /** The quote signature does not verify under the attestation key. */
  QUOTE_SIGNATURE("ISV enclave report signature is invalid"),
  /** The PCK certificate's FMSPC differs from the TCB info's. */
  FMSPC_MISMATCH("Fmspc mismatch"),
  /** A TCB level has the wrong number of components. */
  TCB_COMPONENTS("TCB component count mismatch"),
  /** No platform TCB level is satisfied by the platform's SVNs. */
  NO_MATCHING_TCB_LEVEL("No matching TCB level found"),
  /** The TDX module signer or attributes do not match the TCB info. */
  TDX_MODULE_IDENTITY("TDX module identity mismatch"),
  /** The TDX module's SVN is below every module TCB level. */
  TDX_MODULE_TCB("No matching TDX module TCB level found"),
  /** The merged TCB status is Revoked or unknown. */
  TCB_STATUS_REVOKED("TCB status is invalid"),
  /** The enclave or TD is in debug mode. */
  DEBUG_ENABLED("Debug mode is enabled"),
  /** Reserved TD attribute bits are set. */
  TD_ATTRIBUTES("Reserved bits in TD attributes are set"),
  /** The TD does not have SEPT_VE_DISABLE set. */
  SEPT_VE_DISABLED("SEPT_VE_DISABLE is not enabled"),
  /** A TD report 1.5 has a non-zero MRSERVICETD. */
  SERVICE_TD("Invalid mr service td"),
  /** Input so malformed that a library rejected it in a step with no more specific reason (fails closed). */
  MALFORMED_INPUT("Failed to verify quote"),
  /** Policy: the TCB status is not among the accepted ones. */
  POLICY_TCB_STATUS("TCB status not accepted by policy"),
  /** Policy: an advisory ID is not in the allowed set. */
  POLICY_ADVISORY("Advisory not accepted by policy"),
  /** Policy: debug enclaves or TDs are forbidden. */
  POLICY_DEBUG("Debug mode is not accepted by policy"),
  /** Policy: the report data is not the expected one. */
  POLICY_REPORT_DATA("Report data does not match"),
  /** Policy: a measurement is not in its allowlist. */
  POLICY_MEASUREMENT("Measurement not allowed by policy"),
  /** Policy: the collateral is older than allowed. */
  POLICY_COLLATERAL_AGE("Collateral too old");

  private final String dcapQvlMessage;

  FailureReason(String dcapQvlMessage) {
    this.dcapQvlMessage = dcapQvlMessage;
  }

  /**
   * Returns the reference implementation's message for this step (or a close equivalent).
   *
   * @return the default message
   */
  public String dcapQvlMessage() {
    return dcapQvlMessage;
  }
}
