package io.phat4j.attestation.dcap.pcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.attestation.MutableClock;
import io.phat4j.attestation.dcap.CollateralSource;
import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.core.DecodeException;
import io.phat4j.core.PhalaServiceException;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CachingCollateralSourceTest {
  private static final String TDX = "tdx_v4_phala_sample";
  private static final String SGX = "sgx_v3_phala_sample";
  /** The TDX sample's earliest nextUpdate: its PCK CRL (TCB info 10:16:03, QE identity 10:32:27, root CRL 2026). */
  private static final Instant TDX_EXPIRY = Instant.parse("2025-07-19T10:00:35Z");
  private static final Instant VERIFY_TIME = Instant.ofEpochSecond(1751624191);

  /** Serves the vectors' real collateral by TEE type and counts calls. */
  private static final class CountingSource implements CollateralSource {
    final AtomicInteger calls = new AtomicInteger();
    final QuoteCollateral tdx = PcsFixture.of(TDX, "tdx").collateral;
    final QuoteCollateral sgx = PcsFixture.of(SGX, "sgx").collateral;

    @Override
    public QuoteCollateral collateralFor(Quote quote) {
      calls.incrementAndGet();
      return switch (quote.teeType()) {
        case TDX -> tdx;
        case SGX -> sgx;
      };
    }
  }

  private final MutableClock clock = new MutableClock(VERIFY_TIME);
  private final Quote tdxQuote = PcsFixture.quote(TDX);
  private final Quote sgxQuote = PcsFixture.quote(SGX);

  @Test
  void collateralFor_secondCall_servesFromCacheWithoutHttp() throws Exception {
    try (MockWebServer server = new MockWebServer();
        HttpTransport transport = HttpTransport.builder().retryPolicy(RetryPolicy.none()).build()) {
      PcsFixture pcs = PcsFixture.of(TDX, "tdx");
      server.setDispatcher(pcs);
      server.start();
      CachingCollateralSource cache = CachingCollateralSource.builder(
              PcsCollateralClient.builder().baseUrl(server.url("/").uri()).transport(transport).build())
          .clock(clock)
          .build();

      QuoteCollateral first = cache.collateralFor(tdxQuote);
      QuoteCollateral second = cache.collateralFor(PcsFixture.quote(TDX));

      assertThat(server.getRequestCount()).isEqualTo(4);
      assertThat(first).isEqualTo(pcs.collateral);
      assertThat(second).isSameAs(first);
      assertThat(cache.stats()).isEqualTo(new CollateralCacheStats(1, 1, 1, 0, 1));
    }
  }

  @Test
  void collateralFor_clockJustBeforeEarliestNextUpdate_hits() {
    CountingSource source = new CountingSource();
    CachingCollateralSource cache = CachingCollateralSource.builder(source).clock(clock).build();
    cache.collateralFor(tdxQuote);

    clock.set(TDX_EXPIRY.minusSeconds(1));
    cache.collateralFor(tdxQuote);

    assertThat(source.calls).hasValue(1);
    assertThat(cache.stats().hits()).isEqualTo(1);
  }

  @Test
  void collateralFor_clockAtEarliestNextUpdate_refetches() {
    CountingSource source = new CountingSource();
    CachingCollateralSource cache = CachingCollateralSource.builder(source).clock(clock).build();
    cache.collateralFor(tdxQuote);

    clock.set(TDX_EXPIRY);
    cache.collateralFor(tdxQuote);

    assertThat(source.calls).hasValue(2);
    assertThat(cache.stats()).isEqualTo(new CollateralCacheStats(0, 2, 2, 0, 0));
  }

  @Test
  void collateralFor_collateralAlreadyExpired_isServedButNotKept() {
    CountingSource source = new CountingSource();
    clock.set(Instant.parse("2030-01-01T00:00:00Z"));
    CachingCollateralSource cache = CachingCollateralSource.builder(source).clock(clock).build();

    QuoteCollateral got = cache.collateralFor(tdxQuote);
    cache.collateralFor(tdxQuote);

    assertThat(got).isEqualTo(source.tdx);
    assertThat(source.calls).hasValue(2);
    assertThat(cache.stats().size()).isZero();
  }

  @Test
  void collateralFor_tdxAndSgxQuotes_cachedUnderSeparateKeys() {
    CountingSource source = new CountingSource();
    CachingCollateralSource cache = CachingCollateralSource.builder(source).clock(clock).build();

    assertThat(cache.collateralFor(tdxQuote)).isEqualTo(source.tdx);
    assertThat(cache.collateralFor(sgxQuote)).isEqualTo(source.sgx);
    assertThat(cache.collateralFor(tdxQuote)).isEqualTo(source.tdx);
    assertThat(cache.collateralFor(sgxQuote)).isEqualTo(source.sgx);

    assertThat(source.calls).hasValue(2);
    assertThat(cache.stats()).isEqualTo(new CollateralCacheStats(2, 2, 2, 0, 2));
  }

  @Test
  void collateralFor_eightConcurrentCallersOfOneKey_fetchOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountingSource counting = new CountingSource();
    CollateralSource slow = quote -> {
      try {
        assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return counting.collateralFor(quote);
    };
    CachingCollateralSource cache = CachingCollateralSource.builder(slow).clock(clock).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<QuoteCollateral>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> cache.collateralFor(PcsFixture.quote(TDX))));
      }
      // Every caller has missed (one fetching, seven waiting on it) before the fetch may finish.
      while (cache.stats().misses() < 8) {
        Thread.sleep(5);
      }
      release.countDown();
      for (Future<QuoteCollateral> r : results) {
        assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(counting.tdx);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(counting.calls).hasValue(1);
    assertThat(cache.stats()).isEqualTo(new CollateralCacheStats(0, 8, 1, 0, 1));
  }

  @Test
  void collateralFor_moreKeysThanMaxEntries_evictsLeastRecentlyUsed() {
    CountingSource source = new CountingSource();
    CachingCollateralSource cache = CachingCollateralSource.builder(source).clock(clock).maxEntries(1).build();

    cache.collateralFor(tdxQuote);
    cache.collateralFor(sgxQuote);
    cache.collateralFor(sgxQuote);
    cache.collateralFor(tdxQuote);

    assertThat(source.calls).hasValue(3);
    assertThat(cache.stats()).isEqualTo(new CollateralCacheStats(1, 3, 3, 2, 1));
  }

  @Test
  void collateralFor_delegateFails_propagatesAndNextCallRetries() {
    AtomicInteger calls = new AtomicInteger();
    CountingSource real = new CountingSource();
    CollateralSource flaky = quote -> {
      if (calls.incrementAndGet() == 1) {
        throw new PhalaServiceException("pcs tdx tcb request failed", 503, null, "r-1", null);
      }
      return real.collateralFor(quote);
    };
    CachingCollateralSource cache = CachingCollateralSource.builder(flaky).clock(clock).build();

    assertThatThrownBy(() -> cache.collateralFor(tdxQuote))
        .isInstanceOf(PhalaServiceException.class)
        .hasMessageContaining("status 503");
    assertThat(cache.stats().size()).isZero();

    assertThat(cache.collateralFor(tdxQuote)).isEqualTo(real.tdx);
    assertThat(calls).hasValue(2);
  }

  @Test
  void collateralFor_refreshFailsAfterExpiry_throwsInsteadOfServingStale() {
    AtomicInteger calls = new AtomicInteger();
    CountingSource real = new CountingSource();
    CollateralSource failsSecondTime = quote -> {
      if (calls.incrementAndGet() == 2) {
        throw new PhalaServiceException("pcs tdx tcb request failed", 500, null, null, null);
      }
      return real.collateralFor(quote);
    };
    CachingCollateralSource cache = CachingCollateralSource.builder(failsSecondTime).clock(clock).build();
    cache.collateralFor(tdxQuote);
    clock.set(TDX_EXPIRY.plus(Duration.ofMinutes(1)));

    assertThatThrownBy(() -> cache.collateralFor(tdxQuote))
        .isInstanceOf(PhalaServiceException.class)
        .hasMessageContaining("status 500");
  }

  @Test
  void collateralFor_collateralCarryingPckChain_isNotCached() {
    CountingSource real = new CountingSource();
    CollateralSource perQuote = quote -> real.collateralFor(quote).withPckCertificateChain(quote.pckCertChainPem());
    CachingCollateralSource cache = CachingCollateralSource.builder(perQuote).clock(clock).build();

    cache.collateralFor(tdxQuote);
    QuoteCollateral second = cache.collateralFor(tdxQuote);

    assertThat(second.pckCertificateChain()).isEqualTo(tdxQuote.pckCertChainPem());
    assertThat(real.calls).hasValue(2);
  }

  @Test
  void collateralFor_collateralWithoutNextUpdate_throwsDecodeExceptionAndCachesNothing() {
    QuoteCollateral real = PcsFixture.of(TDX, "tdx").collateral;
    QuoteCollateral broken = new QuoteCollateral(real.pckCrlIssuerChain(), real.rootCaCrl(), real.pckCrl(),
        real.tcbInfoIssuerChain(), real.tcbInfo().replace("\"nextUpdate\"", "\"nextUpdateX\""),
        real.tcbInfoSignature(), real.qeIdentityIssuerChain(), real.qeIdentity(), real.qeIdentitySignature(), null);
    CachingCollateralSource cache = CachingCollateralSource.builder(quote -> broken).clock(clock).build();

    assertThatThrownBy(() -> cache.collateralFor(tdxQuote))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("tcb_info.nextUpdate");
    assertThat(cache.stats().size()).isZero();
  }

  @Test
  void invalidateAll_afterCaching_forcesRefetch() {
    CountingSource source = new CountingSource();
    CachingCollateralSource cache = CachingCollateralSource.builder(source).clock(clock).build();
    cache.collateralFor(tdxQuote);

    cache.invalidateAll();
    cache.collateralFor(tdxQuote);

    assertThat(source.calls).hasValue(2);
  }

  @Test
  void builder_maxEntriesZero_isRejected() {
    assertThatThrownBy(() -> CachingCollateralSource.builder(new CountingSource()).maxEntries(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries");
  }

  @Test
  void collateralFor_quoteWithoutPckChain_throwsDecodeExceptionWithoutFetching() {
    byte[] bytes = PcsFixture.resource(SGX, "quote.bin");
    // SGX v3: certification data type sits after the 436-byte signed part, signature, key, QE
    // report, QE signature and 32 bytes of QE auth data; 3 means "encrypted PPID", no chain.
    assertThat(bytes[1046]).isEqualTo((byte) 5);
    bytes[1046] = 3;
    Quote noChain = Quote.parse(bytes);
    CountingSource source = new CountingSource();
    CachingCollateralSource cache = CachingCollateralSource.builder(source).clock(clock).build();

    assertThatThrownBy(() -> cache.collateralFor(noChain))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("certification_data_type");
    assertThat(source.calls).hasValue(0);
  }

  @Test
  void collateralKey_ofQuote_usesTeeTypeFmspcAndCa() {
    assertThat(CollateralKey.of(tdxQuote).toString()).contains("TDX", "B0C06F000000", "PLATFORM");
    assertThat(CollateralKey.of(sgxQuote).toString()).contains("SGX", "00A067110000", "PROCESSOR");
  }

  @Test
  void collateralKey_badFmspc_throwsDecodeException() {
    assertThatThrownBy(() -> new CollateralKey(io.phat4j.attestation.dcap.TeeType.SGX, "00a0671100",
        io.phat4j.attestation.dcap.PckCaType.PROCESSOR))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("fmspc");
  }
}
