package io.phat4j.contracts.cloud;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A CVM as returned by commit, start, stop, shutdown, restart and replicate.
 *
 * @param id the CVM id as the API version renders it: numeric (2025-10-28), the placeholder {@code 0}
 *     (2026-01-21) or hashed, {@code cvm_…} (2026-05-22 on); see {@link CvmId#from}
 * @param name the name
 * @param status the status
 * @param teepodId the node id
 * @param teepod the node
 * @param userId the owner
 * @param appId the app id
 * @param vmUuid the VM UUID
 * @param instanceId the instance id
 * @param appUrl the app's URL
 * @param baseImage the OS image
 * @param vcpu vCPUs
 * @param memory memory in MB
 * @param diskSize disk in GB
 * @param manifestVersion the app-compose manifest version
 * @param version the dstack version
 * @param runner e.g. {@code docker-compose}
 * @param dockerComposeFile the compose YAML
 * @param features e.g. {@code kms}, {@code tproxy-net}
 * @param createdAt creation time, ISO-8601
 * @param encryptedEnvPubkey the env-encrypt public key, hex
 * @param appAuthContractAddress the {@code DstackApp} contract, for on-chain KMS
 * @param deployerAddress the deployer, for on-chain KMS
 */
public record Vm(
    @Nullable String id,
    @Nullable String name,
    @Nullable CvmStatus status,
    @Nullable String teepodId,
    @Nullable NodeRef teepod,
    @Nullable String userId,
    @Nullable String appId,
    @Nullable String vmUuid,
    @Nullable String instanceId,
    @Nullable String appUrl,
    @Nullable String baseImage,
    @Nullable Integer vcpu,
    @Nullable Long memory,
    @Nullable Long diskSize,
    @Nullable Integer manifestVersion,
    @Nullable String version,
    @Nullable String runner,
    @Nullable String dockerComposeFile,
    List<String> features,
    @Nullable String createdAt,
    @Nullable String encryptedEnvPubkey,
    @Nullable String appAuthContractAddress,
    @Nullable String deployerAddress) {
  /** Copies the features. */
  public Vm {
    features = features == null ? List.of() : List.copyOf(features);
  }

  /**
   * A node reference.
   *
   * @param id the node id
   * @param name the node name
   */
  public record NodeRef(@Nullable String id, @Nullable String name) {}
}
