package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.CloudErrorCode;
import io.phat4j.contracts.cloud.ComposeUpdateCommit;
import io.phat4j.contracts.cloud.CvmStatus;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.contracts.cloud.PhalaCloudException;
import io.phat4j.core.AppId;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Compose updates through PhalaCloudClient.update: same app id, new compose hash, new env, a reboot that re-measures. */
@Timeout(120)
class DevnetUpdateTest {
  @Test
  void update_keepsTheAppId_changesTheComposeHash_andRebootsWithTheNewEnv() {
    try (Devnet devnet = Devnet.builder().chain(false).bootStep(Duration.ofMillis(5)).start();
        PhalaCloudClient cloud = devnet.cloudClient()) {
      DeployOptions options = DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build();
      Deployment first = cloud.deploy(AppSpec.builder("updating-app", "services:\n  a:\n    image: example/a:1\n")
          .env("A", "1").build(), options).deployment();

      Deployment second = cloud.update(first.cvmId(), AppSpec.builder("updating-app",
          "services:\n  a:\n    image: example/a:2\n").env("A", "2").env("B", "3").build(), options).deployment();

      assertThat(second.appId()).isEqualTo(first.appId());
      assertThat(second.composeHash()).isNotEqualTo(first.composeHash());
      assertThat(second.state().status()).isEqualTo(CvmStatus.RUNNING);
      DevnetCvm cvm = devnet.cvm(first.appId());
      assertThat(cvm.composeHash().hex()).isEqualTo(second.composeHash().hex());
      assertThat(cvm.envNames()).containsExactlyInAnyOrder("A", "B");
      try (DstackGuestClient guest = DstackGuestClient.builder().endpoint(cvm.guestAgentEndpoint().toString()).build()) {
        // The reboot measured the new compose into RTMR3.
        assertThat(guest.getQuote(new byte[0]).eventLog().runtimeEvents().composeHash().hex())
            .isEqualTo(second.composeHash().hex());
      }

      assertThatThrownBy(() -> cloud.cvms().commitComposeUpdate(first.cvmId(),
          new ComposeUpdateCommit("22".repeat(32), null, null, null)))
          .isInstanceOfSatisfying(PhalaCloudException.class,
              e -> assertThat(e.code()).isEqualTo(CloudErrorCode.HASH_INVALID_OR_EXPIRED));
    }
  }
}
