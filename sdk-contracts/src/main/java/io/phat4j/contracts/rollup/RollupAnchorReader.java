package io.phat4j.contracts.rollup;

import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.ChainLog;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.LogQuery;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.contracts.rollup.internal.AnchorAbi;
import io.phat4j.contracts.rollup.internal.TxSource;
import io.phat4j.core.Bytes32;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * Reads requests and results from any contract with the {@code PhatRollupAnchor} ABI.
 *
 * <ul>
 *   <li>requests: {@code MessageQueued(uint256 idx, bytes data)} logs;
 *   <li>results: the decoded input of each successful transaction to the anchor that called
 *       {@code rollupU256CondEq} (attestor = {@code tx.from}) or {@code metaTxRollupU256CondEq}
 *       (attestor = {@code req.from}, checked by EIP-712 signature recovery), found as {@link
 *       CommitDiscovery} says;
 *   <li>the example consumer's {@code ResultReceived} events, the queue head and tail, raw storage
 *       and {@code ATTESTOR_ROLE} membership at any block.
 * </ul>
 *
 * <p>Ranges are read in bounded {@code eth_getLogs} chunks (or block by block) and stop {@code
 * confirmations} blocks below the head, so a shallow reorg cannot change what was read. The
 * {@code scan*} methods stream to a consumer and hold at most one chunk (or block) in memory.
 *
 * <pre>{@code
 * RollupAnchorReader reader = RollupAnchorReader.builder().chain(chain).anchor(anchor).confirmations(2).build();
 * reader.scanCommits(0, null, commit -> commit.results().forEach(System.out::println));
 * }</pre>
 *
 * <p>Immutable and thread-safe; the chain client stays the caller's to close.
 */
public final class RollupAnchorReader {
  private final ChainClient chain;
  private final EvmAddress anchor;
  private final int confirmations;
  private final int chunkSize;
  private final CommitDiscovery discovery;
  private final TxSource txs;

  private RollupAnchorReader(Builder b) {
    this.chain = Objects.requireNonNull(b.chain, "chain is required");
    this.anchor = Objects.requireNonNull(b.anchor, "anchor is required");
    this.confirmations = b.confirmations;
    this.chunkSize = b.chunkSize;
    this.discovery = b.discovery;
    this.txs = new TxSource(chain);
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
   * Returns the anchor read.
   *
   * @return the contract address
   */
  public EvmAddress anchor() {
    return anchor;
  }

  /**
   * Returns the chain connection.
   *
   * @return the client
   */
  public ChainClient chain() {
    return chain;
  }

  /**
   * Returns the confirmation depth.
   *
   * @return blocks kept below the head
   */
  public int confirmations() {
    return confirmations;
  }

  /**
   * Streams queued requests in chain order.
   *
   * @param fromBlock the first block
   * @param toBlock the last block, or null for the head minus the confirmations
   * @param consumer receives each request
   * @return the last block read (resume at this plus one)
   */
  public long scanRequests(long fromBlock, @Nullable Long toBlock, Consumer<QueuedRequest> consumer) {
    LogQuery query = query(fromBlock, toBlock).events(AnchorAbi.MESSAGE_QUEUED).build();
    return chain.scanLogs(query, log -> consumer.accept(request(log)));
  }

  /**
   * Reads queued requests into a list (for small ranges; prefer {@link #scanRequests}).
   *
   * @param fromBlock the first block
   * @param toBlock the last block, or null for the head minus the confirmations
   * @return the requests in chain order
   */
  public List<QueuedRequest> requests(long fromBlock, @Nullable Long toBlock) {
    List<QueuedRequest> out = new ArrayList<>();
    scanRequests(fromBlock, toBlock, out::add);
    return out;
  }

  /**
   * Streams the transactions that committed rollups, in chain order.
   *
   * @param fromBlock the first block
   * @param toBlock the last block, or null for the head minus the confirmations
   * @param consumer receives each commit
   * @return the last block read (resume at this plus one)
   * @throws DecodeException if a rollup transaction's input does not decode
   */
  public long scanCommits(long fromBlock, @Nullable Long toBlock, Consumer<RollupCommit> consumer) {
    return discovery == CommitDiscovery.LOGS
        ? scanCommitsByLogs(fromBlock, toBlock, consumer)
        : scanCommitsByBlocks(fromBlock, toBlock, consumer);
  }

  /**
   * Reads commits into a list (for small ranges; prefer {@link #scanCommits}).
   *
   * @param fromBlock the first block
   * @param toBlock the last block, or null for the head minus the confirmations
   * @return the commits in chain order
   */
  public List<RollupCommit> commits(long fromBlock, @Nullable Long toBlock) {
    List<RollupCommit> out = new ArrayList<>();
    scanCommits(fromBlock, toBlock, out::add);
    return out;
  }

  /**
   * Decodes one transaction, if it is a successful rollup to this anchor.
   *
   * @param transactionHash the transaction
   * @return the commit, or empty when the transaction is unknown, failed, or is no rollup to this anchor
   */
  public Optional<RollupCommit> commit(Bytes32 transactionHash) {
    Optional<TxReceipt> receipt = chain.receipt(transactionHash);
    if (receipt.isEmpty() || !receipt.get().success()) {
      return Optional.empty();
    }
    return Optional.ofNullable(commitOf(txs.transaction(transactionHash)));
  }

  /**
   * Streams the example consumer's {@code ResultReceived} events.
   *
   * @param fromBlock the first block
   * @param toBlock the last block, or null for the head minus the confirmations
   * @param consumer receives each event
   * @return the last block read
   */
  public long scanResultReceived(long fromBlock, @Nullable Long toBlock, Consumer<ResultReceived> consumer) {
    LogQuery query = query(fromBlock, toBlock).events(AnchorAbi.RESULT_RECEIVED).build();
    return chain.scanLogs(query, log -> consumer.accept(resultReceived(log)));
  }

  /**
   * Reads the queue head and tail.
   *
   * @param block the block whose state to read
   * @return the queue state
   */
  public QueueState queue(BlockRef block) {
    long number = block instanceof BlockRef.Number n ? n.number() : chain.blockNumber();
    BlockRef at = BlockRef.number(number);
    return new QueueState(
        RollupQueueKeys.readUint32(storage(RollupQueueKeys.head(), at)),
        RollupQueueKeys.readUint32(storage(RollupQueueKeys.tail(), at)),
        number);
  }

  /**
   * Reads a raw value from the anchor's store ({@code getStorage(bytes)}).
   *
   * @param key the raw key
   * @param block the block whose state to read
   * @return the value, empty when unset
   */
  public byte[] storage(byte[] key, BlockRef block) {
    List<Type<?>> out = chain.call(anchor, AnchorAbi.getStorage(key), block, AnchorAbi.ERRORS);
    return ((DynamicBytes) out.get(0)).getValue();
  }

  /**
   * Tells whether an account held {@code ATTESTOR_ROLE} at a block.
   *
   * @param account the account
   * @param block the block whose state to read (after all its transactions)
   * @return true if it held the role
   */
  public boolean isAttestor(EvmAddress account, BlockRef block) {
    List<Type<?>> out = chain.call(anchor, AnchorAbi.hasAttestorRole(account.toAbi()), block, AnchorAbi.ERRORS);
    return ((Bool) out.get(0)).getValue();
  }

  /**
   * Returns the next meta-transaction nonce of a signer.
   *
   * @param signer the attestor
   * @param block the block whose state to read
   * @return the nonce its next request must carry
   */
  public BigInteger metaTxNonce(EvmAddress signer, BlockRef block) {
    List<Type<?>> out = chain.call(anchor, AnchorAbi.metaTxGetNonce(signer.toAbi()), block, AnchorAbi.ERRORS);
    return ((Uint256) out.get(0)).getValue();
  }

  /**
   * Starts polling for new requests and commits from {@code fromBlock} on.
   *
   * @param fromBlock the first block to read
   * @param pollInterval how often to look for new blocks
   * @param listener receives what is read
   * @return the running subscription; close it to stop
   */
  public RollupSubscription subscribe(long fromBlock, Duration pollInterval, RollupListener listener) {
    return RollupSubscription.start(this, fromBlock, pollInterval, listener);
  }

  /** One pass over [from, to] delivering requests and commits; returns the last block read. */
  long scanAll(long fromBlock, long toBlock, Consumer<QueuedRequest> requests, Consumer<RollupCommit> commits) {
    if (discovery == CommitDiscovery.BLOCKS) {
      scanRequests(fromBlock, toBlock, requests);
      return scanCommitsByBlocks(fromBlock, toBlock, commits);
    }
    LogQuery query = query(fromBlock, toBlock).build();
    TxGrouper grouper = new TxGrouper(commits);
    long last = chain.scanLogs(query, log -> {
      grouper.accept(log);
      if (log.is(AnchorAbi.MESSAGE_QUEUED)) {
        requests.accept(request(log));
      }
    });
    grouper.flush();
    return last;
  }

  private long scanCommitsByLogs(long fromBlock, @Nullable Long toBlock, Consumer<RollupCommit> consumer) {
    TxGrouper grouper = new TxGrouper(consumer);
    long last = chain.scanLogs(query(fromBlock, toBlock).build(), grouper);
    grouper.flush();
    return last;
  }

  private long scanCommitsByBlocks(long fromBlock, @Nullable Long toBlock, Consumer<RollupCommit> consumer) {
    long safeHead = chain.blockNumber() - confirmations;
    long end = toBlock == null ? safeHead : Math.min(toBlock, safeHead);
    for (long n = fromBlock; n <= end; n++) {
      for (TxSource.Tx tx : txs.block(n, true).transactions()) {
        if (!isRollupTo(tx)) {
          continue;
        }
        Optional<TxReceipt> receipt = chain.receipt(tx.hash());
        if (receipt.isPresent() && receipt.get().success()) {
          RollupCommit commit = commitOf(tx);
          if (commit != null) {
            consumer.accept(commit);
          }
        }
      }
    }
    return end;
  }

  /** Logs of one transaction are contiguous; each distinct transaction is fetched once. */
  private final class TxGrouper implements Consumer<ChainLog> {
    private final Consumer<RollupCommit> consumer;
    private @Nullable Bytes32 current;

    TxGrouper(Consumer<RollupCommit> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void accept(ChainLog log) {
      if (log.removed() || log.transactionHash().equals(current)) {
        return;
      }
      current = log.transactionHash();
      RollupCommit commit = commitOf(txs.transaction(log.transactionHash()));
      if (commit != null) {
        consumer.accept(commit);
      }
    }

    void flush() {
      current = null;
    }
  }

  private boolean isRollupTo(TxSource.Tx tx) {
    return tx.to() != null
        && EvmAddress.fromHex("to", tx.to()).equals(anchor)
        && RollupCalldata.isRollupCall(tx.input());
  }

  private @Nullable RollupCommit commitOf(TxSource.Tx tx) {
    if (!isRollupTo(tx)) {
      return null;
    }
    RollupCall call;
    try {
      call = RollupCalldata.decode(tx.input());
    } catch (DecodeException e) {
      throw new DecodeException(
          "transaction 0x" + tx.hash().hex() + " " + e.field(), e.offset(), "does not decode: " + e.getMessage(), e);
    }
    EvmAddress submitter = EvmAddress.fromHex("from", tx.from());
    EvmAddress attestor = submitter;
    boolean verified = true;
    if (call instanceof RollupCall.MetaTx meta) {
      attestor = meta.request().from();
      verified = signedBy(meta);
    }
    return new RollupCommit(
        tx.blockNumber(), tx.blockHash(), tx.hash(), tx.index(), submitter, attestor, verified, call);
  }

  private boolean signedBy(RollupCall.MetaTx meta) {
    try {
      EvmAddress signer = MetaTxSignatures.recover(chain.chainId(), anchor, meta.request(), meta.signature());
      return signer.equals(meta.request().from());
    } catch (CryptoException e) {
      return false;
    }
  }

  private LogQuery.Builder query(long fromBlock, @Nullable Long toBlock) {
    return LogQuery.of(anchor).fromBlock(fromBlock).toBlock(toBlock).confirmations(confirmations).chunkSize(chunkSize);
  }

  private static QueuedRequest request(ChainLog log) {
    List<Type<?>> v = log.decode(AnchorAbi.MESSAGE_QUEUED);
    BigInteger index = ((Uint256) v.get(0)).getValue();
    if (index.bitLength() > 32) {
      throw new DecodeException("MessageQueued.idx", "does not fit a uint32: " + index);
    }
    return new QueuedRequest(
        index.longValueExact(), ((DynamicBytes) v.get(1)).getValue(), log.blockNumber(), log.blockHash(),
        log.transactionHash(), log.logIndex());
  }

  private static ResultReceived resultReceived(ChainLog log) {
    List<Type<?>> v = log.decode(AnchorAbi.RESULT_RECEIVED);
    return new ResultReceived(
        ((Uint256) v.get(0)).getValue(),
        Bytes32.of(((org.web3j.abi.datatypes.generated.Bytes32) v.get(1)).getValue()),
        log.blockNumber(), log.transactionHash(), log.logIndex());
  }

  /** Builds a {@link RollupAnchorReader}. */
  public static final class Builder {
    private @Nullable ChainClient chain;
    private @Nullable EvmAddress anchor;
    private int confirmations;
    private int chunkSize = LogQuery.DEFAULT_CHUNK_SIZE;
    private CommitDiscovery discovery = CommitDiscovery.LOGS;

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
     * Sets how many blocks below the head to stay (default 0).
     *
     * @param blocks the confirmation depth
     * @return this builder
     */
    public Builder confirmations(int blocks) {
      if (blocks < 0) {
        throw new IllegalArgumentException("confirmations must not be negative: " + blocks);
      }
      this.confirmations = blocks;
      return this;
    }

    /**
     * Sets the most blocks per {@code eth_getLogs} request (default {@value LogQuery#DEFAULT_CHUNK_SIZE}).
     *
     * @param blocks the chunk size
     * @return this builder
     */
    public Builder chunkSize(int blocks) {
      if (blocks < 1) {
        throw new IllegalArgumentException("chunkSize must be at least 1: " + blocks);
      }
      this.chunkSize = blocks;
      return this;
    }

    /**
     * Sets how commits are found (default {@link CommitDiscovery#LOGS}).
     *
     * @param discovery the mode
     * @return this builder
     */
    public Builder discovery(CommitDiscovery discovery) {
      this.discovery = Objects.requireNonNull(discovery, "discovery");
      return this;
    }

    /**
     * Builds the reader.
     *
     * @return the reader
     */
    public RollupAnchorReader build() {
      return new RollupAnchorReader(this);
    }
  }
}
