package io.phat4j.devnet.ratls;

import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.attestation.ratls.RaTls;
import io.phat4j.attestation.ratls.RaTlsKeyManager;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.Bytes32;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.devnet.Devnet;
import io.phat4j.devnet.DevnetCvm;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the RA-TLS devnet tests share: a devnet with a server and a client CVM, their RA-TLS keys
 * from the guest agent, and an {@link RaTls} builder under a compose-hash policy. Each test class
 * starts its own devnet (JUnit runs {@code @BeforeAll} per class).
 */
abstract class RaTlsDevnetTest {
  static final Bytes32 OTHER = Bytes32.fromHex("11".repeat(32));
  static Devnet devnet;
  static DevnetCvm server;
  static DevnetCvm client;
  static PcsCollateralClient pccs;
  static RaTlsKeyManager serverKey;
  static RaTlsKeyManager clientKey;

  @BeforeAll
  static void start() {
    devnet = Devnet.builder().chain(false).bootStep(Duration.ZERO).guestAgentVersion("0.6.0").start();
    try (PhalaCloudClient cloud = devnet.cloudClient()) {
      DeployOptions opts = DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build();
      server = devnet.cvm(cloud.deploy(
          AppSpec.builder("ratls-server", "services:\n  a:\n    image: example/server:1\n").build(), opts).deployment().appId());
      client = devnet.cvm(cloud.deploy(
          AppSpec.builder("ratls-client", "services:\n  a:\n    image: example/client:1\n").build(), opts).deployment().appId());
    }
    pccs = devnet.collateralClient();
    try (DstackGuestClient g = DstackGuestClient.builder().endpoint(server.guestAgentEndpoint().toString()).build()) {
      serverKey = RaTlsKeyManager.fromGuestAgent(g, "localhost");
    }
    try (DstackGuestClient g = DstackGuestClient.builder().endpoint(client.guestAgentEndpoint().toString()).build()) {
      clientKey = RaTlsKeyManager.fromGuestAgent(g, "ratls-client.local");
    }
  }

  @AfterAll
  static void stop() {
    pccs.close();
    devnet.close();
  }

  static RaTls.Builder raTls(Bytes32 composeHash) {
    AppVerifier verifier = AppVerifier.builder()
        .quoteVerifier(QuoteVerifier.builder().trustAnchor(devnet.rootCaDer()).build())
        .referenceValues(devnet.referenceValues())
        .collateralSource(pccs)
        .build();
    return RaTls.builder().appVerifier(verifier).policy(AppPolicy.builder().allowComposeHashes(composeHash).allowDevImages(true).build());
  }

  static SSLContext plainServer() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new javax.net.ssl.KeyManager[] {serverKey}, null, null);
    return ctx;
  }

}
