package io.phat4j.attestation.nativeimpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.attestation.dcap.CryptoBackend;
import io.phat4j.attestation.dcap.CryptoBackendInfo;
import io.phat4j.attestation.dcap.NativeCryptoUnavailableException;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.VerifiedQuote;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendSelectionTest {
  private static final String VECTOR = "tdx_v4_phala_sample";

  @Test
  void build_nativeWithSystemLibcrypto_usesOpenSsl3() {
    QuoteVerifier v = QuoteVerifier.builder().cryptoBackend(CryptoBackend.NATIVE).build();
    CryptoBackendInfo info = v.cryptoBackendInfo();
    assertThat(info.nativeActive()).isTrue();
    assertThat(info.requested()).isEqualTo(CryptoBackend.NATIVE);
    assertThat(info.active()).startsWith("native (OpenSSL 3.");
    assertThat(info.fallbackReason()).isNull();
  }

  @Test
  void build_autoWithSystemLibcrypto_usesNative() {
    QuoteVerifier v = QuoteVerifier.builder().cryptoBackend(CryptoBackend.AUTO).build();
    assertThat(v.cryptoBackendInfo().nativeActive()).isTrue();
  }

  @Test
  void build_pureJava_neverLoadsNative() {
    CryptoBackendInfo info = QuoteVerifier.builder().cryptoBackend(CryptoBackend.PURE_JAVA).build().cryptoBackendInfo();
    assertThat(info.nativeActive()).isFalse();
    assertThat(info.active()).startsWith("pure-java");
    assertThat(info.fallbackReason()).isNull();
  }

  @Test
  void build_autoWithMissingLibcrypto_fallsBackAndSaysWhy(@TempDir Path dir) {
    Path missing = dir.resolve("libcrypto-missing.so.3");
    QuoteVerifier v = QuoteVerifier.builder().cryptoBackend(CryptoBackend.AUTO).nativeLibrary(missing).build();
    CryptoBackendInfo info = v.cryptoBackendInfo();
    assertThat(info.nativeActive()).isFalse();
    assertThat(info.active()).startsWith("pure-java");
    assertThat(info.fallbackReason()).contains("libcrypto not found at").contains(missing.toString());
    // and it still verifies, in pure Java
    VerifiedQuote q = v.verify(DcapVectors.quote(VECTOR), DcapVectors.collateral(VECTOR), DcapVectors.time(VECTOR));
    assertThat(q.status()).isNotNull();
  }

  @Test
  void build_nativeWithMissingLibcrypto_failsFastWithPath(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere").resolve("libcrypto.so.3");
    assertThatThrownBy(() -> QuoteVerifier.builder().cryptoBackend(CryptoBackend.NATIVE).nativeLibrary(missing).build())
        .isInstanceOf(NativeCryptoUnavailableException.class)
        .hasMessageContaining("native crypto backend is unavailable")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void build_nativeWithNonLibraryFile_failsFast(@TempDir Path dir) throws Exception {
    Path bogus = dir.resolve("libcrypto.so.3");
    java.nio.file.Files.writeString(bogus, "not a shared library");
    assertThatThrownBy(() -> QuoteVerifier.builder().cryptoBackend(CryptoBackend.NATIVE).nativeLibrary(bogus).build())
        .isInstanceOf(NativeCryptoUnavailableException.class)
        .hasMessageContaining("native crypto backend is unavailable");
  }

  @Test
  void build_libcryptoSystemPropertyMissingFile_autoFallsBack(@TempDir Path dir) {
    String missing = dir.resolve("by-property.so").toString();
    String old = System.getProperty(CryptoBackend.LIBCRYPTO_PROPERTY);
    System.setProperty(CryptoBackend.LIBCRYPTO_PROPERTY, missing);
    try {
      CryptoBackendInfo info = QuoteVerifier.builder().cryptoBackend(CryptoBackend.AUTO).build().cryptoBackendInfo();
      assertThat(info.nativeActive()).isFalse();
      assertThat(info.fallbackReason()).contains(missing);
    } finally {
      if (old == null) {
        System.clearProperty(CryptoBackend.LIBCRYPTO_PROPERTY);
      } else {
        System.setProperty(CryptoBackend.LIBCRYPTO_PROPERTY, old);
      }
    }
  }

  @Test
  void parse_knownAndUnknownNames_mapOrFail() {
    assertThat(CryptoBackend.parse("pure")).isEqualTo(CryptoBackend.PURE_JAVA);
    assertThat(CryptoBackend.parse("NATIVE")).isEqualTo(CryptoBackend.NATIVE);
    assertThat(CryptoBackend.parse(" auto ")).isEqualTo(CryptoBackend.AUTO);
    assertThatThrownBy(() -> CryptoBackend.parse("gpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown crypto backend 'gpu'");
  }
}
