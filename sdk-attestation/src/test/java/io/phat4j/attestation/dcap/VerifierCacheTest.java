package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class VerifierCacheTest {
  private static final String TDX = "tdx_v4_phala_sample";

  @Test
  void verify_sameQuoteTwice_reusesCollateralAndPckChain() {
    QuoteVerifier v = QuoteVerifier.builder().build();
    assertThat(v.cacheStats()).isEqualTo(new CacheStats(0, 0, 0, 0));
    VerifiedQuote first = v.verify(Vectors.quote(TDX), Vectors.collateral(TDX), Vectors.time(TDX));
    assertThat(v.cacheStats()).isEqualTo(new CacheStats(0, 1, 0, 1));
    VerifiedQuote second = v.verify(Vectors.quote(TDX), Vectors.collateral(TDX), Vectors.time(TDX));
    assertThat(v.cacheStats()).isEqualTo(new CacheStats(1, 1, 1, 1));
    assertThat(second.status()).isEqualTo(first.status());
    assertThat(second.advisoryIds()).isEqualTo(first.advisoryIds());
  }

  @Test
  void verify_cachedCollateralAtLaterTime_stillChecksTime() {
    QuoteVerifier v = QuoteVerifier.builder().build();
    v.verify(Vectors.quote(TDX), Vectors.collateral(TDX), Vectors.time(TDX));
    assertThatThrownBy(() -> v.verify(Vectors.quote(TDX), Vectors.collateral(TDX), Instant.parse("2025-08-01T00:00:00Z")))
        .isInstanceOfSatisfying(QuoteVerificationException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.TCB_INFO_EXPIRED))
        .hasMessageContaining("TCBInfo expired");
    assertThat(v.cacheStats().collateralHits()).isEqualTo(1);
  }

  @Test
  void verify_cacheDisabled_neverHits() {
    QuoteVerifier v = QuoteVerifier.builder().cacheSize(0).build();
    v.verify(Vectors.quote(TDX), Vectors.collateral(TDX), Vectors.time(TDX));
    v.verify(Vectors.quote(TDX), Vectors.collateral(TDX), Vectors.time(TDX));
    assertThat(v.cacheStats()).isEqualTo(new CacheStats(0, 2, 0, 2));
  }

  @Test
  void verify_failedCollateral_isNotCached() {
    QuoteVerifier v = QuoteVerifier.builder().build();
    QuoteCollateral bad = Vectors.collateral("neg_sgx_tcbinfo_tampered");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> v.verify(Vectors.quote("sgx_v3_phala_sample"), bad, Vectors.time("sgx_v3_phala_sample")))
          .isInstanceOf(QuoteVerificationException.class)
          .hasMessageContaining("Signature is invalid for tcb_info");
    }
    assertThat(v.cacheStats().collateralMisses()).isEqualTo(2);
    assertThat(v.cacheStats().collateralHits()).isZero();
  }

  @Test
  void verify_withClockAndSource_usesClockTime() {
    Clock clock = Clock.fixed(Vectors.time(TDX), ZoneOffset.UTC);
    QuoteVerifier v = QuoteVerifier.builder().clock(clock).build();
    QuoteCollateral c = Vectors.collateral(TDX);
    VerifiedQuote q = v.verify(Vectors.quote(TDX), quote -> c);
    assertThat(q.verifiedAt()).isEqualTo(Vectors.time(TDX));
    assertThat(v.verify(Vectors.quote(TDX), c).status()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_concurrentCallers_allSucceed() throws Exception {
    QuoteVerifier v = QuoteVerifier.builder().build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<VerifiedQuote>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String name = i % 2 == 0 ? TDX : "tdx_v5_gotdx_2026";
        results.add(pool.submit(() -> v.verify(Vectors.quote(name), Vectors.collateral(name), Vectors.time(name))));
      }
      for (Future<VerifiedQuote> f : results) {
        assertThat(f.get().status()).isEqualTo(TcbStatus.UP_TO_DATE);
      }
    } finally {
      pool.shutdown();
    }
    CacheStats s = v.cacheStats();
    assertThat(s.collateralHits() + s.collateralMisses()).isEqualTo(16);
    assertThat(s.collateralHits()).isPositive();
  }

  @Test
  void builder_defaultAnchor_isPinnedIntelRoot() {
    assertThat(QuoteVerifier.builder().build().trustAnchorFingerprint()).isEqualTo(QuoteVerifier.INTEL_ROOT_CA_SHA256);
  }

  @Test
  void builder_invalidTrustAnchor_isRejected() {
    assertThatThrownBy(() -> QuoteVerifier.builder().trustAnchor(new byte[] {1, 2, 3}))
        .isInstanceOf(io.phat4j.core.DecodeException.class)
        .hasMessageContaining("trust_anchor");
  }
}
