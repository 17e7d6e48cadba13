package io.phat4j.contracts.rollup;

import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.testkit.anvil.AnvilNode;
import io.phat4j.testkit.anvil.ContractArtifact;
import io.phat4j.testkit.anvil.ContractDeployer;
import io.phat4j.testkit.anvil.DevAccount;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.tx.TransactionManager;

/** A RollupConsumer on anvil: account 0 is the admin, 1 the attestor, 2 a relayer, 3 a user. */
final class RollupFixture implements AutoCloseable {
  static final ContractArtifact CONSUMER =
      ContractArtifact.fromClasspath("/io/phat4j/contracts/artifacts/RollupConsumer.json");

  final AnvilNode node;
  final ChainClient chain;
  final EvmAddress anchor;
  final DevAccount admin;
  final DevAccount attestor;
  final DevAccount relayer;
  final DevAccount user;
  final RollupAnchorReader reader;
  final RollupSubmitter submitter;

  RollupFixture(AnvilNode node) {
    this.node = node;
    this.admin = node.account(0);
    this.attestor = node.account(1);
    this.relayer = node.account(2);
    this.user = node.account(3);
    this.chain = ChainClient.builder().rpcUrl(node.rpcUrl()).pollInterval(java.time.Duration.ofMillis(20)).build();
    this.anchor = EvmAddress.fromHex(new ContractDeployer(node, admin)
        .deploy(CONSUMER, List.of(new Address(admin.address()), new Address(attestor.address()))));
    this.reader = RollupAnchorReader.builder().chain(chain).anchor(anchor).build();
    this.submitter = RollupSubmitter.builder().chain(chain).anchor(anchor).build();
  }

  TransactionManager tm(DevAccount account) {
    return ContractDeployer.transactionManager(node, account);
  }

  Secp256k1PrivateKey keyOf(DevAccount account) {
    return Secp256k1PrivateKey.of(
        org.web3j.utils.Numeric.toBytesPadded(account.credentials().getEcKeyPair().getPrivateKey(), 32));
  }

  /** Queues a request from the user account. */
  TxReceipt request(String data) {
    Function f = new Function("request", List.of(new DynamicBytes(data.getBytes(StandardCharsets.UTF_8))), List.of());
    return chain.transact(tm(user), anchor, Hex.decode("calldata", FunctionEncoder.encode(f)), List.of());
  }

  /** Grants ATTESTOR_ROLE from the admin. */
  TxReceipt grantAttestor(EvmAddress account) {
    return roleCall("grantRole", account);
  }

  /** Revokes ATTESTOR_ROLE from the admin. */
  TxReceipt revokeAttestor(EvmAddress account) {
    return roleCall("revokeRole", account);
  }

  private TxReceipt roleCall(String name, EvmAddress account) {
    Function f = new Function(name, List.of(
        new Bytes32(io.phat4j.contracts.rollup.internal.AnchorAbi.ATTESTOR_ROLE), account.toAbi()), List.of());
    return chain.transact(tm(admin), anchor, Hex.decode("calldata", FunctionEncoder.encode(f)), List.of());
  }

  /** The example consumer's reply payload: abi.encode(uint256 requestId, bytes result). */
  static byte[] replyPayload(long requestId, byte[] result) {
    return Hex.decode("payload", FunctionEncoder.encodeConstructor(
        List.of(new Uint256(BigInteger.valueOf(requestId)), new DynamicBytes(result))));
  }

  /** Replies to every pending request with "result-<i>" and moves the head, locked on q/_head. */
  RollupBatch replyToPending(BlockRef at) {
    QueueState q = reader.queue(at);
    List<RollupAction> actions = new ArrayList<>();
    for (long i = q.head(); i < q.tail(); i++) {
      actions.add(RollupAction.reply(replyPayload(i, ("result-" + i).getBytes(StandardCharsets.UTF_8))));
    }
    actions.add(RollupAction.setQueueHead(q.tail()));
    return submitter.lockedBatch(at, List.of(RollupQueueKeys.head()), List.of(), actions);
  }

  EvmAddress address(DevAccount account) {
    return EvmAddress.fromHex(account.address());
  }

  @Override
  public void close() {
    chain.close();
  }
}
