package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.CvmStatus;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.DeployResult;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.OnChainApp;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.contracts.cloud.Provision;
import io.phat4j.contracts.kms.AppDeployment;
import io.phat4j.contracts.kms.DeployedApp;
import io.phat4j.contracts.kms.DstackKms;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;

/** An on-chain KMS app: DstackApp deployed through the devnet's DstackKms, HTTP 465 until its compose hash is on chain. */
@Timeout(180)
class DevnetOnChainTest {
  @Test
  void deployOnChain_isPendingUntilTheComposeHashIsAdded_thenRunsAsTheContractsAppId() {
    try (Devnet devnet = Devnet.builder().bootStep(Duration.ZERO).start();
        ChainClient chain = devnet.chainClient();
        PhalaCloudClient cloud = devnet.cloudClient()) {
      TransactionManager owner = new RawTransactionManager(chain.web3j(),
          devnet.devAccounts().get(1).credentials(), devnet.chainId());
      EvmAddress ownerAddress = EvmAddress.fromHex(devnet.devAccounts().get(1).address());
      AppSpec spec = AppSpec.builder("onchain-app", "services:\n  a:\n    image: example/onchain:1\n")
          .kms("ETHEREUM").env("SECRET", "s3").build();
      Provision provision = cloud.cvms().provision(spec.toProvisionRequest());
      assertThat(provision.appId()).isNull();

      DstackKms kms = DstackKms.at(chain, devnet.kmsContract());
      Bytes32 other = Bytes32.of(new byte[32]);
      DeployedApp app = kms.deployAndRegisterApp(owner,
          new AppDeployment(ownerAddress, false, false, true, other, other));
      AppId appId = AppId.of(app.appId().toByteArray());
      DeployOptions options = DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build();

      DeployResult first = cloud.deployOnChain(spec, new OnChainApp(appId, ownerAddress.toString()), options);
      assertThat(first).isInstanceOf(DeployResult.Pending.class);
      DeployResult.Pending pending = (DeployResult.Pending) first;
      assertThat(pending.registration().composeHash()).isEqualTo(provision.composeHash());

      kms.app(app.appId()).addComposeHash(owner, Bytes32.fromHex(provision.composeHash()));
      Deployment d = cloud.confirm(pending, options).deployment();

      assertThat(d.state().status()).isEqualTo(CvmStatus.RUNNING);
      assertThat(d.appId().hex()).isEqualTo(appId.hex());
      DevnetCvm cvm = devnet.cvm(appId);
      assertThat(cvm.envNames()).containsExactly("SECRET");
      try (DstackGuestClient guest = DstackGuestClient.builder().endpoint(cvm.guestAgentEndpoint().toString()).build()) {
        var events = guest.getQuote(new byte[0]).eventLog().runtimeEvents();
        assertThat(events.appId()).isEqualTo(appId);
        assertThat(events.composeHash().hex()).isEqualTo(provision.composeHash());
      }
    }
  }
}
