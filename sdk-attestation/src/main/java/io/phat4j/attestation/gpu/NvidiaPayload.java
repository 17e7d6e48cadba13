package io.phat4j.attestation.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.json.PhalaJson;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The {@code nvidia_payload} of a Phala attestation report: the nonce the GPU evidence was requested
 * with and one {@link GpuEvidence} per GPU, in GPU index order.
 *
 * @param nonce the payload's nonce (the one Phala claims it asked the GPUs to sign)
 * @param arch the payload's architecture
 * @param evidence the per-GPU entries
 */
public record NvidiaPayload(Bytes32 nonce, GpuArch arch, List<GpuEvidence> evidence) {
  /** Copies the list. */
  public NvidiaPayload {
    evidence = List.copyOf(evidence);
  }

  /**
   * Parses the payload JSON.
   *
   * <p>Phala's report carries {@code nvidia_payload} as a JSON string whose content is the payload
   * object (double encoding); both that string form and the plain object form are accepted.
   *
   * @param json the payload JSON
   * @return the payload
   * @throws GpuEvidenceFormatException or {@link DecodeException} naming the first bad field
   */
  public static NvidiaPayload parse(String json) {
    JsonNode node = PhalaJson.readTree("nvidia_payload", json);
    if (node.isTextual()) {
      node = PhalaJson.readTree("nvidia_payload", node.asText());
    }
    return fromJson(node);
  }

  /**
   * Reads the payload from an already-parsed JSON node (an object, or a string holding one).
   *
   * @param node the payload node
   * @return the payload
   * @throws GpuEvidenceFormatException or {@link DecodeException} naming the first bad field
   */
  public static NvidiaPayload fromJson(JsonNode node) {
    if (node.isTextual()) {
      node = PhalaJson.readTree("nvidia_payload", node.asText());
    }
    if (!node.isObject()) {
      throw new GpuEvidenceFormatException("nvidia_payload", "expected a JSON object", null);
    }
    Bytes32 nonce = Bytes32.fromHex("nvidia_payload.nonce", text(node, "nonce", "nvidia_payload.nonce"));
    GpuArch arch = GpuArch.parse("nvidia_payload.arch", text(node, "arch", "nvidia_payload.arch"));
    JsonNode list = node.get("evidence_list");
    if (list == null || !list.isArray()) {
      throw new GpuEvidenceFormatException("nvidia_payload.evidence_list", "missing or not an array", null);
    }
    List<GpuEvidence> entries = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String field = "nvidia_payload.evidence_list[" + i + "]";
      JsonNode e = list.get(i);
      if (!e.isObject()) {
        throw new GpuEvidenceFormatException(field, "expected a JSON object", null);
      }
      JsonNode archNode = e.get("arch");
      GpuArch entryArch = archNode == null || archNode.isNull()
          ? arch
          : GpuArch.parse(field + ".arch", text(e, "arch", field + ".arch"));
      byte[] pem = base64(field + ".certificate", text(e, "certificate", field + ".certificate"));
      List<X509Certificate> chain = certificates(field + ".certificate", pem);
      byte[] report = base64(field + ".evidence", text(e, "evidence", field + ".evidence"));
      entries.add(new GpuEvidence(i, entryArch, chain, report));
    }
    return new NvidiaPayload(nonce, arch, entries);
  }

  private static String text(JsonNode node, String name, String field) {
    JsonNode v = node.get(name);
    if (v == null || !v.isTextual()) {
      throw new GpuEvidenceFormatException(field, "missing or not a string", null);
    }
    return v.asText();
  }

  private static byte[] base64(String field, String text) {
    try {
      return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new GpuEvidenceFormatException(field, "not valid base64", e);
    }
  }

  /**
   * Parses concatenated PEM certificates, in order.
   *
   * @param field the field name, for errors
   * @param pem the PEM text bytes
   * @return the certificates
   * @throws GpuEvidenceFormatException if the text holds no certificate or a malformed one
   */
  static List<X509Certificate> certificates(String field, byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new GpuEvidenceFormatException(field, "no PEM certificate found", null);
    }
    try {
      Collection<? extends java.security.cert.Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
      List<X509Certificate> out = new ArrayList<>();
      for (java.security.cert.Certificate c : certs) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new GpuEvidenceFormatException(field, "no certificate decoded", null);
      }
      return out;
    } catch (CertificateException | RuntimeException e) {
      if (e instanceof GpuEvidenceFormatException g) {
        throw g;
      }
      throw new GpuEvidenceFormatException(field, "malformed certificate: " + e.getMessage(), e);
    }
  }
}
