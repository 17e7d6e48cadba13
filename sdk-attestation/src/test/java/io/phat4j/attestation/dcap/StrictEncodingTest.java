package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Mutations of unsigned bytes the sweep ({@link MutationSweepTest}) found accepted by a
 * dcap-qvl-compatible verifier: PEM text around the signed DER, slack inside declared sizes, and
 * the PCK CRL issuer chain. The default verifier accepts each one with the verdict of the
 * unmutated vector, as dcap-qvl does; {@link QuoteVerifier.Builder#strictEncoding(boolean)} rejects it.
 */
class StrictEncodingTest {
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

  @Test
  void verify_rootCertificateLabelCorrupted_acceptedByDefault_pckCertFormatWhenStrict() {
    // A lenient PEM reader skipped the unreadable block, and a chain without its root still verifies.
    String vector = "tdx_v4_phala_sample";
    byte[] quote = Vectors.quote(vector);
    int root = lastIndexOf(quote, BEGIN);
    quote[root + 5] ^= 0x01; // 'B' of BEGIN
    assertMalleable(vector, quote, Vectors.collateral(vector), FailureReason.PCK_CERT_FORMAT);
  }

  @Test
  void verify_trailingTerminatorOfPckChainChanged_acceptedByDefault_pckCertFormatWhenStrict() {
    String vector = "tdx_v4_phala_sample";
    byte[] quote = Vectors.quote(vector);
    Quote q = Quote.parse(quote);
    int last = q.certificationDataOffset() + q.certificationDataLength() - 1;
    assertThat(quote[last]).isZero();
    quote[last] = 0x01;
    assertMalleable(vector, quote, Vectors.collateral(vector), FailureReason.PCK_CERT_FORMAT);
  }

  @Test
  void verify_nonCanonicalBase64Tail_acceptedByDefault_pckCertFormatWhenStrict() {
    // "I=" and "J=" decode to the same byte: the last character's low bits are unused.
    String vector = "sgx_v3_phala_sample";
    byte[] quote = Vectors.quote(vector);
    int end = lastIndexOf(quote, "I=\n-----END CERTIFICATE-----");
    assertThat(end).isPositive();
    quote[end] = 'J';
    assertMalleable(vector, quote, Vectors.collateral(vector), FailureReason.PCK_CERT_FORMAT);
  }

  @Test
  void verify_authDataSizeGrownIntoPadding_acceptedByDefault_quoteFormatWhenStrict() {
    String vector = "pos_sgx_trailing_bytes";
    byte[] quote = Vectors.quote(vector);
    int sizeAt = Quote.parse(quote).signatureOffset() - 4;
    quote[sizeAt]++;
    assertMalleable(vector, quote, Vectors.collateral(vector), FailureReason.QUOTE_FORMAT);
  }

  @Test
  void verify_pckCertDataSizeShrunk_acceptedByDefault_quoteFormatWhenStrict() {
    // One byte less drops the PEM's final line break; the rest of the outer certification data is left over.
    String vector = "tdx_v4_dcaprs_00806f_0225";
    byte[] quote = Vectors.quote(vector);
    int sizeAt = Quote.parse(quote).certificationDataOffset() - 4;
    quote[sizeAt]--;
    assertMalleable(vector, quote, Vectors.collateral(vector), FailureReason.QUOTE_FORMAT);
  }

  @Test
  void verify_collateralChainWithChangedFinalLineBreak_acceptedByDefault_collateralFormatWhenStrict() {
    String vector = "tdx_v4_dcaprs_00806f_0225";
    QuoteCollateral c = Vectors.collateral(vector);
    String chain = c.tcbInfoIssuerChain();
    assertThat(chain).endsWith("\n");
    QuoteCollateral bad = Mutations.with(c, "tcb_info_issuer_chain", chain.substring(0, chain.length() - 1) + "\u000b");
    assertMalleable(vector, Vectors.quote(vector), bad, FailureReason.COLLATERAL_FORMAT);
  }

  @Test
  void verify_pckCrlIssuerChainCorrupted_acceptedByDefault_rejectedWhenStrict() {
    String vector = "sgx_v3_phala_sample";
    QuoteCollateral c = Vectors.collateral(vector);
    String chain = c.pckCrlIssuerChain();
    int mid = chain.indexOf(BEGIN) + BEGIN.length() + 200;
    char flipped = chain.charAt(mid) == 'A' ? 'B' : 'A';
    QuoteCollateral bad = Mutations.with(c, "pck_crl_issuer_chain", chain.substring(0, mid) + flipped + chain.substring(mid + 1));
    assertAcceptedAsUnmutated(vector, Vectors.quote(vector), bad);
    assertThat(strictFailure(vector, Vectors.quote(vector), bad).reason())
        .isIn(FailureReason.COLLATERAL_FORMAT, FailureReason.CERT_CHAIN);
  }

  @Test
  void verify_pckCrlIssuerChainNamesAnotherIssuer_acceptedByDefault_certChainWhenStrict() {
    String vector = "sgx_v3_phala_sample";
    QuoteCollateral c = Vectors.collateral(vector);
    // The TCB signing chain is valid, but its first certificate is no CA and did not sign the PCK CRL.
    QuoteCollateral bad = Mutations.with(c, "pck_crl_issuer_chain", c.tcbInfoIssuerChain());
    assertAcceptedAsUnmutated(vector, Vectors.quote(vector), bad);
    QuoteVerificationException e = strictFailure(vector, Vectors.quote(vector), bad);
    assertThat(e.reason()).isEqualTo(FailureReason.CERT_CHAIN);
    assertThat(e.getMessage()).contains("pck_crl_issuer_chain");
  }

  @Test
  void verify_emptyPckCrlIssuerChain_acceptedByDefault_certChainWhenStrict() {
    String vector = "sgx_v3_phala_sample";
    QuoteCollateral bad = Mutations.with(Vectors.collateral(vector), "pck_crl_issuer_chain", "");
    assertMalleable(vector, Vectors.quote(vector), bad, FailureReason.CERT_CHAIN);
  }

  @Test
  void verify_collateralChainsWithCrlfLineBreaks_verifyInBothModes() {
    String vector = "sgx_v3_phala_sample";
    QuoteCollateral c = Vectors.collateral(vector);
    QuoteCollateral crlf = Mutations.with(c, "tcb_info_issuer_chain", c.tcbInfoIssuerChain().replace("\n", "\r\n"));
    crlf = Mutations.with(crlf, "pck_crl_issuer_chain", c.pckCrlIssuerChain().replace("\n", "\r\n"));
    for (boolean strict : new boolean[] {false, true}) {
      VerifiedQuote v = verifier(strict).verify(Vectors.quote(vector), crlf, Vectors.time(vector));
      assertThat(v.status().wireName()).as("strict=" + strict).isEqualTo(Vectors.expected(vector).get("status").asText());
    }
  }

  @Test
  void parse_slackInsideDeclaredSize_isRecordedNotRejected() {
    byte[] quote = Vectors.quote("pos_sgx_trailing_bytes");
    assertThat(Quote.parse(quote).declaredSizesUsedExactly()).isTrue();
    quote[Quote.parse(quote).signatureOffset() - 4]++;
    assertThat(Quote.parse(quote).declaredSizesUsedExactly()).isFalse();
  }

  /** The default verifier gives the unmutated verdict, the strict one rejects with {@code reason}. */
  private static void assertMalleable(String vector, byte[] quote, QuoteCollateral collateral, FailureReason reason) {
    assertAcceptedAsUnmutated(vector, quote, collateral);
    assertThat(strictFailure(vector, quote, collateral).reason()).isEqualTo(reason);
  }

  private static void assertAcceptedAsUnmutated(String vector, byte[] quote, QuoteCollateral collateral) {
    Instant now = Vectors.time(vector);
    VerifiedQuote original = verifier(false).verify(Vectors.quote(vector), Vectors.collateral(vector), now);
    VerifiedQuote mutated = verifier(false).verify(quote, collateral, now);
    assertThat(mutated.status()).isEqualTo(original.status());
    assertThat(mutated.advisoryIds()).isEqualTo(original.advisoryIds());
    assertThat(mutated.status().wireName()).isEqualTo(Vectors.expected(vector).get("status").asText());
  }

  private static QuoteVerificationException strictFailure(String vector, byte[] quote, QuoteCollateral collateral) {
    Instant now = Vectors.time(vector);
    QuoteVerificationException e = catchThrowableOfType(
        QuoteVerificationException.class, () -> verifier(true).verify(quote, collateral, now));
    assertThat(e).as("the strict verifier must reject the mutated input").isNotNull();
    return e;
  }

  private static QuoteVerifier verifier(boolean strictEncoding) {
    return QuoteVerifier.builder().strictEncoding(strictEncoding).build();
  }

  private static int lastIndexOf(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).lastIndexOf(needle);
  }
}
