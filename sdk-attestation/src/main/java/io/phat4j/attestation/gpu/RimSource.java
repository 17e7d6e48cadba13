package io.phat4j.attestation.gpu;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Supplies RIM XML by NVIDIA RIM id (e.g. {@code NV_GPU_DRIVER_GH100_550.90.07}).
 *
 * <p>Offline, use {@link #none()} (RIM checks are then reported as not run) or {@link #of(Map)}
 * with pre-fetched RIMs; an online provider for {@code rim.attestation.nvidia.com} plugs in here.
 */
@FunctionalInterface
public interface RimSource {
  /**
   * Looks up a RIM.
   *
   * @param rimId the NVIDIA RIM id
   * @return the RIM XML bytes, or empty when this source has none
   */
  Optional<byte[]> find(String rimId);

  /**
   * Returns a source with no RIMs.
   *
   * @return the empty source
   */
  static RimSource none() {
    return id -> Optional.empty();
  }

  /**
   * Returns a source backed by pre-fetched RIMs.
   *
   * @param rims RIM XML by RIM id (copied)
   * @return the source
   */
  static RimSource of(Map<String, byte[]> rims) {
    Map<String, byte[]> copy = new HashMap<>();
    rims.forEach((k, v) -> copy.put(k, v.clone()));
    return id -> Optional.ofNullable(copy.get(id)).map(byte[]::clone);
  }

  /**
   * Wraps a source (typically an online one) so each RIM found is fetched once and then served
   * from memory; misses are not cached, so a RIM published later is still found. RIMs are
   * immutable signed documents, so caching them does not weaken any check.
   *
   * @param delegate the source to cache
   * @return the caching source (thread-safe when {@code delegate} is)
   */
  static RimSource caching(RimSource delegate) {
    ConcurrentHashMap<String, byte[]> cache = new ConcurrentHashMap<>();
    return id -> {
      byte[] hit = cache.get(id);
      if (hit == null) {
        Optional<byte[]> found = delegate.find(id);
        if (found.isEmpty()) {
          return Optional.empty();
        }
        hit = cache.computeIfAbsent(id, k -> found.get().clone());
      }
      return Optional.of(hit.clone());
    };
  }
}
