package io.phat4j.benchmarks;

import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.pcs.CachingCollateralSource;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.attestation.ratls.RaTls;
import io.phat4j.attestation.ratls.RaTlsKeyManager;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.devnet.Devnet;
import io.phat4j.devnet.DevnetCvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * TLS handshake cost on loopback, with and without RA-TLS verification, in one run: a full TLS 1.3
 * handshake (no resumption: every session is invalidated) to a server presenting a devnet CVM's
 * RA-TLS certificate.
 *
 * <ul>
 *   <li>{@code plainTls}: the JDK's PKIX trust manager, trusting the app CA that issued the
 *       certificate (what a client pinning a private CA pays);
 *   <li>{@code raTlsWarm}: {@link RaTls} with the verdict cached: a hash and a map lookup on top;
 *   <li>{@code raTlsCold}: {@link RaTls} with the verdict cache off, so every handshake parses the
 *       certificate and runs the app verifier in full: DCAP quote (collateral cached), event log
 *       replay, OS image, identity.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RaTlsHandshake -f 1 -wi 3 -w 2s -i 5 -r 3s -t 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RaTlsHandshakeBenchmark {
  private Devnet devnet;
  private PcsCollateralClient pccs;
  private SSLServerSocket server;
  private Thread acceptor;
  private SSLContext plain;
  private RaTls warm;
  private RaTls cold;

  /** Starts a devnet CVM, takes its RA-TLS key and serves TLS with it on loopback. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    devnet = Devnet.builder().chain(false).bootStep(Duration.ZERO).guestAgentVersion("0.6.0").start();
    DevnetCvm cvm;
    try (PhalaCloudClient cloud = devnet.cloudClient()) {
      cvm = devnet.cvm(cloud.deploy(AppSpec.builder("bench", "services:\n  a:\n    image: example/bench:1\n").build(),
          DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build()).deployment().appId());
    }
    RaTlsKeyManager key;
    try (DstackGuestClient g = DstackGuestClient.builder().endpoint(cvm.guestAgentEndpoint().toString()).build()) {
      key = RaTlsKeyManager.fromGuestAgent(g, "localhost");
    }
    SSLContext serverCtx = SSLContext.getInstance("TLS");
    serverCtx.init(new KeyManager[] {key}, null, null);
    server = (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket(0, 128, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "ratls-bench-server");
    acceptor.setDaemon(true);
    acceptor.start();

    // Plain TLS: PKIX against the certificate's issuer (the app CA), as a private-CA client does.
    List<X509Certificate> chain = key.certificate().chain();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("app-ca", chain.get(chain.size() - 1));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    plain = SSLContext.getInstance("TLS");
    plain.init(null, tmf.getTrustManagers(), null);

    pccs = devnet.collateralClient();
    // The devnet image is checked on the lite path (vm_config.tdx_measurement), its ACPI digests
    // pinned from the devnet (trusted for the devnet only).
    ReferenceValues devImage = devnet.referenceValues();
    AppVerifier appVerifier = AppVerifier.builder()
        .referenceValues(devImage)
        .quoteVerifier(QuoteVerifier.builder().trustAnchor(devnet.rootCaDer()).build())
        .collateralSource(CachingCollateralSource.builder(pccs).build())
        .build();
    AppPolicy policy = AppPolicy.builder().allowComposeHashes(cvm.composeHash()).allowDevImages(true).build();
    warm = RaTls.builder().appVerifier(appVerifier).policy(policy).build();
    cold = RaTls.builder().appVerifier(appVerifier).policy(policy).cacheSize(0).build();
    handshake(warm.sslContext()); // fills the verdict cache and fails fast if verification does not pass
  }

  private void accept() {
    while (!server.isClosed()) {
      try (SSLSocket s = (SSLSocket) server.accept()) {
        s.startHandshake();
        s.getInputStream().read(); // until the client closes
      } catch (SocketException e) {
        if (server.isClosed()) {
          return;
        }
      } catch (IOException e) {
        // A client that hung up early; next.
      }
    }
  }

  /** Stops the server and the devnet. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    server.close();
    pccs.close();
    devnet.close();
  }

  private int handshake(SSLContext ctx) throws IOException {
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      s.startHandshake();
      int suite = s.getSession().getCipherSuite().length();
      s.getSession().invalidate(); // no resumption: every operation is a full handshake
      return suite;
    }
  }

  /**
   * A full handshake with PKIX verification of the chain.
   *
   * @return a value JMH consumes
   * @throws IOException on a failed handshake
   */
  @Benchmark
  public int plainTls() throws IOException {
    return handshake(plain);
  }

  /**
   * A full handshake with RA-TLS verification served from the verdict cache.
   *
   * @return a value JMH consumes
   * @throws IOException on a failed handshake
   */
  @Benchmark
  public int raTlsWarm() throws IOException {
    return handshake(warm.sslContext());
  }

  /**
   * A full handshake without the verdict cache: the app verifier runs in full (collateral cached).
   *
   * @return a value JMH consumes
   * @throws IOException on a failed handshake
   */
  @Benchmark
  public int raTlsCold() throws IOException {
    return handshake(cold.sslContext());
  }
}
