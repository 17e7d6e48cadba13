package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Backend selection without the native artifact on the class path (as on Java 21). */
class CryptoBackendSelectionTest {
  @Test
  void build_autoWithoutNativeArtifact_fallsBackToPureJavaAndSaysWhy() {
    CryptoBackendInfo info = QuoteVerifier.builder().cryptoBackend(CryptoBackend.AUTO).build().cryptoBackendInfo();
    assertThat(info.nativeActive()).isFalse();
    assertThat(info.active()).startsWith("pure-java");
    assertThat(info.fallbackReason()).contains("phat4j-attestation-native artifact is not on the class path");
  }

  @Test
  void build_nativeWithoutNativeArtifact_failsFast() {
    assertThatThrownBy(() -> QuoteVerifier.builder().cryptoBackend(CryptoBackend.NATIVE).build())
        .isInstanceOf(NativeCryptoUnavailableException.class)
        .hasMessageContaining("native crypto backend is unavailable")
        .hasMessageContaining("not on the class path");
  }

  @Test
  void build_pureJava_hasNoFallbackReason() {
    CryptoBackendInfo info = QuoteVerifier.builder().cryptoBackend(CryptoBackend.PURE_JAVA).build().cryptoBackendInfo();
    assertThat(info.requested()).isEqualTo(CryptoBackend.PURE_JAVA);
    assertThat(info.fallbackReason()).isNull();
  }

  @Test
  void verify_pureJavaBackend_verifiesRealVector() {
    String v = "sgx_v3_phala_sample";
    QuoteVerifier verifier = QuoteVerifier.builder().cryptoBackend(CryptoBackend.PURE_JAVA).build();
    VerifiedQuote q = verifier.verify(Vectors.quote(v), Vectors.collateral(v), Vectors.time(v));
    assertThat(q.teeType()).isEqualTo(TeeType.SGX);
  }

  @Test
  void fromSystemProperty_unknownName_failsNamingIt() {
    String old = System.getProperty(CryptoBackend.PROPERTY);
    System.setProperty(CryptoBackend.PROPERTY, "fpga");
    try {
      assertThatThrownBy(CryptoBackend::fromSystemProperty)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown crypto backend 'fpga'");
      System.setProperty(CryptoBackend.PROPERTY, "pure");
      assertThat(CryptoBackend.fromSystemProperty()).isEqualTo(CryptoBackend.PURE_JAVA);
    } finally {
      if (old == null) {
        System.clearProperty(CryptoBackend.PROPERTY);
      } else {
        System.setProperty(CryptoBackend.PROPERTY, old);
      }
    }
  }
}
