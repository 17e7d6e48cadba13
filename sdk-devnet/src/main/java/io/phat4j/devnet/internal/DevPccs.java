package io.phat4j.devnet.internal;

import io.phat4j.core.Hex;
import io.phat4j.testkit.DcapTestPki;
import io.phat4j.testkit.TestCollateral;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The dev PCCS: the devnet platform's collateral on Intel's PCS v4 paths, with the issuer chains
 * in the response headers, percent-encoded as Intel sends them.
 *
 * <ul>
 *   <li>{@code GET /sgx/certification/v4/pckcrl?ca=platform|processor&encoding=der}
 *   <li>{@code GET /sgx/certification/v4/rootcacrl}
 *   <li>{@code GET /{sgx|tdx}/certification/v4/tcb?fmspc=<hex>}
 *   <li>{@code GET /{sgx|tdx}/certification/v4/qe/identity?update=standard}
 * </ul>
 *
 * <p>Unknown FMSPCs and CA names answer 404, a missing parameter 400, with Intel's
 * {@code Error-Code} and {@code Error-Message} headers.
 */
final class DevPccs {
  private final TestCollateral collateral;
  private final String fmspc;
  private final String caName;
  private final String tcbChain;
  private final String pckCrlChain;

  DevPccs(QuoteFactory quotes) {
    DcapTestPki pki = quotes.pki();
    this.collateral = quotes.collateral();
    this.fmspc = quotes.pck().extension().fmspcHex().toLowerCase(Locale.ROOT);
    this.caName = pki.pckCaKind().name().toLowerCase(Locale.ROOT);
    this.tcbChain = URLEncoder.encode(collateral.tcbInfoIssuerChain(), StandardCharsets.UTF_8).replace("+", "%20");
    this.pckCrlChain = URLEncoder.encode(collateral.pckCrlIssuerChain(), StandardCharsets.UTF_8).replace("+", "%20");
  }

  void handle(HttpRequests r) throws IOException {
    if (!r.method().equals("GET")) {
      error(r, 405, "MethodNotAllowed", "only GET is served");
      return;
    }
    String path = r.path();
    switch (path) {
      case "/sgx/certification/v4/pckcrl" -> pckCrl(r);
      case "/sgx/certification/v4/rootcacrl" -> r.send(200, "application/pkix-crl", Hex.decode("root_ca_crl", collateral.rootCaCrlHex()));
      case "/tdx/certification/v4/tcb", "/sgx/certification/v4/tcb" -> tcb(r);
      case "/tdx/certification/v4/qe/identity", "/sgx/certification/v4/qe/identity" -> qeIdentity(r);
      default -> error(r, 404, "NotFound", "no such PCS v4 path on the devnet PCCS: " + path);
    }
  }

  private void pckCrl(HttpRequests r) throws IOException {
    String ca = r.query("ca");
    if (ca == null) {
      error(r, 400, "InvalidRequestSyntax", "ca is required");
      return;
    }
    if (!ca.equalsIgnoreCase(caName)) {
      error(r, 404, "NotFound", "the devnet has no " + ca + " PCK CA");
      return;
    }
    r.responseHeader("SGX-PCK-CRL-Issuer-Chain", pckCrlChain);
    byte[] der = Hex.decode("pck_crl", collateral.pckCrlHex());
    if ("pem".equalsIgnoreCase(r.query("encoding"))) {
      r.text(200, "application/x-pem-file", collateral.pckCrlHex());
    } else {
      r.send(200, "application/pkix-crl", der);
    }
  }

  private void tcb(HttpRequests r) throws IOException {
    String asked = r.query("fmspc");
    if (asked == null) {
      error(r, 400, "InvalidRequestSyntax", "fmspc is required");
      return;
    }
    if (!r.path().startsWith("/tdx/") || !asked.equalsIgnoreCase(fmspc)) {
      error(r, 404, "NotFound", "no TCB info for fmspc " + asked);
      return;
    }
    r.responseHeader("TCB-Info-Issuer-Chain", tcbChain);
    r.send(200, "application/json", signedBody("tcbInfo", collateral.tcbInfo(), collateral.tcbInfoSignatureHex()));
  }

  private void qeIdentity(HttpRequests r) throws IOException {
    if (!r.path().startsWith("/tdx/")) {
      error(r, 404, "NotFound", "the devnet platform has only a TD quoting enclave");
      return;
    }
    r.responseHeader("SGX-Enclave-Identity-Issuer-Chain", tcbChain);
    r.send(200, "application/json",
        signedBody("enclaveIdentity", collateral.qeIdentity(), collateral.qeIdentitySignatureHex()));
  }

  /** The signed object goes out as the exact text that was signed. */
  private static byte[] signedBody(String name, String signedText, String signatureHex) {
    return ("{\"" + name + "\":" + signedText + ",\"signature\":\"" + signatureHex + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void error(HttpRequests r, int status, String code, String message) throws IOException {
    r.responseHeader("Error-Code", code);
    r.responseHeader("Error-Message", message);
    r.send(status, "text/plain", new byte[0]);
  }
}
