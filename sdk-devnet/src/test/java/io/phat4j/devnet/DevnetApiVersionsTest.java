package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.contracts.cloud.ApiVersion;
import io.phat4j.contracts.cloud.AppAttestation;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.CvmId;
import io.phat4j.contracts.cloud.CvmInfo;
import io.phat4j.contracts.cloud.DeployEvent;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.DeployResult;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.KmsContract;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The devnet's deployment API in the shape of API version 2026-06-23, and 2026-01-21 on request. */
@Timeout(120)
class DevnetApiVersionsTest {
  private static final String COMPOSE = "services:\n  a:\n    image: example/a:1\n";

  @Test
  void v2026_06_23_hashedIds_kmsContract_envKeyCheckedByDefault_unchangedUpdate_appAttestations() {
    try (Devnet devnet = Devnet.builder().chain(false).bootStep(Duration.ofMillis(5)).start();
        PhalaCloudClient cloud = devnet.cloudClient()) {
      assertThat(cloud.version()).isEqualTo(ApiVersion.V2026_06_23);

      KmsContract contract = cloud.kms().contracts(1, 10, null).items().getFirst();
      assertThat(contract.rootKey()).isEqualTo(devnet.kmsRootKey());
      assertThat(contract.offChain()).isTrue();
      assertThat(cloud.kms().contract(contract.id())).isEqualTo(contract);

      // No pinned root: the env key's signature is checked against the contract's k256 key.
      List<DeployEvent> events = new CopyOnWriteArrayList<>();
      DeployOptions options = DeployOptions.builder().listener(events::add).build();
      Deployment d = cloud.deploy(AppSpec.builder("versioned-app", COMPOSE).env("A", "1").build(), options)
          .deployment();
      assertThat(events).extracting(DeployEvent::stage).contains(DeployEvent.Stage.KEY_VERIFIED);
      assertThat(d.cvmId().hashed()).isTrue();
      CvmInfo info = cloud.cvms().info(d.cvmId());
      assertThat(info.id()).isEqualTo(d.cvmId().value());

      // The same compose again: nothing to commit, no reboot.
      events.clear();
      DeployResult again = cloud.update(d.cvmId(), AppSpec.builder("versioned-app", COMPOSE).build(), options);
      assertThat(again.deployment().composeHash()).isEqualTo(d.composeHash());
      assertThat(events).extracting(DeployEvent::stage)
          .endsWith(DeployEvent.Stage.UNCHANGED)
          .doesNotContain(DeployEvent.Stage.COMMITTED, DeployEvent.Stage.STATE);
      assertThat(devnet.cvm(d.appId()).composeHash()).isEqualTo(d.composeHash());

      AppAttestation a = cloud.apps().attestations(d.appId());
      AppAttestation.Instance i = a.instances().getFirst();
      assertThat(i.fmspc()).isNotBlank();
      assertThat(i.ppidSha256()).hasSize(64);
      assertThat(i.teeTcbSvn()).hasSize(32);
      assertThat(i.cpusvn()).hasSize(32);
      assertThat(i.pcesvn()).isNotNull();
      assertThat(i.mrConfigId()).hasSize(96);
    }
  }

  @Test
  void v2026_01_21_placeholderIdZero_deployStillAddressesTheCvm() {
    try (Devnet devnet = Devnet.builder().chain(false).bootStep(Duration.ofMillis(5)).start();
        PhalaCloudClient current = devnet.cloudClient();
        PhalaCloudClient cloud = current.withVersion(ApiVersion.V2026_01_21)) {
      Deployment d = cloud.deploy(AppSpec.builder("legacy-app", COMPOSE).build(),
          DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build()).deployment();
      assertThat(d.cvmId().hashed()).isFalse();
      CvmInfo info = cloud.cvms().info(d.cvmId());
      assertThat(info.id()).isEqualTo("0");
      assertThat(d.cvmId()).isEqualTo(CvmId.of(info.vmUuid()));
    }
  }
}
