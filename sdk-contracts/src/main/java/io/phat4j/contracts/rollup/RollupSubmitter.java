package io.phat4j.contracts.rollup;

import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.contracts.rollup.internal.AnchorAbi;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.web3j.tx.TransactionManager;

/**
 * The attestor side: builds rollups with optimistic-lock conditions and submits them to an
 * anchor, directly or as an EIP-712 meta-transaction relayed by another account.
 *
 * <p>The lock works as in Phala's offchain rollup: read the store at block N (e.g. {@code
 * q/_head}), compute the reply from that state, and commit with the condition "these keys still
 * hold what they held at N". If another rollup changed them meanwhile, the anchor reverts with
 * {@code CondNotMet} and nothing is applied.
 *
 * <pre>{@code
 * RollupSubmitter submitter = RollupSubmitter.builder().chain(chain).anchor(anchor).build();
 * QueueState queue = submitter.reader().queue(BlockRef.number(n));
 * RollupBatch batch = submitter.lockedBatch(BlockRef.number(n), List.of(RollupQueueKeys.head()), List.of(),
 *     List.of(RollupAction.reply(payload), RollupAction.setQueueHead(queue.head() + 1)));
 * submitter.submit(batch, attestorTransactions);
 * }</pre>
 *
 * <p>Reverts are thrown as {@link io.phat4j.contracts.chain.ContractRevertedException} with the
 * anchor's error decoded ({@code CondNotMet}, {@code BadAttestor}, {@code NonceTooLow}, {@code
 * MetaTxSignatureNotMatch}, ...). A transaction that would revert is not sent. Immutable and
 * thread-safe.
 */
public final class RollupSubmitter {
  private final ChainClient chain;
  private final EvmAddress anchor;
  private final RollupAnchorReader reader;

  private RollupSubmitter(Builder b) {
    this.chain = Objects.requireNonNull(b.chain, "chain is required");
    this.anchor = Objects.requireNonNull(b.anchor, "anchor is required");
    this.reader = RollupAnchorReader.builder().chain(chain).anchor(anchor).build();
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a reader over the same anchor, for reading the state to lock on.
   *
   * @return the reader
   */
  public RollupAnchorReader reader() {
    return reader;
  }

  /**
   * Builds a batch whose conditions pin {@code lockKeys} to their values at {@code block}.
   *
   * @param block the block the attestor read its state at
   * @param lockKeys store keys that must be unchanged when the batch lands (e.g. {@link
   *     RollupQueueKeys#head()}); their values must be empty or one uint32 word
   * @param updates store writes
   * @param actions the actions
   * @return the batch
   */
  public RollupBatch lockedBatch(
      BlockRef block, List<byte[]> lockKeys, List<RollupEntry> updates, List<RollupAction> actions) {
    List<RollupEntry> conditions = new ArrayList<>(lockKeys.size());
    for (byte[] key : lockKeys) {
      byte[] value = reader.storage(key, block);
      RollupQueueKeys.readUint32(value); // the anchor compares uint32 words; fail early otherwise
      conditions.add(new RollupEntry(key, value));
    }
    return new RollupBatch(conditions, updates, actions);
  }

  /**
   * Sends {@code rollupU256CondEq} from the attestor's account and waits for the receipt.
   *
   * @param batch the rollup
   * @param attestor signs and sends as an account holding {@code ATTESTOR_ROLE}
   * @return the receipt of the successful transaction
   */
  public TxReceipt submit(RollupBatch batch, TransactionManager attestor) {
    return chain.transact(attestor, anchor, RollupCalldata.encodeRollup(batch), AnchorAbi.ERRORS);
  }

  /**
   * Builds the meta-transaction request for a batch with the attestor's next nonce.
   *
   * @param batch the rollup
   * @param attestor the signer
   * @param nonce the nonce to use, or null for the anchor's current one for the signer
   * @return the request to sign
   */
  public ForwardRequest metaTxRequest(RollupBatch batch, EvmAddress attestor, java.math.@Nullable BigInteger nonce) {
    java.math.BigInteger n = nonce != null ? nonce : reader.metaTxNonce(attestor, BlockRef.latest());
    return new ForwardRequest(attestor, n, RollupCalldata.encodeBatch(batch));
  }

  /**
   * Signs a batch with the attestor key and has {@code relayer} send {@code
   * metaTxRollupU256CondEq}, waiting for the receipt.
   *
   * @param batch the rollup
   * @param attestorKey the attestor's key (never sent; only its signature is)
   * @param relayer signs and sends the transaction (pays the gas)
   * @return the receipt of the successful transaction
   */
  public TxReceipt submitMetaTx(RollupBatch batch, Secp256k1PrivateKey attestorKey, TransactionManager relayer) {
    ForwardRequest request = metaTxRequest(batch, MetaTxSignatures.addressOf(attestorKey), null);
    byte[] signature = MetaTxSignatures.sign(attestorKey, chain.chainId(), anchor, request);
    return submitMetaTx(request, signature, relayer);
  }

  /**
   * Sends an already signed meta-transaction and waits for the receipt.
   *
   * @param request the request
   * @param signature the attestor's 65-byte signature
   * @param relayer signs and sends the transaction
   * @return the receipt of the successful transaction
   */
  public TxReceipt submitMetaTx(ForwardRequest request, byte[] signature, TransactionManager relayer) {
    return chain.transact(relayer, anchor, RollupCalldata.encodeMetaTx(request, signature), AnchorAbi.ERRORS);
  }

  /** Builds a {@link RollupSubmitter}. */
  public static final class Builder {
    private @Nullable ChainClient chain;
    private @Nullable EvmAddress anchor;

    private Builder() {}

    /**
     * Sets the chain connection (required).
     *
     * @param chain the client
     * @return this builder
     */
    public Builder chain(ChainClient chain) {
      this.chain = Objects.requireNonNull(chain, "chain");
      return this;
    }

    /**
     * Sets the anchor contract (required).
     *
     * @param anchor the address
     * @return this builder
     */
    public Builder anchor(EvmAddress anchor) {
      this.anchor = Objects.requireNonNull(anchor, "anchor");
      return this;
    }

    /**
     * Builds the submitter.
     *
     * @return the submitter
     */
    public RollupSubmitter build() {
      return new RollupSubmitter(this);
    }
  }
}
