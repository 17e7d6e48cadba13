package io.phat4j.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import io.phat4j.core.json.PhalaJson;
import io.phat4j.testkit.internal.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Quote collateral in dcap-qvl's {@code QuoteCollateralV3} JSON shape: PEM issuer chains, CRLs as
 * hex of DER, TCB Info and QE identity as their exact signed text with hex r ‖ s signatures, and an
 * optional PCK chain for quotes that do not embed one.
 *
 * @param pckCrlIssuerChain PEM: PCK CA, root
 * @param rootCaCrlHex root CA CRL, lowercase hex of DER
 * @param pckCrlHex PCK CRL, lowercase hex of DER
 * @param tcbInfoIssuerChain PEM: TCB signing, root
 * @param tcbInfo exact TCB Info text
 * @param tcbInfoSignatureHex hex of the 64-byte r ‖ s over {@code tcbInfo}
 * @param qeIdentityIssuerChain PEM: TCB signing, root
 * @param qeIdentity exact QE identity text
 * @param qeIdentitySignatureHex hex of the 64-byte r ‖ s over {@code qeIdentity}
 * @param pckCertificateChain PEM: PCK leaf, PCK CA, root; or null to omit the field
 */
public record TestCollateral(
    String pckCrlIssuerChain,
    String rootCaCrlHex,
    String pckCrlHex,
    String tcbInfoIssuerChain,
    String tcbInfo,
    String tcbInfoSignatureHex,
    String qeIdentityIssuerChain,
    String qeIdentity,
    String qeIdentitySignatureHex,
    @Nullable String pckCertificateChain) {

  /** Rejects nulls in the nine required fields. */
  public TestCollateral {
    Objects.requireNonNull(pckCrlIssuerChain, "pckCrlIssuerChain");
    Objects.requireNonNull(rootCaCrlHex, "rootCaCrlHex");
    Objects.requireNonNull(pckCrlHex, "pckCrlHex");
    Objects.requireNonNull(tcbInfoIssuerChain, "tcbInfoIssuerChain");
    Objects.requireNonNull(tcbInfo, "tcbInfo");
    Objects.requireNonNull(tcbInfoSignatureHex, "tcbInfoSignatureHex");
    Objects.requireNonNull(qeIdentityIssuerChain, "qeIdentityIssuerChain");
    Objects.requireNonNull(qeIdentity, "qeIdentity");
    Objects.requireNonNull(qeIdentitySignatureHex, "qeIdentitySignatureHex");
  }

  /**
   * Assembles collateral from the PKI's chains, two DER CRLs and two signed documents.
   *
   * @param pki the PKI (for the issuer chains)
   * @param rootCaCrl the root CA CRL (DER)
   * @param pckCrl the PCK CRL (DER)
   * @param tcbInfo the signed TCB Info
   * @param qeIdentity the signed QE identity
   * @return the collateral, without {@code pck_certificate_chain}
   */
  public static TestCollateral of(DcapTestPki pki, byte[] rootCaCrl, byte[] pckCrl, SignedJson tcbInfo,
      SignedJson qeIdentity) {
    String tcbChain = pki.tcbIssuerChainPem();
    return new TestCollateral(pki.pckCrlIssuerChainPem(), Hex.encode(rootCaCrl), Hex.encode(pckCrl), tcbChain,
        tcbInfo.json(), tcbInfo.signatureHex(), tcbChain, qeIdentity.json(), qeIdentity.signatureHex(), null);
  }

  /**
   * Returns a copy with the given {@code pck_certificate_chain}.
   *
   * @param chainPem the PEM chain, or null to remove the field
   * @return the new collateral
   */
  public TestCollateral withPckCertificateChain(@Nullable String chainPem) {
    return new TestCollateral(pckCrlIssuerChain, rootCaCrlHex, pckCrlHex, tcbInfoIssuerChain, tcbInfo,
        tcbInfoSignatureHex, qeIdentityIssuerChain, qeIdentity, qeIdentitySignatureHex, chainPem);
  }

  /**
   * Returns a copy with another TCB Info (e.g. tampered text with the old signature).
   *
   * @param signed the text and signature
   * @return the new collateral
   */
  public TestCollateral withTcbInfo(SignedJson signed) {
    return new TestCollateral(pckCrlIssuerChain, rootCaCrlHex, pckCrlHex, tcbInfoIssuerChain, signed.json(),
        signed.signatureHex(), qeIdentityIssuerChain, qeIdentity, qeIdentitySignatureHex, pckCertificateChain);
  }

  /**
   * Returns a copy with another QE identity.
   *
   * @param signed the text and signature
   * @return the new collateral
   */
  public TestCollateral withQeIdentity(SignedJson signed) {
    return new TestCollateral(pckCrlIssuerChain, rootCaCrlHex, pckCrlHex, tcbInfoIssuerChain, tcbInfo,
        tcbInfoSignatureHex, qeIdentityIssuerChain, signed.json(), signed.signatureHex(), pckCertificateChain);
  }

  /**
   * Returns a copy with other CRLs.
   *
   * @param rootCaCrl the root CA CRL (DER)
   * @param pckCrl the PCK CRL (DER)
   * @return the new collateral
   */
  public TestCollateral withCrls(byte[] rootCaCrl, byte[] pckCrl) {
    return new TestCollateral(pckCrlIssuerChain, Hex.encode(rootCaCrl), Hex.encode(pckCrl), tcbInfoIssuerChain,
        tcbInfo, tcbInfoSignatureHex, qeIdentityIssuerChain, qeIdentity, qeIdentitySignatureHex,
        pckCertificateChain);
  }

  /**
   * Serialises to the {@code collateral.json} shape of the test vectors (snake_case field names in
   * dcap-qvl's order, {@code pck_certificate_chain} only when present).
   *
   * @return pretty-printed JSON text
   */
  public String toJson() {
    ObjectNode o = JsonText.object();
    o.put("pck_crl_issuer_chain", pckCrlIssuerChain);
    o.put("root_ca_crl", rootCaCrlHex);
    o.put("pck_crl", pckCrlHex);
    o.put("tcb_info_issuer_chain", tcbInfoIssuerChain);
    o.put("tcb_info", tcbInfo);
    o.put("tcb_info_signature", tcbInfoSignatureHex);
    o.put("qe_identity_issuer_chain", qeIdentityIssuerChain);
    o.put("qe_identity", qeIdentity);
    o.put("qe_identity_signature", qeIdentitySignatureHex);
    if (pckCertificateChain != null) {
      o.put("pck_certificate_chain", pckCertificateChain);
    }
    try {
      return PhalaJson.newMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new PhalaException("cannot serialise collateral", e);
    }
  }

  /**
   * Returns {@link #toJson()} as UTF-8.
   *
   * @return the bytes of {@code collateral.json}
   */
  public byte[] toJsonBytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "TestCollateral[tcbInfo=" + tcbInfo.length() + " chars, qeIdentity=" + qeIdentity.length()
        + " chars, pckCertificateChain=" + (pckCertificateChain != null) + "]";
  }
}
