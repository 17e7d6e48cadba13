package io.phat4j.cli;

import io.phat4j.testkit.TinyHttpsServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.attestation.ratls.RaTlsKeyManager;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.devnet.Devnet;
import io.phat4j.devnet.DevnetCvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code fetch-attested} as users run it ({@code java -jar phat4j.jar}, a separate process) against
 * loopback HTTPS served with a devnet CVM's RA-TLS certificate.
 */
@Timeout(240)
class FetchAttestedIT {
  private static final Path JAR = Path.of("target", "phat4j.jar");
  private static Devnet devnet;
  private static DevnetCvm cvm;
  private static TinyHttpsServer https;
  private static Path rootCa;
  private static Path pins;

  private record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    devnet = Devnet.builder().chain(false).bootStep(Duration.ZERO).guestAgentVersion("0.6.0").start();
    try (PhalaCloudClient cloud = devnet.cloudClient()) {
      cvm = devnet.cvm(cloud.deploy(AppSpec.builder("fetch-app", "services:\n  a:\n    image: example/fetch:1\n").build(),
          DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build()).deployment().appId());
    }
    RaTlsKeyManager key;
    try (DstackGuestClient g = DstackGuestClient.builder().endpoint(cvm.guestAgentEndpoint().toString()).build()) {
      key = RaTlsKeyManager.fromGuestAgent(g, "localhost");
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new KeyManager[] {key}, null, null);
    https = new TinyHttpsServer(ctx, false, "{\"answer\":42}");
    rootCa = Files.createTempFile("devnet-root", ".der");
    Files.write(rootCa, devnet.rootCaDer());
    // The devnet's image is checked on the lite path (vm_config.tdx_measurement); its ACPI digests
    // per VM shape are pinned from the devnet (trusted for the devnet only).
    ReferenceValues values = devnet.referenceValues();
    pins = Files.createTempFile("devnet-pins", ".json");
    Files.writeString(pins, values.toJson("devnet").toString());
  }

  @AfterAll
  static void stop() throws IOException {
    https.close();
    devnet.close();
    Files.deleteIfExists(rootCa);
    Files.deleteIfExists(pins);
  }

  private static Run phat4j(String... args) throws IOException, InterruptedException {
    assertThat(JAR).as("the shaded jar is built in the package phase").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("phat4j-out", ".txt");
    Path err = Files.createTempFile("phat4j-err", ".txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    // The SDK warns (one log line) when a quote verifier trusts a non-Intel root, as here; drop it.
    String errText = Files.readString(err).lines().filter(l -> !l.contains("WARN io.phat4j"))
        .map(l -> l + "\n").reduce("", String::concat);
    Run run = new Run(p.exitValue(), Files.readString(out), errText);
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  private static String url() {
    return "https://localhost:" + https.port() + "/answer";
  }

  @Test
  void expectedComposeHash_printsBodyOnStdoutAndIdentityOnStderr_exit0() throws Exception {
    Run r = phat4j("fetch-attested", url(), "--expect-compose-hash", cvm.composeHash().hex(),
        "--root-ca", rootCa.toString(), "--pccs-url", devnet.pccsUrl().toString(), "--allow-dev-images", "--reference-values", pins.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("{\"answer\":42}");
    assertThat(r.err()).contains("compose_hash:  " + cvm.composeHash().hex()).contains("app_id:        " + cvm.appId().hex());
  }

  @Test
  void anotherComposeHash_isRejectedWithTheReason_exit1() throws Exception {
    Run r = phat4j("fetch-attested", url(), "--expect-compose-hash", "ab".repeat(32),
        "--root-ca", rootCa.toString(), "--pccs-url", devnet.pccsUrl().toString(), "--allow-dev-images", "--reference-values", pins.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).hasSize(1);
    assertThat(r.err()).startsWith("error: rejected: RA-TLS app verification failed").contains(cvm.composeHash().hex());
  }

  @Test
  void intelRootForADevnetQuote_isRejected_exit1() throws Exception {
    Run r = phat4j("fetch-attested", url(), "--pccs-url", devnet.pccsUrl().toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: rejected: RA-TLS app verification failed").containsIgnoringCase("quote verification failed");
  }

  @Test
  void unusableInputs_exit2() throws Exception {
    Run notHttps = phat4j("fetch-attested", "http://localhost:1/");
    assertThat(notHttps.exitCode()).isEqualTo(2);
    assertThat(notHttps.err()).contains("must be https");
    Run badHash = phat4j("fetch-attested", url(), "--expect-compose-hash", "xyz");
    assertThat(badHash.exitCode()).isEqualTo(2);
    Run tooLong = phat4j("fetch-attested", url(), "--max-body-bytes", "3", "--root-ca", rootCa.toString(),
        "--pccs-url", devnet.pccsUrl().toString(), "--expect-compose-hash", cvm.composeHash().hex(), "--allow-dev-images", "--reference-values", pins.toString());
    assertThat(tooLong.exitCode()).as(tooLong.err()).isEqualTo(2);
    assertThat(tooLong.err()).contains("--max-body-bytes");
    Run refused = phat4j("fetch-attested", "https://127.0.0.1:1/", "--timeout-seconds", "5");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err().lines().toList()).hasSize(1);
  }
}
