package io.phat4j.attestation.app;

import static io.phat4j.attestation.app.AppVerifierFixtureTest.json;
import static io.phat4j.attestation.app.AppVerifierFixtureTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.attestation.dcap.TcbStatus;
import io.phat4j.attestation.dcap.VerificationPolicy;
import io.phat4j.core.Hex;
import org.junit.jupiter.api.Test;

/**
 * The whole chain valid: the lite fixture's TD report re-signed under the testkit's DCAP PKI, so
 * the quote link verifies (signatures, chain, collateral, TCB) and every other link runs on real
 * evidence.
 */
class AppVerifierQuoteLinkTest {
  private static final JsonNode LITE = json(text("tdx-lite-getquote/tdx-lite-getquote.json"));
  private static final TestPlatform PLATFORM = TestPlatform.resign(Hex.decode("quote", LITE.get("quote").asText()));

  private static AppEvidence evidence() {
    return AppEvidence.ofQuote(PLATFORM.quote(), LITE.get("event_log").asText(), LITE.get("vm_config").asText());
  }

  @Test
  void everyLinkPasses_andTheVerdictCarriesItsHorizon() {
    AppVerification v = PLATFORM.verifier().verify(evidence(), AppPolicy.defaults());
    assertThat(v.isValid()).as(v.toText()).isTrue();
    assertThat(v.reason()).isNull();
    assertThat(v.failedLinks()).isEmpty();
    assertThat(v.tcbStatus()).isEqualTo("UpToDate");
    assertThat(v.validUntil()).isAfter(PLATFORM.time());
    assertThat(v.link(LinkResult.QUOTE).detail()).contains("UpToDate").contains("trusting");
    JsonNode out = json(v.toJson());
    assertThat(out.get("is_valid").asBoolean()).isTrue();
    assertThat(out.get("reason").isNull()).isTrue();
    JsonNode d = out.get("details");
    assertThat(d.get("quote_verified").asBoolean()).isTrue();
    assertThat(d.get("tee_variant").asText()).isEqualTo("dstack-tdx");
    assertThat(d.get("tcb_status").asText()).isEqualTo("UpToDate");
    assertThat(d.get("report_data").asText()).isEqualTo(LITE.get("report_data").asText());
    assertThat(d.get("boot_info").get("tcbStatus").asText()).isEqualTo("UpToDate");
    // Same TD report, so the same measurements; only device_id (another PPID) differs.
    JsonNode expected = json(text("tdx-lite-getquote/expected.json")).get("details").get("app_info");
    assertThat(d.get("app_info").get("mr_system")).isEqualTo(expected.get("mr_system"));
    assertThat(d.get("app_info").get("mr_aggregated")).isEqualTo(expected.get("mr_aggregated"));
    assertThat(d.get("app_info").get("device_id")).isNotEqualTo(expected.get("device_id"));
  }

  @Test
  void tcbPolicy_isEnforcedInTheQuoteLink() {
    AppPolicy onlyOutOfDate = AppPolicy.builder()
        .tcbPolicy(VerificationPolicy.builder().acceptedStatuses(TcbStatus.OUT_OF_DATE).build()).build();
    AppVerification v = PLATFORM.verifier().verify(evidence(), onlyOutOfDate);
    assertThat(v.isValid()).isFalse();
    assertThat(v.link(LinkResult.QUOTE).reason()).contains("UpToDate");
    assertThat(v.validUntil()).isNull();
    JsonNode d = json(v.toJson()).get("details");
    assertThat(d.get("quote_verified").asBoolean()).as("the quote verified; only the policy refused its status").isTrue();
    assertThat(d.get("tcb_status").asText()).isEqualTo("UpToDate");
    assertThat(json(v.toJson()).get("reason").asText()).startsWith("Quote verification failed: ").contains("UpToDate");
  }

  @Test
  void collateralSourceFailure_failsOnlyTheQuoteLink() {
    AppVerifier v = AppVerifier.builder()
        .collateralSource(q -> {
          throw new io.phat4j.core.PhalaException("PCCS unreachable");
        })
        .build();
    AppVerification r = v.verify(evidence(), AppPolicy.defaults());
    assertThat(r.link(LinkResult.QUOTE).reason()).isEqualTo("collateral unavailable: PCCS unreachable");
    assertThat(r.failedLinks()).extracting(LinkResult::name).containsExactly(LinkResult.QUOTE);
  }

  @Test
  void optionalLink_runsAfterTheBuiltIns_andAnEscapingExceptionFailsOnlyIt() {
    AppLink seesIdentity = new AppLink() {
      @Override
      public String name() {
        return "custom";
      }

      @Override
      public LinkResult check(AppLinkContext c) {
        return c.builtInLinksPassed() && c.appInfo() != null && "UpToDate".equals(c.tcbStatus())
            ? LinkResult.passed("custom", "saw " + c.appInfo().appIdHex())
            : LinkResult.failed("custom", "no verified identity");
      }
    };
    AppLink throwing = new AppLink() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public LinkResult check(AppLinkContext c) {
        throw new IllegalStateException("chain RPC timed out");
      }
    };
    AppVerification v = AppVerifier.builder()
        .quoteVerifier(io.phat4j.attestation.dcap.QuoteVerifier.builder().trustAnchor(PLATFORM.rootCaDer())
            .clock(java.time.Clock.fixed(PLATFORM.time(), java.time.ZoneOffset.UTC)).build())
        .collateral(PLATFORM.collateral())
        .clock(java.time.Clock.fixed(PLATFORM.time(), java.time.ZoneOffset.UTC))
        .addLink(seesIdentity)
        .addLink(throwing)
        .build()
        .verify(evidence(), AppPolicy.defaults());
    assertThat(v.link("custom").status()).isEqualTo(LinkStatus.PASSED);
    assertThat(v.link("broken").reason()).isEqualTo("chain RPC timed out");
    assertThat(v.reason()).isEqualTo("broken verification failed: chain RPC timed out");
  }
}
