package io.phat4j.contracts.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ContractRevertedException;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.contracts.rollup.internal.AnchorAbi;
import io.phat4j.contracts.rollup.internal.ForwardRequestStruct;
import io.phat4j.core.Bytes32;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.testkit.anvil.AnvilExtension;
import io.phat4j.testkit.anvil.AnvilNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;

@ExtendWith(AnvilExtension.class)
class RollupAnchorAnvilTest {
  private RollupFixture f;
  private String snapshot;

  @BeforeEach
  void deploy(AnvilNode node) {
    snapshot = node.snapshot();
    f = new RollupFixture(node);
  }

  @AfterEach
  void reset(AnvilNode node) {
    f.close();
    node.revert(snapshot);
  }

  @Test
  void requestReplyAndReadBack() {
    long start = f.chain.blockNumber();
    TxReceipt r0 = f.request("price of ETH");
    f.request("price of PHA");
    RollupBatch batch = f.replyToPending(BlockRef.latest());
    TxReceipt commitTx = f.submitter.submit(batch, f.tm(f.attestor));

    List<QueuedRequest> requests = f.reader.requests(start, null);
    assertThat(requests).extracting(QueuedRequest::index).containsExactly(0L, 1L);
    assertThat(new String(requests.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("price of ETH");
    assertThat(requests.get(0).transactionHash()).isEqualTo(r0.transactionHash());
    assertThat(requests.get(0).blockNumber()).isEqualTo(r0.blockNumber());

    List<RollupCommit> commits = f.reader.commits(start, null);
    assertThat(commits).hasSize(1);
    RollupCommit commit = commits.get(0);
    assertThat(commit.transactionHash()).isEqualTo(commitTx.transactionHash());
    assertThat(commit.attestor()).isEqualTo(f.address(f.attestor));
    assertThat(commit.submitter()).isEqualTo(f.address(f.attestor));
    assertThat(commit.isMetaTx()).isFalse();
    assertThat(commit.call().batch()).isEqualTo(batch);
    assertThat(commit.results()).extracting(r -> r.action().type())
        .containsExactly(RollupActionType.REPLY, RollupActionType.REPLY, RollupActionType.SET_QUEUE_HEAD);

    List<ResultReceived> events = new java.util.ArrayList<>();
    f.reader.scanResultReceived(start, null, events::add);
    assertThat(events).extracting(ResultReceived::requestId).containsExactly(BigInteger.ZERO, BigInteger.ONE);
    assertThat(events.get(1).resultHash())
        .isEqualTo(Bytes32.of(Hash.sha3("result-1".getBytes(StandardCharsets.UTF_8))));
    assertThat(PayloadHasher.EXAMPLE_CONSUMER.resultHash(commit.results().get(1).action().payload()))
        .isEqualTo(events.get(1).resultHash());

    QueueState queue = f.reader.queue(BlockRef.latest());
    assertThat(queue.head()).isEqualTo(2);
    assertThat(queue.tail()).isEqualTo(2);
    // Processed items are deleted from the store.
    assertThat(f.reader.storage(RollupQueueKeys.item(0), BlockRef.latest())).isEmpty();
    assertThat(f.reader.storage(RollupQueueKeys.item(1), BlockRef.number(r0.blockNumber() + 1)))
        .isEqualTo("price of PHA".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void metaTransactionRelayedForTheAttestor() {
    long start = f.chain.blockNumber();
    f.request("weather");
    RollupBatch batch = f.replyToPending(BlockRef.latest());
    Secp256k1PrivateKey attestorKey = f.keyOf(f.attestor);
    TxReceipt receipt = f.submitter.submitMetaTx(batch, attestorKey, f.tm(f.relayer));

    RollupCommit commit = f.reader.commits(start, null).get(0);
    assertThat(commit.transactionHash()).isEqualTo(receipt.transactionHash());
    assertThat(commit.isMetaTx()).isTrue();
    assertThat(commit.submitter()).isEqualTo(f.address(f.relayer));
    assertThat(commit.attestor()).isEqualTo(f.address(f.attestor));
    assertThat(commit.signatureVerified()).isTrue();
    assertThat(commit.call().batch()).isEqualTo(batch);
    assertThat(f.reader.metaTxNonce(f.address(f.attestor), BlockRef.latest())).isEqualTo(BigInteger.ONE);
  }

  @Test
  void digestMatchesTheContractsMetaTxPrepare() {
    byte[] data = RollupCalldata.encodeBatch(RollupCalldataTest.sampleBatch());
    List<Type<?>> out = f.chain.call(
        f.anchor, AnchorAbi.metaTxPrepare(f.address(f.attestor).toAbi(), data), BlockRef.latest());
    ForwardRequestStruct prepared = (ForwardRequestStruct) out.get(0);
    byte[] digest = ((org.web3j.abi.datatypes.generated.Bytes32) out.get(1)).getValue();
    ForwardRequest request = new ForwardRequest(f.address(f.attestor), BigInteger.ZERO, data);
    assertThat(prepared.nonce.getValue()).isEqualTo(BigInteger.ZERO);
    assertThat(MetaTxSignatures.digest(f.chain.chainId(), f.anchor, request)).isEqualTo(digest);
  }

  @Test
  void staleConditionIsRejectedWithCondNotMet() {
    f.request("a");
    long readAt = f.chain.blockNumber();
    RollupBatch stale = f.replyToPending(BlockRef.number(readAt));
    // Another rollup moves the head first, so the stale batch's lock on q/_head no longer holds.
    f.submitter.submit(f.replyToPending(BlockRef.number(readAt)), f.tm(f.attestor));
    assertThatThrownBy(() -> f.submitter.submit(stale, f.tm(f.attestor)))
        .isInstanceOfSatisfying(ContractRevertedException.class, e -> {
          assertThat(e.isError("CondNotMet")).isTrue();
          assertThat(e.error().arguments().get(0).getValue()).isEqualTo(RollupQueueKeys.head());
        });
  }

  @Test
  void nonAttestorIsRejected() {
    f.request("a");
    RollupBatch batch = f.replyToPending(BlockRef.latest());
    assertThatThrownBy(() -> f.submitter.submit(batch, f.tm(f.user)))
        .isInstanceOfSatisfying(ContractRevertedException.class, e -> assertThat(e.isError("BadAttestor")).isTrue());
    // A meta-transaction signed by a non-attestor is rejected too, even with a valid signature.
    assertThatThrownBy(() -> f.submitter.submitMetaTx(batch, f.keyOf(f.user), f.tm(f.relayer)))
        .isInstanceOfSatisfying(ContractRevertedException.class, e -> assertThat(e.isError("BadAttestor")).isTrue());
  }

  @Test
  void metaTxWithBadSignatureOrLowNonceIsRejected() {
    f.request("a");
    RollupBatch batch = f.replyToPending(BlockRef.latest());
    EvmAddress attestor = f.address(f.attestor);
    ForwardRequest request = f.submitter.metaTxRequest(batch, attestor, null);
    // Signed by another key over a request claiming to come from the attestor.
    Secp256k1PrivateKey other = f.keyOf(f.user);
    ForwardRequest forged = new ForwardRequest(MetaTxSignatures.addressOf(other), request.nonce(), request.data());
    byte[] wrongSignature = MetaTxSignatures.sign(other, f.chain.chainId(), f.anchor, forged);
    assertThatThrownBy(() -> f.submitter.submitMetaTx(request, wrongSignature, f.tm(f.relayer)))
        .isInstanceOfSatisfying(ContractRevertedException.class,
            e -> assertThat(e.isError("MetaTxSignatureNotMatch")).isTrue());

    byte[] signature = MetaTxSignatures.sign(f.keyOf(f.attestor), f.chain.chainId(), f.anchor, request);
    f.submitter.submitMetaTx(request, signature, f.tm(f.relayer));
    // Replaying the same signed request: its nonce is now below the attestor's.
    assertThatThrownBy(() -> f.submitter.submitMetaTx(request, signature, f.tm(f.relayer)))
        .isInstanceOfSatisfying(ContractRevertedException.class, e -> assertThat(e.isError("NonceTooLow")).isTrue());
  }

  @Test
  void blockDiscoveryFindsRollupsThatEmitNoLog() {
    long start = f.chain.blockNumber();
    RollupBatch silent = new RollupBatch(List.of(),
        List.of(new RollupEntry("app/version".getBytes(StandardCharsets.US_ASCII), RollupQueueKeys.uint32Value(7))),
        List.of());
    TxReceipt receipt = f.submitter.submit(silent, f.tm(f.attestor));
    assertThat(receipt.logs()).isEmpty();

    assertThat(f.reader.commits(start, null)).isEmpty();
    RollupAnchorReader byBlocks = RollupAnchorReader.builder()
        .chain(f.chain).anchor(f.anchor).discovery(CommitDiscovery.BLOCKS).build();
    List<RollupCommit> commits = byBlocks.commits(start, null);
    assertThat(commits).extracting(RollupCommit::transactionHash).containsExactly(receipt.transactionHash());
    assertThat(byBlocks.storage("app/version".getBytes(StandardCharsets.US_ASCII), BlockRef.latest()))
        .isEqualTo(RollupQueueKeys.uint32Value(7));
  }

  @Test
  void roleChangesAreDecodedWithTheirAddresses() {
    long start = f.chain.blockNumber();
    EvmAddress newcomer = f.address(f.user);
    f.submitter.submit(new RollupBatch(List.of(), List.of(), List.of(RollupAction.grantAttestor(newcomer))),
        f.tm(f.attestor));
    assertThat(f.reader.isAttestor(newcomer, BlockRef.latest())).isTrue();
    f.submitter.submit(new RollupBatch(List.of(), List.of(), List.of(RollupAction.revokeAttestor(newcomer))),
        f.tm(f.attestor));
    assertThat(f.reader.isAttestor(newcomer, BlockRef.latest())).isFalse();
    List<RollupAction> actions = f.reader.commits(start, null).stream()
        .flatMap(c -> c.call().batch().actions().stream()).toList();
    assertThat(actions).extracting(RollupAction::type)
        .containsExactly(RollupActionType.GRANT_ATTESTOR, RollupActionType.REVOKE_ATTESTOR);
    assertThat(actions).extracting(RollupAction::attestorAddress).containsOnly(newcomer);
  }

  @Test
  void confirmationDepthHidesTheNewestBlocks() {
    long start = f.chain.blockNumber();
    f.request("a");
    f.submitter.submit(f.replyToPending(BlockRef.latest()), f.tm(f.attestor));
    RollupAnchorReader cautious = RollupAnchorReader.builder()
        .chain(f.chain).anchor(f.anchor).confirmations(3).build();
    assertThat(cautious.commits(start, null)).isEmpty();
    assertThat(cautious.requests(start, null)).isEmpty();
    f.node.mine(3);
    assertThat(cautious.commits(start, null)).hasSize(1);
    assertThat(cautious.requests(start, null)).hasSize(1);
  }
}
