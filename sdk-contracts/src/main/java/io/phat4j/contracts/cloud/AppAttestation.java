package io.phat4j.contracts.cloud;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An app's attestations from {@code GET /apps/{appId}/attestations}: one entry per running
 * instance.
 *
 * @param appId the app id
 * @param contractAddress the app contract
 * @param kmsInfo the KMS
 * @param instances the instances with their quotes
 * @param qemuVersion the QEMU version
 */
public record AppAttestation(
    @Nullable String appId,
    @Nullable String contractAddress,
    @Nullable AppKms kmsInfo,
    List<Instance> instances,
    @Nullable String qemuVersion) {

  /** Copies the instances. */
  public AppAttestation {
    instances = instances == null ? List.of() : List.copyOf(instances);
  }

  /**
   * The KMS of an app.
   *
   * @param contractAddress the KMS contract
   * @param chainId its chain id (a number; older servers sent it as text, read the same way)
   * @param version the KMS version
   * @param url the KMS URL
   * @param gatewayAppId the gateway's app id
   * @param gatewayAppUrl the gateway URL
   * @param kmsType the KMS type
   */
  public record AppKms(
      @Nullable String contractAddress,
      @Nullable Long chainId,
      @Nullable String version,
      @Nullable String url,
      @Nullable String gatewayAppId,
      @Nullable String gatewayAppUrl,
      @Nullable String kmsType) {}

  /**
   * One attested instance.
   *
   * @param vmUuid the VM UUID
   * @param name the name
   * @param instanceId the instance id
   * @param status the status
   * @param imageVersion the OS image version
   * @param quote the TDX quote, hex
   * @param ppid the platform id
   * @param ppidSha256 sha256 of the platform id, hex
   * @param deviceId the device id
   * @param fmspc the platform's FMSPC, hex
   * @param teeTcbSvn the TEE TCB SVN from the quote, hex
   * @param cpusvn the CPU SVN, hex
   * @param pcesvn the PCE SVN
   * @param mrConfigId the quote's {@code mr_config_id}, hex (check it with {@link io.phat4j.core.dstack.MrConfigId})
   * @param tcbInfo measurements and event log
   * @param appCertificates the RA-TLS certificates
   * @param composeFile the app-compose JSON
   * @param error an error collecting it
   */
  public record Instance(
      @Nullable String vmUuid,
      @Nullable String name,
      @Nullable String instanceId,
      @Nullable CvmStatus status,
      @Nullable String imageVersion,
      @Nullable String quote,
      @Nullable String ppid,
      @Nullable String ppidSha256,
      @Nullable String deviceId,
      @Nullable String fmspc,
      @Nullable String teeTcbSvn,
      @Nullable String cpusvn,
      @Nullable Integer pcesvn,
      @Nullable String mrConfigId,
      CvmAttestation.@Nullable TcbInfo tcbInfo,
      List<CvmAttestation.AppCertificate> appCertificates,
      @Nullable String composeFile,
      @Nullable String error) {
    /** Copies the certificates. */
    public Instance {
      appCertificates = appCertificates == null ? List.of() : List.copyOf(appCertificates);
    }
  }
}
