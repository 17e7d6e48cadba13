package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.attestation.dcap.FailureReason;
import io.phat4j.attestation.dcap.QuoteVerificationException;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TcbStatus;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.Hex;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.Rtmrs;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.dstack.guest.GuestQuote;
import java.util.Arrays;
import io.phat4j.attestation.os.TdxRegisters;
import io.phat4j.attestation.os.VmConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Quotes from the enclave simulator, verified through the dev PCCS with the devnet root named explicitly. */
@Timeout(60)
class DevnetQuoteTest {
  private static Devnet devnet;
  private static PhalaCloudClient cloud;
  private static Deployment deployment;
  private static GuestHttp raw;
  private static DstackGuestClient guest;

  @BeforeAll
  static void deploy() {
    devnet = Devnet.builder().chain(false).bootStep(java.time.Duration.ZERO).start();
    cloud = devnet.cloudClient();
    AppSpec app = AppSpec.builder("quote-app", "services:\n  app:\n    image: example/quote:1\n").build();
    deployment = cloud.deploy(app, DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build()).deployment();
    java.net.URI agent = devnet.cvm(deployment.appId()).guestAgentEndpoint();
    raw = new GuestHttp(agent);
    guest = DstackGuestClient.builder().endpoint(agent.toString()).build();
  }

  @AfterAll
  static void stop() {
    guest.close();
    cloud.close();
    devnet.close();
  }

  @Test
  void quote_verifiesThroughTheDevPccs_onlyUnderTheDevnetRootNamedExplicitly() {
    byte[] reportData = Hex.decode("test", "00112233445566778899aabbccddeeff");
    byte[] quote = guest.getQuote(reportData).quote();

    try (PcsCollateralClient pccs = devnet.collateralClient()) {
      QuoteVerifier devnetVerifier = QuoteVerifier.builder().trustAnchor(devnet.rootCaDer()).build();
      VerifiedQuote verified = devnetVerifier.verify(quote, pccs);

      assertThat(verified.status()).isEqualTo(TcbStatus.UP_TO_DATE);
      assertThat(verified.trustAnchor().intelRoot()).isFalse();
      assertThat(verified.trustAnchor().describe()).startsWith("NOT THE INTEL ROOT: ").contains("phat4j Devnet SGX Root CA");
      assertThat(verified.trustAnchor().sha256()).isEqualTo(devnet.rootCaSha256());
      // report_data is the raw request, right-padded with zeros.
      byte[] expected = Arrays.copyOf(reportData, 64);
      assertThat(((TdReport) verified.report()).reportData()).isEqualTo(expected);

      QuoteVerifier intel = QuoteVerifier.builder().build();
      assertThat(intel.trustAnchor().intelRoot()).isTrue();
      assertThatThrownBy(() -> intel.verify(quote, pccs))
          .isInstanceOfSatisfying(QuoteVerificationException.class,
              e -> assertThat(e.reason()).isIn(FailureReason.values()));
    }
  }

  @Test
  void quote_rtmrsReplayFromTheEventLog_andMrtdIsTheImages() {
    GuestQuote answer = guest.getQuote(new byte[] {(byte) 0xab});
    byte[] quote = answer.quote();
    EventLog log = answer.eventLog();
    Rtmrs replayed = log.replay();
    try (PcsCollateralClient pccs = devnet.collateralClient()) {
      TdReport td = (TdReport) QuoteVerifier.builder().trustAnchor(devnet.rootCaDer()).build().verify(quote, pccs).report();
      for (int i = 0; i < 4; i++) {
        assertThat(td.rtmr(i)).isEqualTo(replayed.get(i));
      }
      // MRTD and RTMR0-2 are what the image's lite measurement gives for this CVM's VM shape.
      TdxRegisters expected = devnet.osImage().boot(VmConfig.parse(answer.vmConfig().json())).registers();
      assertThat(td.mrTd()).isEqualTo(expected.mrtd());
      assertThat(td.rtmr(0)).isEqualTo(expected.rtmr0());
      assertThat(td.rtmr(1)).isEqualTo(expected.rtmr1());
      assertThat(td.rtmr(2)).isEqualTo(expected.rtmr2());
    }
    var events = log.runtimeEvents();
    assertThat(events.appId().hex()).isEqualTo(deployment.appId().hex());
    assertThat(events.composeHash().hex()).isEqualTo(deployment.composeHash().hex());
    assertThat(events.keyProvider().name()).isEqualTo("kms");
    assertThat(events.keyProvider().id()).isEqualTo(Hex.encode(devnet.kmsRootKey().compressed()));
    assertThat(events.systemReady()).isTrue();
  }

  @Test
  void reportDataOver64Bytes_isRefusedWithAnErrorBody() {
    var err = raw.callExpectingError("GetQuote", "{\"report_data\":\"" + "00".repeat(65) + "\"}");
    assertThat(err.status()).isEqualTo(400);
    assertThat(err.body().get("error").asText()).contains("at most 64 bytes");
  }

  @Test
  void emitEvent_extendsRtmr3_andTheNextQuoteReplays() {
    GuestQuote before = guest.getQuote(new byte[0]);
    guest.emitEvent("model-loaded", "v1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    GuestQuote after = guest.getQuote(new byte[0]);
    EventLog log = after.eventLog();
    assertThat(log.runtimeEvents().appEvents()).anySatisfy(e -> assertThat(e.event()).isEqualTo("model-loaded"));
    byte[] q0 = before.quote();
    byte[] q1 = after.quote();
    // RTMR3 sits at [520, 568) of a v4 quote.
    assertThat(Arrays.copyOfRange(q1, 520, 568)).isNotEqualTo(Arrays.copyOfRange(q0, 520, 568))
        .isEqualTo(log.replay().rtmr3().toByteArray());
  }
}
