package io.phat4j.attestation.dcap.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A small thread-safe LRU map with hit/miss counters. Values are computed outside the lock, so two
 * threads may compute the same entry once each; both results are equal, the last one is kept.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class BoundedCache<K, V> {
  private final int maxSize;
  private final Map<K, V> map;
  // Counted on every lookup by every thread: LongAdder keeps a cell per contending thread, where
  // one AtomicLong would bounce its cache line between the cores of a shared verifier.
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /**
   * Creates an empty cache.
   *
   * @param maxSize the largest number of entries kept (0 disables caching)
   */
  public BoundedCache(int maxSize) {
    this.maxSize = maxSize;
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > BoundedCache.this.maxSize;
      }
    };
  }

  /**
   * Returns the cached value, counting a hit or a miss.
   *
   * @param key the key
   * @return the value or {@code null}
   */
  public @Nullable V get(K key) {
    V v;
    synchronized (map) {
      v = map.get(key);
    }
    (v == null ? misses : hits).increment();
    return v;
  }

  /**
   * Stores a value.
   *
   * @param key the key
   * @param value the value
   */
  public void put(K key, V value) {
    if (maxSize == 0) {
      return;
    }
    synchronized (map) {
      map.put(key, value);
    }
  }

  /** Counts a hit served from outside the map (a caller's fast path). */
  public void recordHit() {
    hits.increment();
  }

  /**
   * Tells whether the cache keeps entries at all.
   *
   * @return {@code false} when created with size 0
   */
  public boolean enabled() {
    return maxSize > 0;
  }

  /** Removes every entry (counters are kept). */
  public void clear() {
    synchronized (map) {
      map.clear();
    }
  }

  /**
   * Returns the number of entries.
   *
   * @return the size
   */
  public int size() {
    synchronized (map) {
      return map.size();
    }
  }

  /**
   * Returns the number of lookups that found a value.
   *
   * @return hits
   */
  public long hits() {
    return hits.sum();
  }

  /**
   * Returns the number of lookups that found nothing.
   *
   * @return misses
   */
  public long misses() {
    return misses.sum();
  }
}
