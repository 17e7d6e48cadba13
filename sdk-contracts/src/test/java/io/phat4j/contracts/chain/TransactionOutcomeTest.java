package io.phat4j.contracts.chain;

import static io.phat4j.contracts.chain.TestChain.fill;
import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.core.Bytes32;
import io.phat4j.testkit.anvil.AnvilExtension;
import io.phat4j.testkit.anvil.AnvilNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.utils.Numeric;

/** A transaction that is sent but not mined in time. */
@ExtendWith(AnvilExtension.class)
class TransactionOutcomeTest {
  static byte[] encode(String name, org.web3j.abi.datatypes.Type<?> arg) {
    return Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function(name, List.of(arg), List.of())));
  }

  static byte[] addComposeHash(int b) {
    return encode("addComposeHash", new org.web3j.abi.datatypes.generated.Bytes32(fill(b)));
  }

  @Test
  void withoutAReceiptInTimeTheHashIsReportedAndTheTransactionCanBeFoundLater(AnvilNode node) {
    EvmAddress app = TestChain.app(node, node.account(0), fill(1), fill(2));
    String snapshot = node.snapshot();
    try (ChainClient chain =
        ChainClient.builder().rpcUrl(node.rpcUrl()).pollInterval(Duration.ofMillis(10)).receiptTimeout(Duration.ofMillis(200)).build()) {
      node.setAutomine(false);
      TransactionPendingException pending =
          (TransactionPendingException)
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> chain.transact(TestChain.signer(node, node.account(0)), app, addComposeHash(9), List.of()));
      assertThat(pending).isNotNull();
      Bytes32 hash = Bytes32.fromHex(pending.transactionHash());
      assertThat(chain.receipt(hash)).isEmpty();
      node.mine(1);
      assertThat(chain.receipt(hash)).hasValueSatisfying(r -> assertThat(r.success()).isTrue());
    } finally {
      node.setAutomine(true);
      node.revert(snapshot);
    }
  }
}
