package io.phat4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.ratls.RaTlsCertificate;
import io.phat4j.contracts.cloud.CloudEvidence;
import io.phat4j.core.PhalaException;
import io.phat4j.core.json.PhalaJson;
import java.nio.charset.StandardCharsets;

/**
 * Detects what an evidence file holds: an RA-TLS certificate (PEM), a Phala Cloud attestation, or
 * one of the JSON shapes {@link AppEvidence#fromJson(byte[])} knows. Unusable input is exit 2.
 */
final class EvidenceInput {
  private EvidenceInput() {}

  static AppEvidence parse(byte[] data, String name) {
    try {
      String text = new String(data, 0, Math.min(data.length, 64), StandardCharsets.UTF_8).stripLeading();
      if (text.startsWith("-----BEGIN")) {
        return certificate(data);
      }
      JsonNode root = PhalaJson.readTree("evidence", data);
      if (CloudEvidence.looksLikeCloudAttestation(root)) {
        return CloudEvidence.fromJson(data);
      }
      return AppEvidence.fromJson(data);
    } catch (PhalaException | IllegalArgumentException e) {
      throw new CliException(Main.USAGE, "unusable evidence " + name + ": " + e.getMessage(), e);
    }
  }

  private static AppEvidence certificate(byte[] pem) {
    return AppEvidence.fromCertificate(RaTlsCertificate.parsePem(pem));
  }
}
