package io.phat4j.attestation.dcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.WriteDcapVectors;
import io.phat4j.testkit.WriteDcapVectors.Scenario;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The testkit's standard scenarios (those {@code WriteDcapVectors} writes for cross-checking with
 * dcap-qvl): each one gives the verdict and status it declares, and each failing one fails at the
 * step it was made for.
 */
class SyntheticScenarioTest {
  private static final DcapTestPki PKI = Synthetic.pki("phat4j");
  private static final List<Scenario> SCENARIOS = WriteDcapVectors.scenarios(PKI);

  /** The step each failing scenario targets, and a part of the message that names it. */
  private static final Map<String, Expected> FAILURES = Map.ofEntries(
      Map.entry("neg_tdx_v4_revoked_pck", new Expected(FailureReason.CERT_REVOKED, "is listed in pck_crl")),
      Map.entry("neg_tdx_v4_revoked_tcb", new Expected(FailureReason.TCB_STATUS_REVOKED, "TCB status is invalid: Revoked")),
      Map.entry("neg_tdx_v4_debug_qe", new Expected(FailureReason.QE_IDENTITY_MISMATCH, "Debug mode is enabled")),
      Map.entry("neg_tdx_v4_ca_as_end_entity", new Expected(FailureReason.CERT_CHAIN, "CaUsedAsEndEntity")),
      Map.entry("neg_tdx_v4_expired_pck_cert", new Expected(FailureReason.CERT_EXPIRED, "PCK Certificate")),
      Map.entry("neg_tdx_v4_tcb_info_expired", new Expected(FailureReason.TCB_INFO_EXPIRED, "TCBInfo expired")),
      Map.entry("neg_tdx_v4_qe_hash_mismatch", new Expected(FailureReason.QE_REPORT_BINDING, "QE report hash mismatch")),
      Map.entry("neg_tdx_v4_td_debug", new Expected(FailureReason.DEBUG_ENABLED, "TDATTRIBUTES.DEBUG")),
      Map.entry("neg_tdx_v4_no_matching_tcb_level",
          new Expected(FailureReason.NO_MATCHING_TCB_LEVEL, "No matching TCB level found")),
      Map.entry("neg_tdx_v4_sept_ve_disabled_off",
          new Expected(FailureReason.SEPT_VE_DISABLED, "SEPT_VE_DISABLE is not enabled")),
      Map.entry("neg_tdx_v5_mr_service_td", new Expected(FailureReason.SERVICE_TD, "Invalid mr service td")),
      Map.entry("neg_tdx_v4_cert_type_3_without_chain",
          new Expected(FailureReason.PCK_CERT_FORMAT, "Unsupported DCAP PCK cert format: 3")),
      Map.entry("neg_sgx_v4_quote", new Expected(FailureReason.UNSUPPORTED_VERSION, "SGX TEE quote must have version 3")),
      Map.entry("neg_tdx_v4_wrong_root_ca",
          new Expected(FailureReason.CERT_CHAIN, "Failed to verify certificate chain - intermediate signature invalid")),
      Map.entry("neg_strict_tdx_v4_expired_pck_crl", new Expected(FailureReason.CRL_EXPIRED, "pck_crl expired")),
      Map.entry("neg_strict_tdx_v4_module_mrsigner_mismatch",
          new Expected(FailureReason.TDX_MODULE_IDENTITY, "MRSIGNERSEAM mismatch")));

  private record Expected(FailureReason reason, String text) {}

  static Stream<Scenario> scenarios() {
    return SCENARIOS.stream();
  }

  @Test
  void scenarios_all24_eachFailingOneHasAnExpectedStep() {
    assertThat(SCENARIOS).hasSize(24);
    assertThat(SCENARIOS.stream().filter(s -> !s.shouldSucceed()).map(Scenario::name))
        .containsExactlyInAnyOrderElementsOf(FAILURES.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void verify_scenario_givesDeclaredVerdict(Scenario s) {
    if (s.shouldSucceed()) {
      VerifiedQuote q = Synthetic.verify(s.vector());
      assertThat(q.status().wireName()).isEqualTo(s.status());
    } else {
      Expected expected = FAILURES.get(s.name());
      QuoteVerificationException e = Synthetic.failure(s.vector());
      assertThat(e.reason()).as(e.getMessage()).isEqualTo(expected.reason());
      assertThat(e).hasMessageContaining(expected.text());
    }
  }

  @Test
  void verify_configurationNeededScenario_platformAndQeStatusKeptApart() {
    VerifiedQuote q = Synthetic.verify(scenario("pos_tdx_v4_configuration_needed"));
    assertThat(q.platformStatus()).isEqualTo(TcbStatus.CONFIGURATION_NEEDED);
    assertThat(q.qeStatus()).isEqualTo(TcbStatus.SW_HARDENING_NEEDED);
    assertThat(q.qeAdvisoryIds()).containsExactly("INTEL-SA-00615");
    assertThat(q.advisoryIds()).containsExactly("INTEL-SA-00615");
  }

  private static io.phat4j.testkit.DcapTestVector scenario(String name) {
    return SCENARIOS.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().vector();
  }
}
