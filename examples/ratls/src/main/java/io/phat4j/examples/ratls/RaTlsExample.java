package io.phat4j.examples.ratls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.attestation.ratls.RaTls;
import io.phat4j.attestation.ratls.RaTlsIdentity;
import io.phat4j.attestation.ratls.RaTlsKeyManager;
import io.phat4j.attestation.ratls.RaTlsVerificationException;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.devnet.Devnet;
import io.phat4j.devnet.DevnetCvm;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * Attested TLS end to end on a local devnet.
 *
 * <ol>
 *   <li>A dstack app (a devnet CVM) asks its guest agent for an RA-TLS certificate ({@code IssueCert})
 *       and serves HTTPS with it.
 *   <li>A Java client connects through {@link RaTls} with a policy naming the app's compose hash:
 *       the handshake verifies the quote that binds the server's key and prints who it reached.
 *   <li>A client whose policy expects another compose hash: the handshake fails, and the
 *       {@link RaTlsVerificationException} says which link failed and why.
 * </ol>
 *
 * <p>Run: {@code java -jar examples/ratls/target/ratls-example.jar}. Exit 0 when both outcomes are
 * as expected.
 */
public final class RaTlsExample {
  private RaTlsExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.exit(run(System.out));
  }

  /**
   * Runs the example, printing to {@code out}.
   *
   * @param out where the story goes
   * @return 0 when the right policy connected and the wrong one was refused, else 1
   */
  static int run(PrintStream out) {
    try (Devnet devnet = Devnet.builder().chain(false).bootStep(Duration.ZERO).guestAgentVersion("0.6.0").start();
        PhalaCloudClient cloud = devnet.cloudClient();
        PcsCollateralClient pccs = devnet.collateralClient()) {
      AppId appId = cloud.deploy(AppSpec.builder("hello-ratls", "services:\n  web:\n    image: example/hello:1\n").build(),
          DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build()).deployment().appId();
      DevnetCvm cvm = devnet.cvm(appId);
      out.println("deployed hello-ratls: app " + cvm.appId().hex() + ", compose hash " + cvm.composeHash().hex());

      // Inside the CVM: the app's own RA-TLS key, from its guest agent.
      RaTlsKeyManager key;
      try (DstackGuestClient guest = DstackGuestClient.builder().endpoint(cvm.guestAgentEndpoint().toString()).build()) {
        key = RaTlsKeyManager.fromGuestAgent(guest, "localhost");
      }
      out.println("the app's RA-TLS certificate: " + key.certificate().wireFormat().wireName()
          + " attestation, key bound: " + key.certificate().reportDataBound());
      HttpsServer server = serve(key, "hello from app " + cvm.appId().hex() + "\n");
      try {
        URI uri = URI.create("https://localhost:" + server.getAddress().getPort() + "/");
        // The client side: trust the devnet's quote root (a real client keeps Intel's) and its PCCS,
        // and its ACPI digests per VM shape (trusted for the devnet only): the OS image is checked on
        // the lite path from the certificate's vm_config.tdx_measurement.
        ReferenceValues devImage = devnet.referenceValues();
        AppVerifier verifier = AppVerifier.builder()
            .quoteVerifier(QuoteVerifier.builder().trustAnchor(devnet.rootCaDer()).build())
            .collateralSource(pccs)
            .referenceValues(devImage)
            .build();
        boolean connected = fetch(out, uri, verifier, cvm.composeHash());
        boolean refused = !fetch(out, uri, verifier, Bytes32.fromHex("00".repeat(31) + "01"));
        return connected && refused ? 0 : 1;
      } finally {
        server.stop(0);
      }
    } catch (IOException e) {
      out.println("example failed: " + e.getMessage());
      return 1;
    }
  }

  private static HttpsServer serve(RaTlsKeyManager key, String body) throws IOException {
    SSLContext ctx;
    try {
      ctx = SSLContext.getInstance("TLS");
      ctx.init(new KeyManager[] {key}, null, null);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("no TLS context", e);
    }
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext("/", exchange -> {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, b.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(b);
      }
    });
    server.start();
    return server;
  }

  /** GETs the URI through RA-TLS expecting {@code composeHash}; prints the identity or the refusal. */
  private static boolean fetch(PrintStream out, URI uri, AppVerifier verifier, Bytes32 composeHash) throws IOException {
    RaTls raTls = RaTls.builder().appVerifier(verifier).policy(AppPolicy.builder().allowComposeHashes(composeHash).allowDevImages(true).build()).build();
    out.println();
    out.println("client expecting compose hash " + composeHash.hex() + ":");
    try (HttpClient http = raTls.configure(HttpClient.newBuilder()).build()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      RaTlsIdentity id = RaTls.identity(r.sslSession().orElseThrow());
      out.print(id == null ? "  (no identity)\n" : id.toText().indent(2));
      out.print("  body: " + r.body());
      return id != null;
    } catch (IOException e) {
      RaTlsVerificationException why = RaTls.failure(e);
      if (why == null) {
        throw e;
      }
      out.println("  handshake refused, " + why.link().label() + ": " + why.reason());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
