package io.phat4j.contracts.cloud;

import io.phat4j.core.crypto.Secp256k1PublicKey;
import org.jspecify.annotations.Nullable;

/**
 * A KMS contract from the contract-centric KMS API (API version 2026-06-23): a group of equivalent
 * KMS nodes sharing one root key.
 *
 * @param id the hashed contract id, e.g. {@code kc_…}
 * @param slug the short name, if any
 * @param label a display label, if any
 * @param contractAddress the {@code DstackKms} address for Ethereum or Base, or {@code "phala"}
 *     for Phala's off-chain KMS
 * @param chainId the chain id; {@code 0} for the off-chain PHALA KMS
 * @param k256Pubkey the KMS root secp256k1 public key, hex: the key that signs env-encrypt keys
 * @param caPubkey the KMS CA public key, hex
 * @param nodeCount how many KMS nodes serve the contract
 */
public record KmsContract(
    String id,
    @Nullable String slug,
    @Nullable String label,
    String contractAddress,
    long chainId,
    @Nullable String k256Pubkey,
    @Nullable String caPubkey,
    int nodeCount) {

  /** The {@code contract_address} Phala's off-chain KMS uses. */
  public static final String PHALA = "phala";

  /**
   * Tells whether this is Phala's off-chain KMS.
   *
   * @return {@code true} for the {@code "phala"} contract
   */
  public boolean offChain() {
    return PHALA.equalsIgnoreCase(contractAddress);
  }

  /**
   * Returns the root key that signs env-encrypt keys, parsed.
   *
   * @return the key, or {@code null} if the server has none for this contract
   * @throws io.phat4j.core.DecodeException if the server's key is malformed
   */
  public @Nullable Secp256k1PublicKey rootKey() {
    return k256Pubkey == null || k256Pubkey.isBlank()
        ? null
        : Secp256k1PublicKey.fromHex("k256_pubkey", k256Pubkey);
  }
}
