package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.CvmId;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.AppId;
import io.phat4j.core.dstack.guest.DerivedKey;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.WireLogLevel;
import io.phat4j.devnet.internal.DevnetKms;
import io.phat4j.testkit.CapturedStderr;
import io.phat4j.testkit.SecretScanner;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The devnet's own secrets (its seed, the KMS root, per-app env and root keys, the API key) and the
 * ones passing through it (env values, derived keys) stay out of {@code toString()}, failure
 * messages and the wire log of clients talking to it at their most verbose level.
 */
@Timeout(120)
class DevnetSecretHygieneTest {
  private static final String SEED = "hygiene-seed-7f3c91d2";
  private static final String API_KEY = "phak_devnet-hygiene-4b1e8a";
  private static final String ENV_VALUE = "env-value-hygiene-93ad";
  private static final String COMPOSE = "services:\n  app:\n    image: example/hygiene:1\n";

  @Test
  void devnetKeysAndSecretsPassingThrough_neverShowInTextOrWireLog() throws Exception {
    try (CapturedStderr log = CapturedStderr.start();
        Devnet devnet = Devnet.builder().chain(false).seed(SEED).apiKey(API_KEY)
            .bootStep(Duration.ofMillis(20)).start();
        HttpTransport wire = HttpTransport.builder().wireLogging(WireLogLevel.BODY).build();
        PhalaCloudClient cloud = PhalaCloudClient.builder().baseUrl(devnet.cloudApiUrl().toString())
            .apiKey(API_KEY).wireLogging(WireLogLevel.BODY).build()) {
      Deployment d = cloud.deploy(AppSpec.builder("hygiene", COMPOSE).env("API_TOKEN", ENV_VALUE).build(),
          DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build()).deployment();
      AppId appId = d.appId();
      DevnetCvm cvm = devnet.cvm(appId);
      DerivedKey derived;
      try (DstackGuestClient guest = DstackGuestClient.builder()
          .endpoint(cvm.guestAgentEndpoint().toString()).transport(wire).build()) {
        derived = guest.getKey("hygiene/key");
        SecretScanner s = scanner(appId, derived);
        s.assertClean("Devnet", devnet.toString());
        s.assertClean("Devnet.apiKey()", devnet.apiKey().toString());
        s.assertClean("DevnetCvm", cvm.toString());
        s.assertClean("Deployment", d.toString());
        s.assertClean("DstackGuestClient", guest.toString());
        s.assertClean("DerivedKey", derived.toString());
        s.assertClean("GetQuote, report data too long", catchThrowable(() -> guest.getQuote(new byte[65])));
      }
      SecretScanner s = scanner(appId, derived);
      try (PhalaCloudClient wrongKey = PhalaCloudClient.builder().baseUrl(devnet.cloudApiUrl().toString())
          .apiKey(API_KEY + "-wrong").build()) {
        s.assertClean("401", catchThrowable(() -> wrongKey.cvms().info(d.cvmId())));
      }
      s.assertClean("404", catchThrowable(() -> cloud.cvms().info(CvmId.of("no-such-cvm"))));

      String text = log.text();
      // The scan is only worth something if the log saw the exchanges carrying the secrets.
      assertThat(text).contains("encrypted_env").contains("X-API-Key").contains("GetKey");
      s.assertClean("captured wire log", text);
    }
  }

  /** Every secret of the seeded devnet for this app, recomputed from the seed as the devnet does. */
  private static SecretScanner scanner(AppId appId, DerivedKey derived) throws Exception {
    DevnetKms kms = new DevnetKms(SEED.getBytes(StandardCharsets.UTF_8));
    Field root = DevnetKms.class.getDeclaredField("rootSecret");
    root.setAccessible(true);
    return new SecretScanner()
        .secret("devnet seed", SEED)
        .secret("API key", API_KEY)
        .secret("env value", ENV_VALUE)
        .secret("KMS root secret", (byte[]) root.get(kms))
        .secret("app env private key", kms.envKey(appId).secret().revealBytes())
        .secret("app root private key", kms.appRootKey(appId).secret().revealBytes())
        .secret("derived key", derived.key().revealBytes());
  }
}
