package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Mutations the sweep ({@link MutationSweepTest}) found accepted before the verifier was made
 * strict about unsigned encodings: PEM text around the signed DER, slack inside declared sizes, and
 * the PCK CRL issuer chain. Each is kept here as a fixed case.
 */
class StrictEncodingTest {
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

  @Test
  void verify_rootCertificateLabelCorrupted_pckCertFormat() {
    // A lenient PEM reader skipped the unreadable block, and a chain without its root still verifies.
    String vector = "tdx_v4_phala_sample";
    byte[] quote = Vectors.quote(vector);
    int root = lastIndexOf(quote, BEGIN);
    quote[root + 5] ^= 0x01; // 'B' of BEGIN
    assertThat(reason(vector, quote)).isEqualTo(FailureReason.PCK_CERT_FORMAT);
  }

  @Test
  void verify_trailingTerminatorOfPckChainChanged_pckCertFormat() {
    String vector = "tdx_v4_phala_sample";
    byte[] quote = Vectors.quote(vector);
    Quote q = Quote.parse(quote);
    int last = q.certificationDataOffset() + q.certificationDataLength() - 1;
    assertThat(quote[last]).isZero();
    quote[last] = 0x01;
    assertThat(reason(vector, quote)).isEqualTo(FailureReason.PCK_CERT_FORMAT);
  }

  @Test
  void verify_nonCanonicalBase64Tail_pckCertFormat() {
    // "I=" and "J=" decode to the same byte: the last character's low bits are unused.
    String vector = "sgx_v3_phala_sample";
    byte[] quote = Vectors.quote(vector);
    int end = lastIndexOf(quote, "I=\n-----END CERTIFICATE-----");
    assertThat(end).isPositive();
    quote[end] = 'J';
    assertThat(reason(vector, quote)).isEqualTo(FailureReason.PCK_CERT_FORMAT);
  }

  @Test
  void verify_authDataSizeGrownIntoPadding_quoteFormat() {
    String vector = "pos_sgx_trailing_bytes";
    byte[] quote = Vectors.quote(vector);
    int sizeAt = Quote.parse(quote).signatureOffset() - 4;
    quote[sizeAt]++;
    assertThat(reason(vector, quote)).isEqualTo(FailureReason.QUOTE_FORMAT);
  }

  @Test
  void verify_pckCertDataSizeShrunk_quoteFormat() {
    // One byte less drops the PEM's final line break; the rest of the outer certification data is left over.
    String vector = "tdx_v4_dcaprs_00806f_0225";
    byte[] quote = Vectors.quote(vector);
    int sizeAt = Quote.parse(quote).certificationDataOffset() - 4;
    quote[sizeAt]--;
    assertThat(reason(vector, quote)).isEqualTo(FailureReason.QUOTE_FORMAT);
  }

  @Test
  void verify_collateralChainWithChangedFinalLineBreak_collateralFormat() {
    String vector = "tdx_v4_dcaprs_00806f_0225";
    QuoteCollateral c = Vectors.collateral(vector);
    String chain = c.tcbInfoIssuerChain();
    assertThat(chain).endsWith("\n");
    QuoteCollateral bad = Mutations.with(c, "tcb_info_issuer_chain", chain.substring(0, chain.length() - 1) + "\u000b");
    assertThat(reason(vector, Vectors.quote(vector), bad)).isEqualTo(FailureReason.COLLATERAL_FORMAT);
  }

  @Test
  void verify_pckCrlIssuerChainCorrupted_rejected() {
    String vector = "sgx_v3_phala_sample";
    QuoteCollateral c = Vectors.collateral(vector);
    String chain = c.pckCrlIssuerChain();
    int mid = chain.indexOf(BEGIN) + BEGIN.length() + 200;
    char flipped = chain.charAt(mid) == 'A' ? 'B' : 'A';
    QuoteCollateral bad = Mutations.with(c, "pck_crl_issuer_chain", chain.substring(0, mid) + flipped + chain.substring(mid + 1));
    assertThat(reason(vector, Vectors.quote(vector), bad)).isIn(FailureReason.COLLATERAL_FORMAT, FailureReason.CERT_CHAIN);
  }

  @Test
  void verify_pckCrlIssuerChainNamesAnotherIssuer_certChain() {
    String vector = "sgx_v3_phala_sample";
    QuoteCollateral c = Vectors.collateral(vector);
    // The TCB signing chain is valid, but its first certificate is no CA and did not sign the PCK CRL.
    QuoteCollateral bad = Mutations.with(c, "pck_crl_issuer_chain", c.tcbInfoIssuerChain());
    QuoteVerificationException e = failure(vector, Vectors.quote(vector), bad);
    assertThat(e.reason()).isEqualTo(FailureReason.CERT_CHAIN);
    assertThat(e.getMessage()).contains("pck_crl_issuer_chain");
  }

  @Test
  void verify_emptyPckCrlIssuerChain_certChain() {
    String vector = "sgx_v3_phala_sample";
    QuoteCollateral bad = Mutations.with(Vectors.collateral(vector), "pck_crl_issuer_chain", "");
    assertThat(reason(vector, Vectors.quote(vector), bad)).isEqualTo(FailureReason.CERT_CHAIN);
  }

  @Test
  void verify_collateralChainsWithCrlfLineBreaks_stillVerify() {
    String vector = "sgx_v3_phala_sample";
    QuoteCollateral c = Vectors.collateral(vector);
    QuoteCollateral crlf = Mutations.with(c, "tcb_info_issuer_chain", c.tcbInfoIssuerChain().replace("\n", "\r\n"));
    crlf = Mutations.with(crlf, "pck_crl_issuer_chain", c.pckCrlIssuerChain().replace("\n", "\r\n"));
    VerifiedQuote v = QuoteVerifier.builder().build().verify(Vectors.quote(vector), crlf, Vectors.time(vector));
    assertThat(v.status().wireName()).isEqualTo(Vectors.expected(vector).get("status").asText());
  }

  private static FailureReason reason(String vector, byte[] quote) {
    return reason(vector, quote, Vectors.collateral(vector));
  }

  private static FailureReason reason(String vector, byte[] quote, QuoteCollateral collateral) {
    return failure(vector, quote, collateral).reason();
  }

  private static QuoteVerificationException failure(String vector, byte[] quote, QuoteCollateral collateral) {
    Instant now = Vectors.time(vector);
    QuoteVerificationException e = catchThrowableOfType(
        QuoteVerificationException.class, () -> QuoteVerifier.builder().build().verify(quote, collateral, now));
    assertThat(e).as("the mutated input must be rejected").isNotNull();
    return e;
  }

  private static int lastIndexOf(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).lastIndexOf(needle);
  }
}
