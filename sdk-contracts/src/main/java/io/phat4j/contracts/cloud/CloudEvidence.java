package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.EvidenceFormat;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.json.PhalaJson;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns a Phala Cloud attestation into {@link AppEvidence} for
 * {@link io.phat4j.attestation.app.AppVerifier}: the quote of the app certificate, the event log
 * and app-compose text of {@code tcb_info}.
 *
 * <p>The cloud API does not return the CVM's {@code vm_config}, so the OS-image link fails for such
 * evidence ("no vm_config"); fetch evidence from the app itself (the guest agent's
 * {@code GetQuote}) to have the OS image checked. Nothing the cloud says is trusted: the quote, the
 * event log replay and the compose hash are all verified.
 */
public final class CloudEvidence {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudEvidence() {}

  /**
   * Evidence from a CVM attestation ({@link CvmsApi#attestation(CvmId)}).
   *
   * @param attestation the cloud's answer
   * @return the evidence, with format {@link EvidenceFormat#PHALA_CLOUD}
   * @throws DecodeException if it carries no quote or no tcb_info
   */
  public static AppEvidence from(CvmAttestation attestation) {
    Objects.requireNonNull(attestation, "attestation");
    return build(attestation.appCertificates(), attestation.tcbInfo());
  }

  /**
   * Evidence from one instance of an app attestation.
   *
   * @param instance the instance
   * @return the evidence
   * @throws DecodeException if it carries no quote or no tcb_info
   */
  public static AppEvidence from(AppAttestation.Instance instance) {
    Objects.requireNonNull(instance, "instance");
    if (instance.quote() != null && !instance.quote().isBlank() && instance.tcbInfo() != null) {
      return evidence(instance.quote(), instance.tcbInfo());
    }
    return build(instance.appCertificates(), instance.tcbInfo());
  }

  /**
   * Evidence from the JSON of {@code GET /cvms/{id}/attestation}.
   *
   * @param json the response body
   * @return the evidence
   * @throws DecodeException if the JSON is not such a response
   */
  public static AppEvidence fromJson(byte[] json) {
    return from(PhalaJson.read("attestation", json, CvmAttestation.class));
  }

  /**
   * Tells whether JSON looks like a Phala Cloud attestation ({@code app_certificates} and {@code tcb_info}).
   *
   * @param json the parsed JSON
   * @return true if it has that shape
   */
  public static boolean looksLikeCloudAttestation(com.fasterxml.jackson.databind.JsonNode json) {
    return json.isObject() && json.has("tcb_info") && (json.has("app_certificates") || json.has("instances"));
  }

  private static AppEvidence build(List<CvmAttestation.AppCertificate> certificates, CvmAttestation.@Nullable TcbInfo tcb) {
    if (tcb == null) {
      throw new DecodeException("tcb_info", "is missing: the cloud returned no event log");
    }
    String quote = null;
    for (CvmAttestation.AppCertificate c : certificates) {
      if (c.quote() != null && !c.quote().isBlank()
          && (quote == null || Objects.equals(c.positionInChain(), 0))) {
        quote = c.quote();
      }
    }
    if (quote == null) {
      throw new DecodeException("app_certificates", "no certificate carries a quote");
    }
    return evidence(quote, tcb);
  }

  private static AppEvidence evidence(String quoteHex, CvmAttestation.TcbInfo tcb) {
    String hex = quoteHex.startsWith("0x") ? quoteHex.substring(2) : quoteHex;
    ArrayNode log = JSON.createArrayNode();
    for (CvmAttestation.EventLogItem e : tcb.eventLog()) {
      ObjectNode o = log.addObject();
      o.put("imr", e.imr());
      o.put("event_type", e.eventType());
      o.put("digest", e.digest());
      o.put("event", e.event());
      o.put("event_payload", e.eventPayload());
    }
    AppEvidence evidence = AppEvidence.of(EvidenceFormat.PHALA_CLOUD, Hex.decode("quote", hex), log.toString(), null);
    return tcb.appCompose() == null ? evidence : evidence.withAppCompose(tcb.appCompose());
  }
}
