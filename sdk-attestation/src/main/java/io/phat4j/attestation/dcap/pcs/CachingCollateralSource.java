package io.phat4j.attestation.dcap.pcs;

import io.phat4j.attestation.dcap.CollateralSource;
import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.pcs.internal.CollateralExpiry;
import io.phat4j.core.PhalaException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches another source's collateral per {@link CollateralKey} (TEE type, FMSPC, PCK CA) until the
 * earliest {@code nextUpdate} of its TCB info, QE identity, PCK CRL and root CA CRL.
 *
 * {@snippet :
 * CachingCollateralSource collateral = CachingCollateralSource.builder(
 *         PcsCollateralClient.builder().phalaPccs().build())
 *     .maxEntries(64)
 *     .build();
 * // share `collateral` between verifiers and threads
 * }
 *
 * <ul>
 *   <li><b>Freshness.</b> An entry is served while the clock is before its earliest {@code
 *       nextUpdate}; the first lookup after that fetches again. A failed fetch is not cached: the
 *       exception reaches the caller (and any callers waiting on the same fetch) and the next lookup
 *       tries again. Stale collateral is never served in place of a failed refresh.
 *   <li><b>Single flight.</b> Concurrent lookups of the same key share one delegate call.
 *       Different keys fetch in parallel.
 *   <li><b>Bounded.</b> Beyond {@link Builder#maxEntries} entries, expired entries go first, then
 *       the least recently used.
 *   <li><b>Per-key collateral only.</b> Collateral that carries its own {@code
 *       pck_certificate_chain} belongs to one quote, not to its key, so it is passed through and
 *       never cached.
 * </ul>
 *
 * <p>Thread-safe. The delegate must be thread-safe and is not closed by this class.
 */
public final class CachingCollateralSource implements CollateralSource {
  /** Default bound on entries: far more than the platforms one verifier usually sees. */
  public static final int DEFAULT_MAX_ENTRIES = 256;

  private static final Logger LOG = LoggerFactory.getLogger(CachingCollateralSource.class);
  /** Bound on remembered PCK chains; every machine has its own leaf, so this outgrows the entries. */
  private static final int MAX_REMEMBERED_CHAINS = 4096;

  private final CollateralSource delegate;
  private final Clock clock;
  private final int maxEntries;
  private final ConcurrentHashMap<CollateralKey, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CollateralKey> keysByChain = new ConcurrentHashMap<>();
  private final AtomicLong tick = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong fetches = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();

  private CachingCollateralSource(Builder b) {
    this.delegate = b.delegate;
    this.clock = b.clock;
    this.maxEntries = b.maxEntries;
  }

  /**
   * Starts a builder over a delegate source, e.g. a {@link PcsCollateralClient}.
   *
   * @param delegate where missing or expired collateral is fetched from
   * @return a new builder
   */
  public static Builder builder(CollateralSource delegate) {
    return new Builder(delegate);
  }

  /**
   * Returns cached collateral for the quote's key, fetching it from the delegate if absent or past
   * its {@code nextUpdate}.
   *
   * @param quote the parsed quote
   * @return the collateral
   * @throws io.phat4j.core.DecodeException if the quote carries no PCK chain
   * @throws PhalaException whatever the delegate throws
   */
  @Override
  public QuoteCollateral collateralFor(Quote quote) {
    CollateralKey key = keyOf(quote);
    while (true) {
      Entry existing = entries.get(key);
      if (existing != null) {
        Cached cached = existing.value();
        if (cached == null) {
          // In flight (or just failed): share that fetch's outcome.
          misses.incrementAndGet();
          return await(existing.future).collateral;
        }
        if (clock.instant().isBefore(cached.expiresAt)) {
          hits.incrementAndGet();
          existing.lastUsed = tick.incrementAndGet();
          return cached.collateral;
        }
        entries.remove(key, existing);
        continue;
      }
      Entry mine = new Entry(tick.incrementAndGet());
      if (entries.putIfAbsent(key, mine) != null) {
        continue;
      }
      misses.incrementAndGet();
      return load(key, quote, mine);
    }
  }

  /**
   * Returns the counters.
   *
   * @return a snapshot
   */
  public CollateralCacheStats stats() {
    return new CollateralCacheStats(hits.get(), misses.get(), fetches.get(), evictions.get(), entries.size());
  }

  /** Drops every entry; fetches in flight still complete for their callers. */
  public void invalidateAll() {
    entries.clear();
  }

  @Override
  public String toString() {
    return "CachingCollateralSource{delegate=" + delegate + ", maxEntries=" + maxEntries + ", " + stats() + '}';
  }

  /**
   * Derives the key, remembering it per PCK chain text: parsing the chain costs far more than a
   * hash lookup, and a warm cache should add next to nothing to a verification.
   */
  private CollateralKey keyOf(Quote quote) {
    String chain = quote.pckCertChainPem();
    if (chain == null) {
      return CollateralKey.of(quote); // throws the typed "no PCK chain" error
    }
    CollateralKey known = keysByChain.get(chain);
    if (known == null) {
      known = CollateralKey.of(quote);
      if (keysByChain.size() >= MAX_REMEMBERED_CHAINS) {
        keysByChain.clear();
      }
      keysByChain.put(chain, known);
    }
    // The same platform (same PCK chain) produces both SGX and TDX quotes.
    return known.teeType() == quote.teeType() ? known
        : new CollateralKey(quote.teeType(), known.fmspc(), known.pckCaType());
  }

  private QuoteCollateral load(CollateralKey key, Quote quote, Entry mine) {
    QuoteCollateral collateral;
    Instant expiresAt;
    try {
      fetches.incrementAndGet();
      LOG.debug("fetching collateral for {}", key);
      collateral = Objects.requireNonNull(delegate.collateralFor(quote), "delegate returned null collateral");
      expiresAt = collateral.pckCertificateChain() != null ? Instant.MIN : CollateralExpiry.earliestNextUpdate(collateral);
    } catch (RuntimeException | Error e) {
      entries.remove(key, mine);
      mine.future.completeExceptionally(e);
      throw e;
    }
    mine.future.complete(new Cached(collateral, expiresAt));
    if (!clock.instant().isBefore(expiresAt)) {
      // Already past nextUpdate (or quote-specific): serve it to this caller, keep nothing.
      entries.remove(key, mine);
    } else {
      evictOverflow();
    }
    return collateral;
  }

  private void evictOverflow() {
    while (entries.size() > maxEntries) {
      Instant now = clock.instant();
      Map.Entry<CollateralKey, Entry> victim = null;
      for (Map.Entry<CollateralKey, Entry> e : entries.entrySet()) {
        Cached c = e.getValue().value();
        if (c == null) {
          continue; // in flight: its callers are waiting for it
        }
        if (!now.isBefore(c.expiresAt)) {
          victim = e;
          break;
        }
        if (victim == null || e.getValue().lastUsed < victim.getValue().lastUsed) {
          victim = e;
        }
      }
      if (victim == null) {
        return;
      }
      if (entries.remove(victim.getKey(), victim.getValue())) {
        evictions.incrementAndGet();
      }
    }
  }

  private static Cached await(CompletableFuture<Cached> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new PhalaException("collateral fetch failed", cause);
    }
  }

  private record Cached(QuoteCollateral collateral, Instant expiresAt) {}

  private static final class Entry {
    final CompletableFuture<Cached> future = new CompletableFuture<>();
    volatile long lastUsed;

    Entry(long lastUsed) {
      this.lastUsed = lastUsed;
    }

    /** Returns the fetched collateral, or {@code null} while in flight or after a failure. */
    @Nullable Cached value() {
      return future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
    }
  }

  /** Configures a {@link CachingCollateralSource}. */
  public static final class Builder {
    private final CollateralSource delegate;
    private Clock clock = Clock.systemUTC();
    private int maxEntries = DEFAULT_MAX_ENTRIES;

    private Builder(CollateralSource delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Sets the clock compared with {@code nextUpdate} (default: the system UTC clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Bounds the number of entries (default {@value #DEFAULT_MAX_ENTRIES}).
     *
     * @param maxEntries at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxEntries(int maxEntries) {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /**
     * Builds the cache.
     *
     * @return the cache, empty
     */
    public CachingCollateralSource build() {
      return new CachingCollateralSource(this);
    }
  }
}
