package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * A KMS as Phala Cloud describes it ({@code GET /kms/{id}}, provision results, 465 answers).
 *
 * @param id the KMS id
 * @param slug the short name, e.g. {@code phala} or {@code base}
 * @param url the KMS endpoint
 * @param version the KMS version
 * @param chainId the chain of its contract, for on-chain KMS
 * @param kmsContractAddress the {@code DstackKms} contract, for on-chain KMS
 * @param gatewayAppId the gateway's app id
 */
public record KmsInfo(
    @Nullable String id,
    @Nullable String slug,
    @Nullable String url,
    @Nullable String version,
    @Nullable Long chainId,
    @Nullable String kmsContractAddress,
    @Nullable String gatewayAppId) {}
