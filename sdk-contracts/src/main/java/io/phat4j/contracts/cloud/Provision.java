package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * The answer to {@code POST /cvms/provision}: the compose hash and, for the PHALA KMS, the app id
 * and the public key to encrypt env vars to.
 *
 * @param appId the app id (40 hex), {@code null} for on-chain KMS until the contract exists
 * @param appEnvEncryptPubkey the X25519 env-encrypt public key, hex
 * @param composeHash sha256 of the server-normalised {@code app-compose.json}, hex
 * @param kmsInfo the KMS chosen
 * @param fmspc the platform's FMSPC
 * @param deviceId the node's device id
 * @param osImageHash the OS image hash
 * @param instanceType the instance type
 * @param nodeId the node id
 * @param teepodId the node id under its older name
 * @param kmsId the KMS node id (deprecated by the API in favour of {@code kmsContractId})
 * @param kmsContractId the KMS contract's id ({@code kc_…} or a number, as text), from API version
 *     2026-06-23
 */
public record Provision(
    @Nullable String appId,
    @Nullable String appEnvEncryptPubkey,
    String composeHash,
    @Nullable KmsInfo kmsInfo,
    @Nullable String fmspc,
    @Nullable String deviceId,
    @Nullable String osImageHash,
    @Nullable String instanceType,
    @Nullable String nodeId,
    @Nullable String teepodId,
    @Nullable String kmsId,
    @Nullable String kmsContractId) {}
