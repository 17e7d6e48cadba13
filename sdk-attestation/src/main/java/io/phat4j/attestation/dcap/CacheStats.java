package io.phat4j.attestation.dcap;

/**
 * Counters of a verifier's caches, for monitoring and tests.
 *
 * @param collateralHits lookups that reused prepared collateral (parsed JSON, verified signatures and chains)
 * @param collateralMisses lookups that had to prepare collateral
 * @param pckChainHits lookups that reused a verified PCK certificate chain
 * @param pckChainMisses lookups that had to verify a PCK chain
 */
public record CacheStats(long collateralHits, long collateralMisses, long pckChainHits, long pckChainMisses) {}
