package io.phat4j.attestation.ratls;

import io.phat4j.attestation.app.AppInfo;
import io.phat4j.attestation.app.AppVerification;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who a TLS peer proved to be: the dstack app whose attested evidence binds the peer's key, as
 * the app verifier established it under the caller's policy. This is what replaces the host name
 * a normal TLS client checks.
 *
 * @param appId the app id from the attested event log (null if the log has none)
 * @param composeHash the attested compose hash (null if the log has none)
 * @param instanceIdHex the attested instance id, hex (empty if none)
 * @param osImageHash the OS image hash of the VM config (null if none)
 * @param tcbStatus the quote's TCB status, e.g. {@code UpToDate}
 * @param wireFormat how the certificate carried the attestation
 * @param certificateSha256 SHA-256 of the leaf certificate's DER
 * @param publicKeySha256 SHA-256 of the leaf's SubjectPublicKeyInfo DER (the attested key)
 * @param validUntil when the verdict stops being current (collateral, certificate or cache age)
 * @param verification the app verifier's full report
 */
public record RaTlsIdentity(
    @Nullable AppId appId,
    @Nullable Bytes32 composeHash,
    String instanceIdHex,
    @Nullable Bytes32 osImageHash,
    @Nullable String tcbStatus,
    AttestationWireFormat wireFormat,
    Bytes32 certificateSha256,
    Bytes32 publicKeySha256,
    Instant validUntil,
    AppVerification verification) {

  /** Checks the components. */
  public RaTlsIdentity {
    Objects.requireNonNull(instanceIdHex, "instanceIdHex");
    Objects.requireNonNull(wireFormat, "wireFormat");
    Objects.requireNonNull(certificateSha256, "certificateSha256");
    Objects.requireNonNull(publicKeySha256, "publicKeySha256");
    Objects.requireNonNull(validUntil, "validUntil");
    Objects.requireNonNull(verification, "verification");
  }

  static RaTlsIdentity of(RaTlsCertificate cert, Bytes32 publicKeySha256, AppVerification v, Instant validUntil) {
    AppInfo info = v.appInfo();
    return new RaTlsIdentity(
        info == null ? null : info.appId(),
        info == null ? null : info.composeHash(),
        info == null ? "" : info.instanceIdHex(),
        info == null ? null : info.osImageHash(),
        v.tcbStatus(),
        cert.wireFormat(),
        cert.fingerprint(),
        publicKeySha256,
        validUntil,
        v);
  }

  /**
   * Returns the identity as a few {@code key: value} lines, for logs and the CLI.
   *
   * @return the text, ending with a newline
   */
  public String toText() {
    return "verified RA-TLS peer\n"
        + "  app_id:        " + (appId == null ? "-" : appId.hex()) + "\n"
        + "  compose_hash:  " + (composeHash == null ? "-" : composeHash.hex()) + "\n"
        + "  instance_id:   " + (instanceIdHex.isEmpty() ? "-" : instanceIdHex) + "\n"
        + "  os_image_hash: " + (osImageHash == null ? "-" : osImageHash.hex()) + "\n"
        + "  tcb_status:    " + (tcbStatus == null ? "-" : tcbStatus) + "\n"
        + "  attestation:   " + wireFormat.wireName() + "\n"
        + "  key_sha256:    " + publicKeySha256.hex() + "\n"
        + "  valid_until:   " + validUntil + "\n";
  }

  /** A one-line summary (app id, compose hash, key). */
  @Override
  public String toString() {
    return "RaTlsIdentity[appId=" + (appId == null ? "-" : appId.hex())
        + ", composeHash=" + (composeHash == null ? "-" : composeHash.hex())
        + ", key=" + publicKeySha256.hex() + "]";
  }
}
