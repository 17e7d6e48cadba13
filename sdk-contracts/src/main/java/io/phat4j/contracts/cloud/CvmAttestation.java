package io.phat4j.contracts.cloud;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A CVM's attestation from {@code GET /cvms/{id}/attestation}: its RA-TLS certificates (each with
 * a TDX quote) and TCB info with the event log. Verify it with {@code phat4j-attestation}; this
 * record only carries what the server said.
 *
 * @param name the CVM name
 * @param isOnline whether it is online
 * @param isPublic whether the attestation is public
 * @param error an error the server hit while collecting it
 * @param appCertificates the certificate chain with quotes
 * @param tcbInfo the measurements and event log
 * @param composeFile the app-compose JSON
 */
public record CvmAttestation(
    @Nullable String name,
    @Nullable Boolean isOnline,
    @Nullable Boolean isPublic,
    @Nullable String error,
    List<AppCertificate> appCertificates,
    @Nullable TcbInfo tcbInfo,
    @Nullable String composeFile) {

  /** Copies the certificates. */
  public CvmAttestation {
    appCertificates = appCertificates == null ? List.of() : List.copyOf(appCertificates);
  }

  /**
   * A certificate of the app's RA-TLS chain.
   *
   * @param subject the subject
   * @param issuer the issuer
   * @param serialNumber serial number
   * @param notBefore validity start
   * @param notAfter validity end
   * @param version X.509 version
   * @param fingerprint fingerprint
   * @param signatureAlgorithm signature algorithm
   * @param sans subject alternative names
   * @param isCa whether it is a CA
   * @param positionInChain 0 for the leaf
   * @param quote the TDX quote, hex
   * @param appId the app id
   * @param certUsage what it is used for
   */
  public record AppCertificate(
      @Nullable CertName subject,
      @Nullable CertName issuer,
      @Nullable String serialNumber,
      @Nullable String notBefore,
      @Nullable String notAfter,
      @Nullable Integer version,
      @Nullable String fingerprint,
      @Nullable String signatureAlgorithm,
      List<String> sans,
      @Nullable Boolean isCa,
      @Nullable Integer positionInChain,
      @Nullable String quote,
      @Nullable String appId,
      @Nullable String certUsage) {
    /** Copies the SANs. */
    public AppCertificate {
      sans = sans == null ? List.of() : List.copyOf(sans);
    }
  }

  /**
   * A certificate subject or issuer.
   *
   * @param commonName CN
   * @param organization O
   * @param country C
   * @param state ST
   * @param locality L
   */
  public record CertName(
      @Nullable String commonName,
      @Nullable String organization,
      @Nullable String country,
      @Nullable String state,
      @Nullable String locality) {}

  /**
   * Measurements and the runtime event log.
   *
   * @param mrtd MRTD, hex
   * @param rootfsHash the root file system hash, if reported
   * @param rtmr0 RTMR0, hex
   * @param rtmr1 RTMR1, hex
   * @param rtmr2 RTMR2, hex
   * @param rtmr3 RTMR3, hex
   * @param eventLog the event log
   * @param appCompose the app-compose JSON, exact text
   */
  public record TcbInfo(
      @Nullable String mrtd,
      @Nullable String rootfsHash,
      @Nullable String rtmr0,
      @Nullable String rtmr1,
      @Nullable String rtmr2,
      @Nullable String rtmr3,
      List<EventLogItem> eventLog,
      @Nullable String appCompose) {
    /** Copies the event log. */
    public TcbInfo {
      eventLog = eventLog == null ? List.of() : List.copyOf(eventLog);
    }
  }

  /**
   * One event log entry.
   *
   * @param imr the register index
   * @param eventType the event type
   * @param digest the digest, hex
   * @param event the event name
   * @param eventPayload the payload, hex
   */
  public record EventLogItem(
      @Nullable Integer imr,
      @Nullable Long eventType,
      @Nullable String digest,
      @Nullable String event,
      @Nullable String eventPayload) {}
}
