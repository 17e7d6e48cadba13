package io.phat4j.attestation.app;

import static io.phat4j.attestation.app.AppVerifierFixtureTest.json;
import static io.phat4j.attestation.app.AppVerifierFixtureTest.resource;
import static io.phat4j.attestation.app.AppVerifierFixtureTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.ratls.RaTlsCertificate;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each link on real evidence and on mutations of it: the right link fails, names the cause, and hides no other. */
class AppVerifierLinksTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AppVerifier VERIFIER = AppVerifier.builder().build();
  private static final String LITE = "tdx-lite-getquote/tdx-lite-getquote.json";

  /** The lite fixture as an object, to mutate. */
  private static ObjectNode lite() {
    return (ObjectNode) json(text(LITE));
  }

  private static ArrayNode events(ObjectNode request) {
    return (ArrayNode) json(request.get("event_log").asText());
  }

  private static ObjectNode withEvents(ObjectNode request, ArrayNode events) {
    request.put("event_log", events.toString());
    return request;
  }

  private static AppVerification verify(ObjectNode request, AppPolicy policy) {
    return VERIFIER.verify(AppEvidence.fromVerifierRequest(request.toString().getBytes(StandardCharsets.UTF_8)), policy);
  }

  private static int indexOf(ArrayNode events, String name) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).path("event").asText().equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no event " + name);
  }

  @Test
  void alteredComposeHashEvent_failsEventLogAtRtmr3_andUnbindsIdentity() {
    ObjectNode req = lite();
    ArrayNode ev = events(req);
    int i = indexOf(ev, "compose-hash");
    ((ObjectNode) ev.get(i)).put("event_payload", "00".repeat(32));
    AppVerification v = verify(withEvents(req, ev), AppPolicy.defaults());

    assertThat(v.link(LinkResult.EVENT_LOG).status()).isEqualTo(LinkStatus.FAILED);
    assertThat(v.link(LinkResult.EVENT_LOG).reason()).contains("RTMR3");
    assertThat(v.link(LinkResult.APP_IDENTITY).status()).isEqualTo(LinkStatus.FAILED);
    assertThat(v.appInfo()).isNull();
    assertThat(v.reason()).contains("Event log verification failed");
    JsonNode out = json(v.toJson());
    assertThat(out.get("details").get("event_log_verified").asBoolean()).isFalse();
    assertThat(out.get("details").get("app_info").isNull()).isTrue();
    JsonNode debug = out.get("details").get("rtmr_debug");
    assertThat(debug).hasSize(1);
    assertThat(debug.get(0).get("rtmr").asText()).isEqualTo("RTMR3");
    assertThat(debug.get(0).get("actual").asText()).isEqualTo(quoteRtmr3());
  }

  private static String quoteRtmr3() {
    return json(text("tdx-lite-getquote/expected.json")).get("reference").get("quote").get("rt_mr3").asText();
  }

  @Test
  void eventWithAStatedDigestNotItsPayloads_isNamedAsTheMismatch() {
    ObjectNode req = lite();
    ArrayNode ev = events(req);
    int i = indexOf(ev, "app-id");
    // A stated digest that does not hash the payload: the strict parse refuses it, rtmr_debug names it.
    ((ObjectNode) ev.get(i)).put("digest", "11".repeat(48));
    AppVerification v = verify(withEvents(req, ev), AppPolicy.defaults());

    assertThat(v.link(LinkResult.EVENT_LOG).status()).isEqualTo(LinkStatus.FAILED);
    assertThat(v.link(LinkResult.EVENT_LOG).reason()).contains("app-id");
    RtmrMismatch m = v.rtmrDebug().get(0);
    assertThat(m.rtmr()).isEqualTo("RTMR3");
    RtmrMismatch.Event bad = m.events().stream().filter(e -> e.status() == RtmrMismatch.Status.MISMATCH).findFirst().orElseThrow();
    assertThat(bad.index()).isEqualTo(i);
    assertThat(bad.eventName()).isEqualTo("app-id");
    assertThat(bad.actualDigest()).isEqualTo("11".repeat(48));
  }

  @Test
  void alteredBootEventDigest_failsItsRegister_butIdentityStaysBound() {
    ObjectNode req = lite();
    ArrayNode ev = events(req);
    int i = -1;
    for (int k = 0; k < ev.size(); k++) {
      if (ev.get(k).get("imr").asInt() == 1) {
        i = k;
        break;
      }
    }
    ((ObjectNode) ev.get(i)).put("digest", "22".repeat(48));
    AppVerification v = verify(withEvents(req, ev), AppPolicy.defaults());

    assertThat(v.link(LinkResult.EVENT_LOG).reason()).contains("RTMR1").doesNotContain("RTMR3");
    assertThat(v.link(LinkResult.APP_IDENTITY).status()).isEqualTo(LinkStatus.PASSED);
    assertThat(v.rtmrDebug()).extracting(RtmrMismatch::rtmr).containsExactly("RTMR1");
  }

  @Test
  void trailingEventTheQuoteNeverMeasured_isReportedExtra() {
    ObjectNode req = lite();
    ArrayNode ev = events(req);
    ObjectNode extra = ev.addObject();
    extra.put("imr", 3);
    extra.put("event_type", 0x08000001L);
    extra.put("digest", "");
    extra.put("event", "late-event");
    extra.put("event_payload", "01");
    AppVerification v = verify(withEvents(req, ev), AppPolicy.defaults());

    assertThat(v.link(LinkResult.EVENT_LOG).reason()).contains("event " + (ev.size() - 1)).contains("not measured");
    RtmrMismatch.Event last = v.rtmrDebug().get(0).events().getLast();
    assertThat(last.status()).isEqualTo(RtmrMismatch.Status.EXTRA);
    assertThat(last.eventName()).isEqualTo("late-event");
  }

  @Test
  void missingEventLog_failsEventLogAndIdentity_quoteLinkStillReported() {
    ObjectNode req = lite();
    req.remove("event_log");
    String body = req.toString();
    // dstack-verifier refuses a quote without event_log; so does the request factory.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AppEvidence.fromVerifierRequest(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("event_log");
    AppEvidence noLog = AppEvidence.of(EvidenceFormat.QUOTE, Hex.decode("q", req.get("quote").asText()), null, null);
    AppVerification v = VERIFIER.verify(noLog, AppPolicy.defaults());
    assertThat(v.links()).extracting(LinkResult::name)
        .containsExactly(LinkResult.QUOTE, LinkResult.EVENT_LOG, LinkResult.OS_IMAGE, LinkResult.APP_IDENTITY);
    assertThat(v.links()).allMatch(LinkResult::failed);
    assertThat(v.link(LinkResult.EVENT_LOG).reason()).contains("no event log");
    assertThat(v.link(LinkResult.OS_IMAGE).reason()).contains("no vm_config");
  }

  @Test
  void policyRejectsAnotherComposeHash_inTheIdentityLink() {
    AppVerification v = verify(lite(), AppPolicy.builder().allowComposeHashes(Bytes32.of(new byte[32])).build());
    assertThat(v.link(LinkResult.APP_IDENTITY).status()).isEqualTo(LinkStatus.FAILED);
    assertThat(v.link(LinkResult.APP_IDENTITY).reason())
        .contains("compose hash 86b0e55f2fa8e4fb69d890f14f54d5612707646e2573d54e0d2ddaaade77caa9 is not one of");
    assertThat(v.reason()).contains("App identity verification failed");
  }

  @Test
  void policyAcceptsTheBootedComposeHashAndAppId() {
    AppVerification v = verify(lite(), AppPolicy.builder()
        .allowComposeHashes(Bytes32.fromHex("86b0e55f2fa8e4fb69d890f14f54d5612707646e2573d54e0d2ddaaade77caa9"))
        .allowAppIds(AppId.fromHex("86b0e55f2fa8e4fb69d890f14f54d5612707646e"))
        .build());
    assertThat(v.link(LinkResult.APP_IDENTITY).status()).isEqualTo(LinkStatus.PASSED);
  }

  @Test
  void policyRejectsAnotherAppIdAndKms() {
    AppVerification v = verify(lite(), AppPolicy.builder()
        .allowAppIds(AppId.of(new byte[20]))
        .expectedKms("0x" + "ab".repeat(32))
        .build());
    assertThat(v.link(LinkResult.APP_IDENTITY).reason())
        .contains("app id 86b0e55f2fa8e4fb69d890f14f54d5612707646e is not one of")
        .contains("is not the expected " + "ab".repeat(32));
  }

  @Test
  void policyAcceptsTheKmsTheAppBootedWith() {
    String kmsId = json(text("tdx-lite-getquote/expected.json")).get("details").get("key_provider").get("id").asText();
    AppVerification v = verify(lite(), AppPolicy.builder().expectedKms(kmsId.toUpperCase(java.util.Locale.ROOT)).build());
    assertThat(v.link(LinkResult.APP_IDENTITY).status()).isEqualTo(LinkStatus.PASSED);
  }

  @Test
  void expectedReportDataAndNonce_areCheckedInTheQuoteLink() {
    byte[] reportData = Hex.decode("rd", json(text("tdx-lite-getquote/expected.json")).get("details").get("report_data").asText());
    AppVerification right = verify(lite(), AppPolicy.builder().expectedReportData(reportData).build());
    assertThat(right.link(LinkResult.QUOTE).reason()).doesNotContain("report data");
    byte[] other = reportData.clone();
    other[63] ^= 1;
    AppVerification wrong = verify(lite(), AppPolicy.builder().expectedReportData(other).expectedNonce(new byte[] {1, 2, 3}).build());
    assertThat(wrong.link(LinkResult.QUOTE).reason()).contains("is not the expected").contains("nonce");
  }

  @Test
  void appComposeText_mustHashToTheBootedComposeHash() {
    AppEvidence e = AppEvidence.fromJson(resource(LITE)).withAppCompose("{\"manifest_version\":2}");
    AppVerification v = VERIFIER.verify(e, AppPolicy.defaults());
    assertThat(v.link(LinkResult.APP_IDENTITY).reason()).contains("app-compose text hashes to");
  }

  @Test
  void realGuestAgentGetQuoteResponse_replaysAllFourRegisters() {
    AppEvidence e = AppEvidence.fromJson(resource("dstack-guest-getquote-response.json"));
    AppVerification v = VERIFIER.verify(e, AppPolicy.defaults());
    assertThat(v.link(LinkResult.EVENT_LOG).status()).isEqualTo(LinkStatus.PASSED);
    assertThat(v.link(LinkResult.EVENT_LOG).detail()).contains("RTMR0-3");
    assertThat(v.link(LinkResult.APP_IDENTITY).status()).isEqualTo(LinkStatus.PASSED);
    JsonNode vm = json(json(text("dstack-guest-getquote-response.json")).get("vm_config").asText());
    assertThat(v.appInfo().osImageHashHex()).isEqualTo(vm.get("os_image_hash").asText());
  }

  /**
   * A production KMS CVM's {@code Info} response: the guest agent itself reported mr_aggregated,
   * app id and compose_hash; AppVerifier must compute the same from the quote in its
   * certificate and the event log.
   */
  @Test
  void realInfoResponse_identityEqualsWhatTheGuestAgentReported() {
    JsonNode info = json(text("kms-prod9-pha/info.json"));
    RaTlsCertificate cert = RaTlsCertificate.parsePem(info.get("app_cert").asText());
    AppEvidence e = AppEvidence.of(
            EvidenceFormat.QUOTE, cert.quote(), text("kms-prod9-pha/event_log.json"), info.get("vm_config").asText())
        .withAppCompose(text("kms-prod9-pha/app_compose.json"));
    AppVerification v = VERIFIER.verify(e, AppPolicy.defaults());

    assertThat(v.link(LinkResult.EVENT_LOG).status()).isEqualTo(LinkStatus.PASSED);
    assertThat(v.link(LinkResult.APP_IDENTITY).status()).isEqualTo(LinkStatus.PASSED);
    assertThat(v.link(LinkResult.APP_IDENTITY).detail()).contains("app-compose text matches");
    AppInfo a = v.appInfo();
    assertThat(a.appIdHex()).isEqualTo(info.get("app_id").asText());
    assertThat(a.composeHashHex()).isEqualTo(info.get("compose_hash").asText());
    // device_id is not compared: this 2025 guest agent derived it differently from today's dstack
    // (SHA-256 of the PCK certificate's PPID), which AppVerifier follows.
    assertThat(a.mrAggregated().hex()).isEqualTo(info.get("mr_aggregated").asText());
    assertThat(a.instanceIdHex()).isEqualTo(info.get("instance_id").asText());
    assertThat(new String(a.keyProviderInfo(), StandardCharsets.UTF_8)).isEqualTo(info.get("key_provider_info").asText());
    assertThat(v.keyProvider().name()).isEqualTo("local-sgx");
  }

  @Test
  void certificateWhoseKeyIsNotBound_failsTheRaTlsLinkSayingSo() {
    RaTlsCertificate cert = RaTlsCertificate.parsePem(resource("tdx-lite-v0-get-tls-key/tdx-lite-v0-get-tls-key.pem"));
    AppEvidence bound = AppEvidence.fromCertificate(cert);
    assertThat(VERIFIER.verify(bound, AppPolicy.defaults()).link(LinkResult.RA_TLS).status()).isEqualTo(LinkStatus.PASSED);
    // The same attestation presented for another key (as a re-keyed certificate would).
    AppEvidence rekeyed = bound.withRaTls(new RaTlsBinding(false, "v0-scale", "3059"));
    AppVerification v = VERIFIER.verify(rekeyed, AppPolicy.defaults());
    assertThat(v.link(LinkResult.RA_TLS).status()).isEqualTo(LinkStatus.FAILED);
    assertThat(v.reason()).contains("RA-TLS verification failed: the quote's report data does not bind the certificate's public key");
    assertThat(json(v.toJson()).get("ra_tls").get("report_data_bound").asBoolean()).isFalse();
  }

  @Test
  void attestationRequest_sameCaptureAsGetQuote_givesTheSameIdentity() {
    AppEvidence att = AppEvidence.fromVerifierRequest(resource("tdx-lite-attestation.json"));
    assertThat(att.format()).isEqualTo(EvidenceFormat.VERIFIER_ATTESTATION);
    assertThat(att.vmConfigJson()).as("the attestation embeds its vm_config").contains("tdx_measurement");
    AppVerification v = VERIFIER.verify(att, AppPolicy.defaults());
    JsonNode expected = json(text("tdx-lite-getquote/expected.json")).get("details");
    JsonNode got = json(v.toJson()).get("details");
    assertThat(got.get("event_log_verified").asBoolean()).isTrue();
    assertThat(got.get("app_info")).isEqualTo(expected.get("app_info"));
    assertThat(AppEvidence.fromJson(resource("tdx-lite-attestation.json")).format()).isEqualTo(EvidenceFormat.GUEST_ATTEST);
  }

  @Test
  void unknownJsonShape_isADecodeException() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AppEvidence.fromJson("{\"hello\":1}"))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("not a known shape");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AppEvidence.fromJson("{\"quote\":\"00\",\"event_log\":\"[]\"}"))
        .isInstanceOf(io.phat4j.core.PhalaException.class);
  }

  @Test
  void attestationWinsOverTopLevelFields_likeDstackVerifier() {
    // Top-level fields beside an attestation are ignored, so they cannot influence the result.
    ObjectNode req = JSON.createObjectNode();
    req.put("attestation", "zz");
    req.put("quote", lite().get("quote").asText());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AppEvidence.fromVerifierRequest(req.toString().getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("attestation");
  }
}
