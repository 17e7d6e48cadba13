package io.phat4j.attestation.dcap.pcs;

import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.core.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * Serves PCS v4-shaped responses built from a real vector's collateral, as Intel PCS would: DER
 * CRLs, {@code {"tcbInfo":…,"signature":…}} bodies and URL-encoded PEM issuer-chain headers.
 * Individual responses can be overridden per path to inject faults.
 */
final class PcsFixture extends Dispatcher {
  final QuoteCollateral collateral;
  private final String tee;
  private final Map<String, MockResponse> overrides = new ConcurrentHashMap<>();
  private volatile UnaryOperator<MockResponse.Builder> decorate = b -> b;

  private PcsFixture(QuoteCollateral collateral, String tee) {
    this.collateral = collateral;
    this.tee = tee;
  }

  static PcsFixture of(String vector, String tee) {
    return new PcsFixture(QuoteCollateral.fromJson(resource(vector, "collateral.json")), tee);
  }

  static Quote quote(String vector) {
    return Quote.parse(resource(vector, "quote.bin"));
  }

  static byte[] resource(String vector, String file) {
    try (InputStream in = PcsFixture.class.getResourceAsStream("/pcs/" + vector + "/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /pcs/" + vector + "/" + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Percent-encodes PEM as Intel does (spaces as %20, '+' as %2B). */
  static String urlEncode(String pem) {
    return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Serves {@code response} instead of the real one for requests to {@code path}. */
  void override(String path, MockResponse response) {
    overrides.put(path, response);
  }

  /** Adds something (e.g. a header) to every default response. */
  void decorate(UnaryOperator<MockResponse.Builder> decorate) {
    this.decorate = decorate;
  }

  String tcbBody() {
    return "{\"tcbInfo\":" + collateral.tcbInfo() + ",\"signature\":\"" + Hex.encode(collateral.tcbInfoSignature())
        + "\"}";
  }

  String qeBody() {
    return "{\"enclaveIdentity\":" + collateral.qeIdentity() + ",\"signature\":\""
        + Hex.encode(collateral.qeIdentitySignature()) + "\"}";
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    MockResponse override = overrides.get(path);
    if (override != null) {
      return override;
    }
    MockResponse.Builder b = new MockResponse.Builder().code(200);
    switch (path) {
      case "/sgx/certification/v4/pckcrl" -> b.addHeader("SGX-PCK-CRL-Issuer-Chain",
              urlEncode(collateral.pckCrlIssuerChain()))
          .addHeader("Content-Type", "application/pkix-crl")
          .body(new Buffer().write(collateral.pckCrl()));
      case "/sgx/certification/v4/rootcacrl" -> b.body(new Buffer().write(collateral.rootCaCrl()));
      default -> {
        if (path.equals("/" + tee + "/certification/v4/tcb")) {
          b.addHeader("TCB-Info-Issuer-Chain", urlEncode(collateral.tcbInfoIssuerChain()))
              .addHeader("Content-Type", "application/json")
              .body(tcbBody());
        } else if (path.equals("/" + tee + "/certification/v4/qe/identity")) {
          b.addHeader("SGX-Enclave-Identity-Issuer-Chain", urlEncode(collateral.qeIdentityIssuerChain()))
              .addHeader("Content-Type", "application/json")
              .body(qeBody());
        } else {
          return new MockResponse.Builder().code(404).addHeader("Request-ID", "not-found-" + path).build();
        }
      }
    }
    return decorate.apply(b).build();
  }
}
