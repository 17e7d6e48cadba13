package io.phat4j.examples.quickstart;

import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.rollup.QueueState;
import io.phat4j.contracts.rollup.RollupAction;
import io.phat4j.contracts.rollup.RollupAnchorReader;
import io.phat4j.contracts.rollup.RollupBatch;
import io.phat4j.contracts.rollup.RollupQueueKeys;
import io.phat4j.contracts.rollup.RollupSubmitter;
import io.phat4j.core.AppId;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import io.phat4j.core.crypto.InputOpener;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.crypto.X25519PrivateKey;
import io.phat4j.core.dstack.guest.DerivedKey;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.dstack.guest.KeyAlgorithm;
import io.phat4j.core.offchain.ContractContext;
import io.phat4j.core.offchain.OffchainContract;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;

/**
 * The off-chain contract of the quickstart: private credit scoring. It runs inside the enclave
 * (here: in process on the devnet; in production: in a dstack container, with {@link #main}).
 *
 * <ol>
 *   <li>reads its two secrets ({@value #WEIGHTS_ENV}, {@value #CUTOFF_ENV}) and the anchor it
 *       serves from its decrypted env;
 *   <li>derives an attestor key and an input key with {@code GetKey}, and announces both (with the
 *       KMS signature chain) by extending RTMR3 with a {@link KeyAnnouncement};
 *   <li>once the anchor's admin has granted its attestor the role, answers each queued request:
 *       opens the HPKE-sealed input, scores it, and commits the reply with the queue head moved on,
 *       under an optimistic lock on the head.
 * </ol>
 */
public final class PrivateScoring implements OffchainContract {
  /** The compose service image the devnet binds to this class. */
  public static final String IMAGE = "ghcr.io/phat4j/private-scoring";

  /** Secret: the model's weights. */
  public static final String WEIGHTS_ENV = "SCORING_WEIGHTS";

  /** Secret: the approval cutoff. */
  public static final String CUTOFF_ENV = "APPROVAL_CUTOFF";

  /** The anchor contract the app answers. */
  public static final String ANCHOR_ENV = "ANCHOR_ADDRESS";

  private static final Logger LOG = LoggerFactory.getLogger(PrivateScoring.class);
  private static final Duration POLL = Duration.ofMillis(50);

  /** Creates the contract (the devnet makes one per boot). */
  public PrivateScoring() {}

  /**
   * Runs the contract in a real dstack container: guest agent from its socket, env from the
   * container.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    try (ContractContext ctx = ContractContext.fromEnvironment()) {
      new PrivateScoring().run(ctx);
    }
  }

  @Override
  public void run(ContractContext ctx) throws InterruptedException {
    ScoringModel model = ScoringModel.parse(ctx.requireEnv(WEIGHTS_ENV).reveal(), ctx.requireEnv(CUTOFF_ENV).reveal());
    EvmAddress anchor = EvmAddress.fromHex(ctx.requireEnv(ANCHOR_ENV).reveal());
    URI rpc = ctx.chainRpcUrl() != null
        ? ctx.chainRpcUrl()
        : URI.create(ctx.requireEnv(ContractContext.CHAIN_RPC_ENV).reveal());

    DstackGuestClient guest = ctx.guest();
    AppId appId = guest.info().appId();
    DerivedKey attestorKey = guest.getKey(KeyAnnouncement.ATTESTOR_PATH, KeyAnnouncement.ATTESTOR_PURPOSE,
        KeyAlgorithm.SECP256K1);
    X25519PrivateKey inputKey = x25519(guest.getKey(KeyAnnouncement.INPUT_PATH, "hpke-x25519", KeyAlgorithm.SECP256K1));
    List<byte[]> chain = attestorKey.signatureChain();
    KeyAnnouncement keys = new KeyAnnouncement(Secp256k1PublicKey.of(attestorKey.publicKey()), chain.get(0),
        chain.get(1), inputKey.publicKey());
    guest.emitEvent(KeyAnnouncement.EVENT, keys.encode());
    LOG.info("announced attestor {} and input key {}", keys.attestor(), inputKey.publicKey().hex());

    Secp256k1PrivateKey signer = attestorKey.secp256k1PrivateKey();
    try (ChainClient l2 = ChainClient.builder().rpcUrl(rpc.toString()).pollInterval(Duration.ofMillis(20)).build()) {
      RollupSubmitter submitter = RollupSubmitter.builder().chain(l2).anchor(anchor).build();
      TransactionManager transactions = new RawTransactionManager(l2.web3j(), credentials(signer), l2.chainId());
      Worker worker = new Worker(model, appId, anchor, keys.attestor(), InputOpener.create(inputKey), submitter,
          transactions);
      while (!ctx.stopRequested()) {
        try {
          worker.answerNext();
        } catch (PhalaException e) {
          // A lost race on the queue head, or a node hiccup: the next round reads fresh state.
          if (!ctx.stopRequested()) {
            LOG.info("round failed, retrying: {}", e.getMessage());
          }
        }
        ctx.awaitStop(POLL);
      }
    }
  }

  private static X25519PrivateKey x25519(DerivedKey key) {
    byte[] secret = key.key().revealBytes();
    try {
      return X25519PrivateKey.of(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static Credentials credentials(Secp256k1PrivateKey key) {
    byte[] secret = key.secret().revealBytes();
    try {
      return Credentials.create(Hex.encode(secret));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** One poll: if this app is an attestor and a request waits, answer it. */
  private record Worker(
      ScoringModel model,
      AppId appId,
      EvmAddress anchor,
      EvmAddress attestor,
      InputOpener opener,
      RollupSubmitter submitter,
      TransactionManager transactions) {

    void answerNext() {
      RollupAnchorReader reader = submitter.reader();
      long block = reader.chain().blockNumber();
      BlockRef at = BlockRef.number(block);
      if (!reader.isAttestor(attestor, at)) {
        return;
      }
      QueueState queue = reader.queue(at);
      if (queue.pending() == 0) {
        return;
      }
      long id = queue.head();
      byte[] sealed = reader.storage(RollupQueueKeys.item(id), at);
      byte[] result;
      try {
        byte[] applicant = opener.open(sealed, ScoreRequests.info(appId), ScoreRequests.aad(anchor));
        result = model.score(id, applicant);
        Arrays.fill(applicant, (byte) 0);
      } catch (CryptoException | DecodeException e) {
        // Answer anyway so one bad request cannot block the queue; say nothing about its content.
        result = ("{\"request\":" + id + ",\"error\":\"the input could not be opened or read\"}")
            .getBytes(StandardCharsets.UTF_8);
      }
      RollupBatch batch = submitter.lockedBatch(at, List.of(RollupQueueKeys.head()), List.of(),
          List.of(RollupAction.reply(ScoreRequests.replyPayload(id, result)), RollupAction.setQueueHead(id + 1)));
      submitter.submit(batch, transactions);
      LOG.info("answered request {}", id);
    }
  }
}
