package io.phat4j.attestation.dcap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import io.phat4j.core.json.PhalaJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The collateral needed to verify a quote, in dcap-qvl's {@code QuoteCollateralV3} shape.
 *
 * <p>{@code tcbInfo} and {@code qeIdentity} are the exact signed JSON texts (their signatures
 * cover these bytes, so they are never re-serialised). CRLs are DER, signatures raw r‖s. In JSON
 * the byte fields are hex strings. Immutable: byte arrays are copied in and out.
 *
 * @param pckCrlIssuerChain PEM chain of the PCK CRL issuer, issuing CA first (carried, not read, as in dcap-qvl: the CRL is checked against the PCK chain; a {@linkplain QuoteVerifier.Builder#strictEncoding(boolean) strict} verifier also checks that it chains to the trust anchor and signed {@code pckCrl})
 * @param rootCaCrl DER of the Intel SGX Root CA CRL
 * @param pckCrl DER of the PCK Processor/Platform CA CRL
 * @param tcbInfoIssuerChain PEM chain: TCB signing certificate, then the root
 * @param tcbInfo exact JSON text of the {@code tcbInfo} object
 * @param tcbInfoSignature raw r‖s signature over {@code tcbInfo} (64 bytes)
 * @param qeIdentityIssuerChain PEM chain: TCB signing certificate, then the root
 * @param qeIdentity exact JSON text of the {@code enclaveIdentity} object
 * @param qeIdentitySignature raw r‖s signature over {@code qeIdentity} (64 bytes)
 * @param pckCertificateChain optional PEM PCK chain used instead of the one in the quote
 */
public record QuoteCollateral(
    String pckCrlIssuerChain,
    byte[] rootCaCrl,
    byte[] pckCrl,
    String tcbInfoIssuerChain,
    String tcbInfo,
    byte[] tcbInfoSignature,
    String qeIdentityIssuerChain,
    String qeIdentity,
    byte[] qeIdentitySignature,
    @Nullable String pckCertificateChain) {

  /** Copies the byte arrays and rejects missing fields. */
  public QuoteCollateral {
    Objects.requireNonNull(pckCrlIssuerChain, "pckCrlIssuerChain");
    rootCaCrl = Objects.requireNonNull(rootCaCrl, "rootCaCrl").clone();
    pckCrl = Objects.requireNonNull(pckCrl, "pckCrl").clone();
    Objects.requireNonNull(tcbInfoIssuerChain, "tcbInfoIssuerChain");
    Objects.requireNonNull(tcbInfo, "tcbInfo");
    tcbInfoSignature = Objects.requireNonNull(tcbInfoSignature, "tcbInfoSignature").clone();
    Objects.requireNonNull(qeIdentityIssuerChain, "qeIdentityIssuerChain");
    Objects.requireNonNull(qeIdentity, "qeIdentity");
    qeIdentitySignature = Objects.requireNonNull(qeIdentitySignature, "qeIdentitySignature").clone();
  }

  /**
   * Reads collateral JSON ({@code QuoteCollateralV3} shape, snake_case keys).
   *
   * @param json the UTF-8 JSON
   * @return the collateral
   * @throws DecodeException if the JSON is malformed or a field is missing or not hex
   */
  public static QuoteCollateral fromJson(byte[] json) {
    JsonNode n = PhalaJson.readTree("collateral", json);
    if (!n.isObject()) {
      throw new DecodeException("collateral", "must be a JSON object");
    }
    JsonNode chain = n.get("pck_certificate_chain");
    return new QuoteCollateral(
        text(n, "pck_crl_issuer_chain"),
        bytes(n, "root_ca_crl"),
        bytes(n, "pck_crl"),
        text(n, "tcb_info_issuer_chain"),
        text(n, "tcb_info"),
        bytes(n, "tcb_info_signature"),
        text(n, "qe_identity_issuer_chain"),
        text(n, "qe_identity"),
        bytes(n, "qe_identity_signature"),
        chain == null || chain.isNull() ? null : text(n, "pck_certificate_chain"));
  }

  /**
   * Reads collateral JSON text.
   *
   * @param json the JSON text
   * @return the collateral
   * @throws DecodeException if the JSON is malformed
   */
  public static QuoteCollateral fromJson(String json) {
    return fromJson(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads collateral from a JSON file.
   *
   * @param file the file
   * @return the collateral
   * @throws DecodeException if the JSON is malformed
   * @throws PhalaException if the file cannot be read
   */
  public static QuoteCollateral read(Path file) {
    try {
      return fromJson(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new PhalaException("cannot read collateral file " + file, e);
    }
  }

  /**
   * Writes the collateral as JSON in the {@code QuoteCollateralV3} shape (hex byte fields).
   *
   * @return the JSON text
   */
  public String toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("pck_crl_issuer_chain", pckCrlIssuerChain);
    o.put("root_ca_crl", Hex.encode(rootCaCrl));
    o.put("pck_crl", Hex.encode(pckCrl));
    o.put("tcb_info_issuer_chain", tcbInfoIssuerChain);
    o.put("tcb_info", tcbInfo);
    o.put("tcb_info_signature", Hex.encode(tcbInfoSignature));
    o.put("qe_identity_issuer_chain", qeIdentityIssuerChain);
    o.put("qe_identity", qeIdentity);
    o.put("qe_identity_signature", Hex.encode(qeIdentitySignature));
    if (pckCertificateChain != null) {
      o.put("pck_certificate_chain", pckCertificateChain);
    }
    return o.toString();
  }

  /**
   * Returns a copy with another value for one field, for callers assembling collateral.
   *
   * @param chain the PEM PCK chain to use instead of the quote's, or {@code null}
   * @return the new collateral
   */
  public QuoteCollateral withPckCertificateChain(@Nullable String chain) {
    return new QuoteCollateral(pckCrlIssuerChain, rootCaCrl, pckCrl, tcbInfoIssuerChain, tcbInfo, tcbInfoSignature,
        qeIdentityIssuerChain, qeIdentity, qeIdentitySignature, chain);
  }

  /**
   * Returns the SHA-256 of all fields, the key under which verifiers cache their work.
   *
   * @return 32 bytes
   */
  public byte[] contentHash() {
    MessageDigest md = sha256();
    field(md, pckCrlIssuerChain.getBytes(StandardCharsets.UTF_8));
    field(md, rootCaCrl);
    field(md, pckCrl);
    field(md, tcbInfoIssuerChain.getBytes(StandardCharsets.UTF_8));
    field(md, tcbInfo.getBytes(StandardCharsets.UTF_8));
    field(md, tcbInfoSignature);
    field(md, qeIdentityIssuerChain.getBytes(StandardCharsets.UTF_8));
    field(md, qeIdentity.getBytes(StandardCharsets.UTF_8));
    field(md, qeIdentitySignature);
    return md.digest();
  }

  private static void field(MessageDigest md, byte[] b) {
    int n = b.length;
    md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    md.update(b);
  }

  private static MessageDigest sha256() {
    return io.phat4j.attestation.dcap.internal.Ecdsa.sha256();
  }

  @Override
  public byte[] rootCaCrl() {
    return rootCaCrl.clone();
  }

  @Override
  public byte[] pckCrl() {
    return pckCrl.clone();
  }

  @Override
  public byte[] tcbInfoSignature() {
    return tcbInfoSignature.clone();
  }

  @Override
  public byte[] qeIdentitySignature() {
    return qeIdentitySignature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuoteCollateral c
        && pckCrlIssuerChain.equals(c.pckCrlIssuerChain)
        && Arrays.equals(rootCaCrl, c.rootCaCrl)
        && Arrays.equals(pckCrl, c.pckCrl)
        && tcbInfoIssuerChain.equals(c.tcbInfoIssuerChain)
        && tcbInfo.equals(c.tcbInfo)
        && Arrays.equals(tcbInfoSignature, c.tcbInfoSignature)
        && qeIdentityIssuerChain.equals(c.qeIdentityIssuerChain)
        && qeIdentity.equals(c.qeIdentity)
        && Arrays.equals(qeIdentitySignature, c.qeIdentitySignature)
        && Objects.equals(pckCertificateChain, c.pckCertificateChain);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tcbInfo, qeIdentity, Arrays.hashCode(pckCrl), Arrays.hashCode(tcbInfoSignature));
  }

  @Override
  public String toString() {
    return "QuoteCollateral[tcbInfo=" + tcbInfo.length() + " chars, qeIdentity=" + qeIdentity.length()
        + " chars, pckCrl=" + pckCrl.length + " bytes, rootCaCrl=" + rootCaCrl.length + " bytes, pckCertificateChain="
        + (pckCertificateChain != null) + "]";
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new DecodeException("collateral." + field, "is missing or not a string");
    }
    return v.asText();
  }

  private static byte[] bytes(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v != null && v.isTextual()) {
      return Hex.decode("collateral." + field, v.asText());
    }
    if (v != null && v.isArray()) {
      byte[] out = new byte[v.size()];
      for (int i = 0; i < out.length; i++) {
        JsonNode e = v.get(i);
        if (!e.isInt() || e.asInt() < 0 || e.asInt() > 255) {
          throw new DecodeException("collateral." + field, "element " + i + " is not a byte (0-255)");
        }
        out[i] = (byte) e.asInt();
      }
      return out;
    }
    throw new DecodeException("collateral." + field, "is missing or not a hex string / byte array");
  }
}
