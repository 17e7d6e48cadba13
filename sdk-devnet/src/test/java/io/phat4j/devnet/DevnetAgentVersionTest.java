package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.CvmId;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.AppId;
import io.phat4j.core.dstack.guest.DerivedKey;
import io.phat4j.core.dstack.guest.DerivedKeyV1;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.dstack.guest.GuestAgentException;
import io.phat4j.core.dstack.guest.GuestApiVersion;
import io.phat4j.core.dstack.guest.KeyAlgorithm;
import io.phat4j.core.dstack.guest.SignatureChainVerifier;
import io.phat4j.core.dstack.guest.UnsupportedGuestMethodException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulator as a 0.5 agent (no /v1) and as a 0.6 agent (/v1, no EmitEvent), seen through DstackGuestClient. */
@Timeout(120)
class DevnetAgentVersionTest {
  private static Deployment deploy(Devnet devnet, PhalaCloudClient cloud) {
    return cloud.deploy(AppSpec.builder("version-app", "services:\n  a:\n    image: example/a:1\n").build(),
        DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build()).deployment();
  }

  @Test
  void agent058_hasNoV1Surface_andKeepsEmitEvent() {
    try (Devnet devnet = Devnet.builder().chain(false).bootStep(Duration.ZERO).start();
        PhalaCloudClient cloud = devnet.cloudClient()) {
      Deployment d = deploy(devnet, cloud);
      AppId appId = d.appId();
      try (DstackGuestClient guest = DstackGuestClient.builder()
          .endpoint(devnet.cvm(appId).guestAgentEndpoint().toString()).build()) {
        assertThat(guest.version().version()).isEqualTo("0.5.8");
        assertThat(guest.apiVersion()).isEqualTo(GuestApiVersion.V0);
        assertThatThrownBy(() -> guest.v1().getKey("app", KeyAlgorithm.SECP256K1))
            .isInstanceOfSatisfying(UnsupportedGuestMethodException.class, e -> assertThat(e.surfaceMissing()).isTrue());
        guest.emitEvent("ready", new byte[] {1});

        DerivedKey ed = guest.getKey("wallet", "signing", KeyAlgorithm.ED25519);
        DerivedKey k1 = guest.getKey("wallet", "signing", KeyAlgorithm.SECP256K1);
        // v0: the algorithm does not enter the derivation.
        assertThat(ed.key()).isEqualTo(k1.key());
        SignatureChainVerifier.trusting(devnet.kmsRootKey()).verify(ed, appId);

        cloud.cvms().stop(CvmId.ofAppId(appId));
        assertThatThrownBy(guest::info).isInstanceOf(GuestAgentException.class);
      }
    }
  }

  @Test
  void agent060_servesV1_withItsOwnKdfAndChain_andRefusesEmitEvent() {
    try (Devnet devnet = Devnet.builder().chain(false).bootStep(Duration.ZERO).guestAgentVersion("0.6.0").start();
        PhalaCloudClient cloud = devnet.cloudClient()) {
      Deployment d = deploy(devnet, cloud);
      AppId appId = d.appId();
      try (DstackGuestClient guest = DstackGuestClient.builder()
          .endpoint(devnet.cvm(appId).guestAgentEndpoint().toString()).build()) {
        assertThat(guest.apiVersion()).isEqualTo(GuestApiVersion.V1);
        DerivedKeyV1 v1 = guest.v1().getKey("app", KeyAlgorithm.SECP256K1);
        SignatureChainVerifier.trusting(devnet.kmsRootKey()).verify(v1, appId);
        DerivedKey v0 = guest.getKey("app");
        assertThat(v1.key()).isNotEqualTo(v0.key());
        assertThat(guest.v1().info().appId()).isEqualTo(appId);
        assertThatThrownBy(() -> guest.emitEvent("late", new byte[0])).isInstanceOf(GuestAgentException.class);
      }
    }
  }
}
