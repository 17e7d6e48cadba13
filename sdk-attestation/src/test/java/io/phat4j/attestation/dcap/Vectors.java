package io.phat4j.attestation.dcap;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.json.PhalaJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** Loads the DCAP vectors copied into test resources (see src/test/resources/dcap/README.md). */
final class Vectors {
  static final List<String> NAMES = List.of(
      "neg_sgx_att_key_type_3", "neg_sgx_attest_key_flip", "neg_sgx_header_version_2", "neg_sgx_qe_report_flip",
      "neg_sgx_quote_sig_flip", "neg_sgx_report_body_flip", "neg_sgx_tcbinfo_expired", "neg_sgx_tcbinfo_tampered",
      "neg_sgx_truncated", "neg_sgx_wrong_root_ca", "neg_tdx5_body_type_flip", "neg_tdx5_quote_sig_flip",
      "neg_tdx_expired", "neg_tdx_fmspc_mismatch_collateral", "neg_tdx_qe_report_flip", "neg_tdx_quote_sig_flip",
      "neg_tdx_truncated", "pos_sgx_trailing_bytes", "sgx_v3_automata_solana", "sgx_v3_automata_tcbinfo_v2_0625",
      "sgx_v3_phala_sample", "tdx_v4_automata_00806f_0725", "tdx_v4_dcaprs_00806f_0225", "tdx_v4_gotdx_spr_e4_2023",
      "tdx_v4_phala_near", "tdx_v4_phala_sample", "tdx_v4_phala_tappd", "tdx_v5_automata_tdxquote5_0225",
      "tdx_v5_automata_tdxquote5_0625", "tdx_v5_gotdx_2026", "tdx_v5_phala_outdated");

  private Vectors() {}

  static Stream<String> names() {
    return NAMES.stream();
  }

  static byte[] bytes(String vector, String file) {
    try (InputStream in = Vectors.class.getResourceAsStream("/dcap/" + vector + "/" + file)) {
      if (in == null) {
        return null;
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] quote(String vector) {
    return bytes(vector, "quote.bin");
  }

  static QuoteCollateral collateral(String vector) {
    return QuoteCollateral.fromJson(bytes(vector, "collateral.json"));
  }

  static Instant time(String vector) {
    return Instant.ofEpochSecond(Long.parseLong(new String(bytes(vector, "time.txt"), StandardCharsets.US_ASCII).trim()));
  }

  static JsonNode expected(String vector) {
    return PhalaJson.readTree("expected", bytes(vector, "expected.json"));
  }

  static QuoteVerifier verifier(String vector) {
    return verifier(vector, false);
  }

  static QuoteVerifier verifier(String vector, boolean strictEncoding) {
    byte[] root = bytes(vector, "root_ca.der");
    QuoteVerifier.Builder b = QuoteVerifier.builder().strictEncoding(strictEncoding);
    if (root != null) {
      b.trustAnchor(root);
    }
    return b.build();
  }

  static final QuoteVerifier INTEL = QuoteVerifier.builder().build();
}
