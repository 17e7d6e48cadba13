package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Single-bit corruptions of real quotes give a typed error or a valid parse, never another exception. */
class MalformedInputTest {

  @ParameterizedTest
  @ValueSource(strings = {"sgx_v3_phala_sample", "tdx_v4_phala_sample", "tdx_v5_gotdx_2026"})
  void parse_everyBitFlipInStructure_onlyQuoteFormatException(String vector) {
    byte[] raw = Vectors.quote(vector);
    int end = Math.min(raw.length, 1300); // header, body, auth data and the nested length fields
    for (int off = 0; off < end; off++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] q = raw.clone();
        q[off] ^= (byte) (1 << bit);
        Throwable t = catchThrowable(() -> Quote.parse(q));
        if (t != null) {
          assertThat(t).as("offset %d bit %d", off, bit).isExactlyInstanceOf(QuoteFormatException.class);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgx_v3_phala_sample", "tdx_v4_phala_sample"})
  void verify_sampledBitFlips_onlyQuoteVerificationException(String vector) {
    byte[] raw = Vectors.quote(vector);
    QuoteCollateral c = Vectors.collateral(vector);
    int end = Quote.parse(raw).declaredLength();
    for (int off = 0; off < end; off += 11) {
      byte[] q = raw.clone();
      q[off] ^= (byte) 0x10;
      Throwable t = catchThrowable(() -> Vectors.INTEL.verify(q, c, Vectors.time(vector)));
      if (t != null) {
        assertThat(t).as("offset %d", off).isExactlyInstanceOf(QuoteVerificationException.class);
        assertThat(((QuoteVerificationException) t).reason()).as("offset %d: %s", off, t).isNotEqualTo(FailureReason.MALFORMED_INPUT);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"root_ca_crl", "pck_crl"})
  void verify_sampledCrlCorruptions_onlyQuoteVerificationException(String field) {
    String vector = "tdx_v4_phala_sample";
    QuoteCollateral c = Vectors.collateral(vector);
    byte[] crl = field.equals("pck_crl") ? c.pckCrl() : c.rootCaCrl();
    for (int off = 0; off < crl.length; off += 5) {
      byte[] bad = crl.clone();
      bad[off] ^= (byte) 0x04;
      QuoteCollateral mutated = Mutations.with(c, field, io.phat4j.core.Hex.encode(bad));
      Throwable t = catchThrowable(() -> QuoteVerifier.builder().build().verify(Vectors.quote(vector), mutated, Vectors.time(vector)));
      if (t != null) {
        assertThat(t).as("offset %d", off).isExactlyInstanceOf(QuoteVerificationException.class);
        assertThat(((QuoteVerificationException) t).reason()).as("offset %d: %s", off, t).isNotEqualTo(FailureReason.MALFORMED_INPUT);
      }
    }
  }
}
