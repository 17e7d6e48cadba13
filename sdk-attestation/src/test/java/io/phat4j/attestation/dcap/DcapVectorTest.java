package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DcapVectorTest {

  static java.util.stream.Stream<String> vectors() {
    return Vectors.names();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void verify_vector_matchesExpectedVerdict(String name) {
    assertExpectedVerdict(name, Vectors.verifier(name));
  }

  /** The real vectors are canonically encoded: the opt-in strict checks change no verdict. */
  @ParameterizedTest
  @MethodSource("vectors")
  void verify_vectorWithStrictEncoding_matchesExpectedVerdict(String name) {
    assertExpectedVerdict(name, Vectors.verifier(name, true));
  }

  private static void assertExpectedVerdict(String name, QuoteVerifier verifier) {
    JsonNode expected = Vectors.expected(name);
    byte[] quote = Vectors.quote(name);
    QuoteCollateral collateral = Vectors.collateral(name);
    if (expected.get("should_succeed").asBoolean()) {
      VerifiedQuote v = verifier.verify(quote, collateral, Vectors.time(name));
      assertThat(v.status().wireName()).isEqualTo(expected.get("status").asText());
      List<String> ids = new ArrayList<>();
      expected.get("advisory_ids").forEach(n -> ids.add(n.asText()));
      assertThat(v.advisoryIds()).containsExactlyElementsOf(ids);
      assertReport(expected.get("report_type").asText(), expected.get("report"), v.report());
      assertThat(v.ppid()).hasSize(16);
      assertThat(v.fmspc()).hasSize(12);
    } else {
      QuoteVerificationException e = catchThrowableOfType(
          QuoteVerificationException.class, () -> verifier.verify(quote, collateral, Vectors.time(name)));
      assertThat(e).as("%s must fail", name).isNotNull();
      assertThat(e.dcapQvlMessage()).as(name + ": " + e.getMessage()).startsWith(expected.get("expected_error").asText());
    }
  }

  private static void assertReport(String type, JsonNode report, ReportBody body) {
    switch (type) {
      case "sgx" -> {
        SgxReport r = (SgxReport) body;
        assertThat(r.mrEnclave().hex()).isEqualTo(report.get("mr_enclave").asText());
        assertThat(r.mrSigner().hex()).isEqualTo(report.get("mr_signer").asText());
        assertThat(r.isvProdId()).isEqualTo(report.get("isv_prod_id").asInt());
        assertThat(r.isvSvn()).isEqualTo(report.get("isv_svn").asInt());
        assertThat(Hex.encode(r.attributes())).isEqualTo(report.get("attributes").asText());
        assertThat(Hex.encode(r.reportData())).isEqualTo(report.get("report_data").asText());
      }
      case "td10", "td15" -> {
        TdReport r = (TdReport) body;
        assertThat(r.type()).isEqualTo(type.equals("td10") ? BodyType.TD_REPORT_10 : BodyType.TD_REPORT_15);
        assertThat(r.mrTd().hex()).isEqualTo(report.get("mr_td").asText());
        assertThat(Hex.encode(r.teeTcbSvn())).isEqualTo(report.get("tee_tcb_svn").asText());
        assertThat(Hex.encode(r.tdAttributes())).isEqualTo(report.get("td_attributes").asText());
        assertThat(r.rtmr(0).hex()).isEqualTo(report.get("rtmr0").asText());
        assertThat(Hex.encode(r.reportData())).isEqualTo(report.get("report_data").asText());
      }
      default -> throw new AssertionError("unknown report type " + type);
    }
  }
}
