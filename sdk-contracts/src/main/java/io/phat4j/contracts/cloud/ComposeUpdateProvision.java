package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * The answer to {@code POST /cvms/{id}/compose_file/provision}: the new compose hash to commit.
 *
 * @param appId the app id
 * @param deviceId the device id
 * @param composeHash the new compose hash
 * @param kmsInfo the KMS
 * @param composeHashRegistered for on-chain apps, whether the hash is already registered
 * @param composeUnchanged {@code true} when the new compose is the one the CVM already runs: there
 *     is nothing to commit
 */
public record ComposeUpdateProvision(
    @Nullable String appId,
    @Nullable String deviceId,
    String composeHash,
    @Nullable KmsInfo kmsInfo,
    @Nullable Boolean composeHashRegistered,
    @Nullable Boolean composeUnchanged) {

  /**
   * Tells whether the server found the compose unchanged.
   *
   * @return {@code true} if {@code compose_unchanged} was {@code true}
   */
  public boolean unchanged() {
    return Boolean.TRUE.equals(composeUnchanged);
  }
}
