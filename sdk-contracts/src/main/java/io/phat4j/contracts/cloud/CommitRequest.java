package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /cvms}, the second phase of a deploy that creates the CVM.
 *
 * @param appId the app id from the provision (or the on-chain contract)
 * @param composeHash the compose hash from the provision
 * @param encryptedEnv the encrypted env, hex
 * @param kmsId the KMS id
 * @param contractAddress the {@code DstackApp} contract, for on-chain KMS
 * @param deployerAddress the account that deployed it
 * @param envKeys the env names inside the encrypted env
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommitRequest(
    String appId,
    String composeHash,
    @Nullable String encryptedEnv,
    @Nullable String kmsId,
    @Nullable String contractAddress,
    @Nullable String deployerAddress,
    List<String> envKeys) {
  /** Copies the env keys. */
  public CommitRequest {
    envKeys = envKeys == null ? List.of() : List.copyOf(envKeys);
  }
}
