package io.phat4j.attestation.dcap.pcs;

/**
 * Counters of a {@link CachingCollateralSource}, for monitoring and tests.
 *
 * @param hits lookups answered from a current cache entry
 * @param misses lookups that found no current entry (they fetched, or waited for another caller's fetch)
 * @param fetches calls to the delegate source (one per miss that was not joined to a fetch in flight)
 * @param evictions entries dropped to respect the size bound
 * @param size entries held now
 */
public record CollateralCacheStats(long hits, long misses, long fetches, long evictions, int size) {}
