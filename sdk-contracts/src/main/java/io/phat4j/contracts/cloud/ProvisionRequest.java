package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /cvms/provision}, the first phase of a deploy.
 *
 * @param name the CVM name
 * @param nodeId the node to run on (sent as {@code teepod_id}, as the official SDK does)
 * @param region a region instead of a node
 * @param instanceType e.g. {@code tdx.small}
 * @param image the OS image name
 * @param composeFile what to run
 * @param listed whether the app is listed publicly
 * @param kmsId the KMS id
 * @param kms {@code PHALA}, {@code ETHEREUM} or {@code BASE}
 * @param kmsContract the KMS contract address for on-chain KMS
 * @param envKeys the env names that will be sent encrypted
 * @param nonce for the PHALA KMS: a nonce giving a deterministic app id
 * @param appId the app id matching {@code nonce}
 * @param kmsContractId the KMS contract to use ({@code kc_…}), from API version 2026-06-23; replaces
 *     {@code kmsId}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvisionRequest(
    String name,
    @JsonProperty("teepod_id") @Nullable Long nodeId,
    @Nullable String region,
    @Nullable String instanceType,
    @Nullable String image,
    ComposeFileSpec composeFile,
    @Nullable Boolean listed,
    @Nullable String kmsId,
    @Nullable String kms,
    @Nullable String kmsContract,
    List<String> envKeys,
    @Nullable Long nonce,
    @Nullable String appId,
    @Nullable String kmsContractId) {
  /** Copies the env keys. */
  public ProvisionRequest {
    envKeys = envKeys == null ? List.of() : List.copyOf(envKeys);
  }
}
