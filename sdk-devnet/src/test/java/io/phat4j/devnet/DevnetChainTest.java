package io.phat4j.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.KmsInfo;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.contracts.kms.DstackKms;
import io.phat4j.core.offchain.ContractContext;
import io.phat4j.core.offchain.OffchainContract;
import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** The devnet's chain: anvil, our DstackKms with the KMS root published, funded accounts, and the chain endpoint handed to contracts. */
@Timeout(180)
class DevnetChainTest {
  private static final BlockingQueue<Long> SEEN_CHAIN_IDS = new LinkedBlockingQueue<>();

  /** Reads the chain id through the endpoint its context names. */
  static final class ChainReader implements OffchainContract {
    @Override
    public void run(ContractContext ctx) {
      try (ChainClient chain = ChainClient.builder().rpcUrl(ctx.chainRpcUrl().toString()).build()) {
        SEEN_CHAIN_IDS.add(chain.chainId());
      }
    }
  }

  @Test
  void chain_publishesTheKmsRootOnChain_fundsDevAccounts_andContractsReachIt() throws Exception {
    try (Devnet devnet = Devnet.builder().bootStep(Duration.ZERO).chainId(31337)
            .contract("example/chain-reader", ChainReader::new).start();
        ChainClient chain = devnet.chainClient();
        PhalaCloudClient cloud = devnet.cloudClient()) {
      DstackKms kms = DstackKms.at(chain, devnet.kmsContract());
      assertThat(kms.kmsInfo().k256Pubkey()).isEqualTo(devnet.kmsRootKey().compressed());
      assertThat(kms.isOsImageAllowed(devnet.osImage().osImageHash())).isTrue();
      assertThat(kms.owner().toString()).isEqualTo(devnet.devAccounts().get(0).address().toLowerCase());
      BigInteger balance = chain.web3j().ethGetBalance(devnet.devAccounts().get(1).address(),
          DefaultBlockParameterName.LATEST).send().getBalance();
      assertThat(balance).isGreaterThan(BigInteger.TEN.pow(18));

      KmsInfo info = cloud.kms().info("phala");
      assertThat(info.chainId()).isEqualTo(31337L);
      assertThat(info.kmsContractAddress()).isEqualTo(devnet.kmsContract().toString());

      cloud.deploy(AppSpec.builder("chain-reader", "services:\n  r:\n    image: example/chain-reader:1\n").build(),
          DeployOptions.builder().trustedKmsKey(devnet.kmsRootKey()).build());
      assertThat(SEEN_CHAIN_IDS.poll(60, TimeUnit.SECONDS)).isEqualTo(31337L);
    }
  }
}
