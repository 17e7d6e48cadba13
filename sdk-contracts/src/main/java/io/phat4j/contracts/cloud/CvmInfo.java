package io.phat4j.contracts.cloud;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A CVM's details from {@code GET /cvms/{id}} and {@code GET /cvms/paginated} (API versions
 * 2026-01-21 and later; fields a version lacks are {@code null}).
 *
 * @param id the CVM id: hashed ({@code cvm_…}) from API 2026-05-22, the placeholder {@code 0} under
 *     2026-01-21; see {@link CvmId#from}
 * @param name the name
 * @param appId the app id
 * @param vmUuid the VM UUID
 * @param instanceId the instance id
 * @param resource the resources allocated
 * @param nodeInfo the node it runs on
 * @param os the OS image
 * @param kmsType {@code phala}, {@code ethereum}, {@code base} or {@code legacy}
 * @param kmsInfo the KMS and contract details
 * @param status the status
 * @param progress an operation in progress
 * @param composeHash the current compose hash
 * @param gateway the gateway domain
 * @param endpoints the public URLs
 * @param publicLogs whether logs are public
 * @param publicSysinfo whether system info is public
 * @param publicTcbinfo whether TCB info is public
 * @param gatewayEnabled whether the gateway is enabled
 * @param secureTime whether secure time is on
 * @param listed whether the app is listed
 * @param storageFs the storage file system
 */
public record CvmInfo(
    @Nullable String id,
    @Nullable String name,
    @Nullable String appId,
    @Nullable String vmUuid,
    @Nullable String instanceId,
    @Nullable Resource resource,
    @Nullable NodeInfo nodeInfo,
    @Nullable Os os,
    @Nullable String kmsType,
    @Nullable CvmKms kmsInfo,
    @Nullable CvmStatus status,
    @Nullable Progress progress,
    @Nullable String composeHash,
    @Nullable Gateway gateway,
    List<Endpoint> endpoints,
    @Nullable Boolean publicLogs,
    @Nullable Boolean publicSysinfo,
    @Nullable Boolean publicTcbinfo,
    @Nullable Boolean gatewayEnabled,
    @Nullable Boolean secureTime,
    @Nullable Boolean listed,
    @Nullable String storageFs) {

  /** Copies the endpoints. */
  public CvmInfo {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }

  /**
   * Resources allocated to the CVM.
   *
   * @param instanceType e.g. {@code tdx.small}
   * @param vcpu vCPUs
   * @param memoryInGb memory
   * @param diskInGb disk
   * @param gpus GPUs
   * @param computeBillingPrice the price
   * @param billingPeriod the billing period
   */
  public record Resource(
      @Nullable String instanceType,
      @Nullable Integer vcpu,
      @Nullable Double memoryInGb,
      @Nullable Double diskInGb,
      @Nullable Integer gpus,
      @Nullable String computeBillingPrice,
      @Nullable String billingPeriod) {}

  /**
   * The node a CVM runs on.
   *
   * @param id node id
   * @param name node name
   * @param region region
   * @param deviceId device id
   * @param ppid platform id
   * @param status node status
   * @param version dstack version
   */
  public record NodeInfo(
      @Nullable String id,
      @Nullable String name,
      @Nullable String region,
      @Nullable String deviceId,
      @Nullable String ppid,
      @Nullable String status,
      @Nullable String version) {}

  /**
   * The OS image.
   *
   * @param name image name
   * @param version image version
   * @param isDev whether it is a dev image
   * @param osImageHash its hash
   */
  public record Os(
      @Nullable String name,
      @Nullable String version,
      @Nullable Boolean isDev,
      @Nullable String osImageHash) {}

  /**
   * KMS and contract details of a CVM.
   *
   * @param chainId chain id
   * @param dstackKmsAddress the {@code DstackKms} contract
   * @param dstackAppAddress the {@code DstackApp} contract
   * @param deployerAddress the deployer
   * @param rpcEndpoint the chain RPC
   * @param encryptedEnvPubkey the env-encrypt public key
   */
  public record CvmKms(
      @Nullable Long chainId,
      @Nullable String dstackKmsAddress,
      @Nullable String dstackAppAddress,
      @Nullable String deployerAddress,
      @Nullable String rpcEndpoint,
      @Nullable String encryptedEnvPubkey) {}

  /**
   * An operation in progress.
   *
   * @param target the target status
   * @param startedAt when it started
   * @param correlationId its correlation id
   */
  public record Progress(
      @Nullable String target, @Nullable String startedAt, @Nullable String correlationId) {}

  /**
   * The gateway domain.
   *
   * @param baseDomain the base domain
   * @param cname the CNAME
   */
  public record Gateway(@Nullable String baseDomain, @Nullable String cname) {}

  /**
   * A public endpoint.
   *
   * @param app the app URL
   * @param instance the instance URL
   */
  public record Endpoint(@Nullable String app, @Nullable String instance) {}
}
