package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * Phala Cloud answered HTTP 465: the app is governed by an on-chain {@code DstackApp} contract and
 * the new compose hash must be registered there ({@code addComposeHash}) before the change can be
 * applied.
 *
 * <p>This is an expected step, not an error. Register {@link #composeHash()} (and the device, if
 * {@link #onchainStatus()} says so) on chain, then confirm with the transaction hash: for a patch
 * through {@code CvmsApi.confirmPatch}, for a token flow through {@code CvmsApi.commitUpdate}, for
 * env or compose updates by repeating them with the transaction hash.
 *
 * @param message the server's message
 * @param errorCode the server's code, typically {@code ERR-01-005}
 * @param composeHash the compose hash to register
 * @param appId the app id (the contract address without {@code 0x})
 * @param deviceId the device the CVM runs on
 * @param kmsInfo the KMS governing the app
 * @param commitToken the token for {@code POST /cvms/{id}/commit-update}, if issued
 * @param commitUrl the dashboard URL to finish the commit, if issued
 * @param apiCommitUrl the API URL to finish the commit, if issued
 * @param onchainStatus what the contract currently allows, if reported
 */
public record OnChainRegistrationRequired(
    String message,
    @Nullable String errorCode,
    @Nullable String composeHash,
    @Nullable String appId,
    @Nullable String deviceId,
    @Nullable KmsInfo kmsInfo,
    @Nullable String commitToken,
    @Nullable String commitUrl,
    @Nullable String apiCommitUrl,
    @Nullable OnChainStatus onchainStatus) {}
