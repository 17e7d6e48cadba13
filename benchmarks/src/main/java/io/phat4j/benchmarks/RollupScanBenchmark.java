package io.phat4j.benchmarks;

import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.rollup.CommitDiscovery;
import io.phat4j.contracts.rollup.RollupAction;
import io.phat4j.contracts.rollup.RollupAnchorReader;
import io.phat4j.contracts.rollup.RollupBatch;
import io.phat4j.contracts.rollup.RollupCalldata;
import io.phat4j.core.Hex;
import io.phat4j.testkit.anvil.AnvilNode;
import io.phat4j.testkit.anvil.ContractArtifact;
import io.phat4j.testkit.anvil.ContractDeployer;
import io.phat4j.testkit.anvil.DevAccount;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.tx.TransactionManager;

/**
 * Time to read 10,000 rollup results ({@code RollupAnchorReader.scanCommits}) from a local anvil
 * node: 100 {@code rollupU256CondEq} transactions of 100 replies each, 5 per block, with
 * {@code gap} empty blocks after each block, scanned in {@code eth_getLogs} chunks of 2,000 blocks.
 *
 * <p>The setup starts anvil (the repository's pinned npm package, so run from the repository root)
 * and commits the results once per trial; each invocation is one full scan.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RollupScan -f 1 -wi 2 -i 5 -bm ss}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RollupScanBenchmark {
  private static final int TXS = 100;
  private static final int ACTIONS_PER_TX = 100;
  private static final int TXS_PER_BLOCK = 5;

  /** Empty blocks mined after each block of rollups (spreads the results over a larger range). */
  @Param({"100"})
  public int gap;

  private AnvilNode node;
  private ChainClient chain;
  private RollupAnchorReader reader;
  private long fromBlock;
  private long toBlock;

  /** Starts anvil and commits 10,000 replies. */
  @Setup(Level.Trial)
  public void load() throws Exception {
    node = AnvilNode.start();
    DevAccount admin = node.account(0);
    DevAccount attestor = node.account(1);
    EvmAddress anchor = EvmAddress.fromHex(new ContractDeployer(node, admin).deploy(
        ContractArtifact.fromClasspath("/io/phat4j/contracts/artifacts/RollupConsumer.json"),
        List.of(new Address(admin.address()), new Address(attestor.address()))));
    chain = ChainClient.builder().rpcUrl(node.rpcUrl()).build();
    fromBlock = chain.blockNumber() + 1;
    TransactionManager tm = ContractDeployer.transactionManager(node, attestor);
    BigInteger gasPrice = chain.web3j().ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
    node.setAutomine(false);
    long id = 0;
    for (int t = 0; t < TXS; t++) {
      List<RollupAction> actions = new ArrayList<>(ACTIONS_PER_TX);
      for (int a = 0; a < ACTIONS_PER_TX; a++, id++) {
        byte[] payload = Hex.decode("payload", FunctionEncoder.encodeConstructor(List.of(
            new Uint256(BigInteger.valueOf(id)), new DynamicBytes(("r" + id).getBytes(StandardCharsets.UTF_8)))));
        actions.add(RollupAction.reply(payload));
      }
      byte[] data = RollupCalldata.encodeRollup(new RollupBatch(List.of(), List.of(), actions));
      var sent = tm.sendTransaction(gasPrice, BigInteger.valueOf(2_900_000), anchor.toString(), Hex.encode0x(data), BigInteger.ZERO);
      if (sent.hasError()) {
        throw new IllegalStateException(sent.getError().getMessage());
      }
      if ((t + 1) % TXS_PER_BLOCK == 0) {
        node.mine(1);
        node.mine(gap);
      }
    }
    node.setAutomine(true);
    toBlock = chain.blockNumber();
    reader = RollupAnchorReader.builder().chain(chain).anchor(anchor).chunkSize(2_000)
        .discovery(CommitDiscovery.LOGS).build();
    if (scan() != (long) TXS * ACTIONS_PER_TX) {
      throw new IllegalStateException("the load did not commit every result");
    }
  }

  /**
   * One full scan of the range.
   *
   * @return the number of results read
   */
  @Benchmark
  public long scan() {
    AtomicLong results = new AtomicLong();
    reader.scanCommits(fromBlock, toBlock, commit -> results.addAndGet(commit.call().batch().actions().size()));
    return results.get();
  }

  /** Stops anvil. */
  @TearDown(Level.Trial)
  public void stop() {
    chain.close();
    node.close();
  }
}
