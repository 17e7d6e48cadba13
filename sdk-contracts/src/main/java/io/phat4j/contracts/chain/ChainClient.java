package io.phat4j.contracts.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.contracts.chain.internal.Abi;
import io.phat4j.contracts.chain.internal.LogParser;
import io.phat4j.contracts.chain.internal.RevertDecoder;
import io.phat4j.contracts.chain.internal.Rpc;
import io.phat4j.contracts.chain.internal.RpcJson;
import io.phat4j.contracts.chain.internal.TransportService;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.PhalaException;
import io.phat4j.core.PhalaTransportException;
import io.phat4j.core.ResponseTooLargeException;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.internal.Redaction;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.TransactionManager;

/**
 * A connection to an EVM JSON-RPC node: typed reads ({@code eth_call}), log scans in bounded
 * chunks with a confirmation depth, and transactions sent through a caller-supplied web3j {@link
 * TransactionManager}.
 *
 * <p>Built from a URL, every call goes through the SDK's {@link HttpTransport}: a reply longer
 * than {@link Builder#maxResponseBytes} (32 MiB) fails with {@link ResponseTooLargeException}
 * before it is parsed, and the wire log masks the URL's path and query (where providers put keys).
 *
 * <p>Every failure is a {@link PhalaException}: {@link PhalaTransportException} when the node
 * cannot be reached or its reply is too large, {@link io.phat4j.core.PhalaServiceException} for an
 * HTTP error status, {@link ChainRpcException} when it answers with an error, {@link
 * ContractRevertedException} for a revert (decoded), {@link NoContractException} when a call that
 * must return data hits an address without code, and {@link DecodeException} for a malformed reply.
 *
 * <pre>{@code
 * try (ChainClient chain = ChainClient.builder().rpcUrl("https://rpc.phala.network").build()) {
 *   long head = chain.blockNumber();
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #close()} releases the HTTP client when the client created
 * it from a URL; a service passed in stays the caller's to close.
 */
public final class ChainClient implements AutoCloseable {
  /** The default cap on one JSON-RPC reply: the SDK transport's default, 32 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 32L << 20;

  private static final ScheduledExecutorService WEB3J_SCHEDULER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "phat4j-web3j");
            t.setDaemon(true);
            return t;
          });

  private final Rpc rpc;
  private final Web3j web3j;
  private final @Nullable TransportService ownedService;
  private final Duration pollInterval;
  private final Duration receiptTimeout;

  private ChainClient(Builder b) {
    if (b.rpcUrl != null) {
      // Replies go through the SDK's transport: size cap, deadline, redacted wire log.
      boolean owned = b.transport == null;
      HttpTransport transport = owned
          ? HttpTransport.builder().callTimeout(b.callTimeout).readTimeout(b.callTimeout)
              .maxResponseBodySize(b.maxResponseBytes).build()
          : b.transport;
      ownedService = new TransportService(transport, owned, URI.create(b.rpcUrl));
      rpc = new Rpc(ownedService);
    } else {
      ownedService = null;
      rpc = new Rpc(Objects.requireNonNull(b.service));
    }
    // web3j's own executor would add a shutdown hook per client; one daemon thread serves all.
    web3j = Web3j.build(rpc.service(), pollIntervalMillis(b.pollInterval), WEB3J_SCHEDULER);
    pollInterval = b.pollInterval;
    receiptTimeout = b.receiptTimeout;
  }

  private static long pollIntervalMillis(Duration d) {
    return Math.max(1, d.toMillis());
  }

  /**
   * Returns a builder; set either {@link Builder#rpcUrl(String)} or {@link
   * Builder#service(Web3jService)}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a web3j client over the same connection, for building a {@link TransactionManager}
   * or for calls this class does not cover. Do not shut it down; close this client instead.
   *
   * @return the web3j client
   */
  public Web3j web3j() {
    return web3j;
  }

  /**
   * Returns the node's chain id ({@code eth_chainId}).
   *
   * @return the chain id
   */
  public long chainId() {
    return RpcJson.quantity(rpc.send("eth_chainId", List.of()), "eth_chainId");
  }

  /**
   * Returns the number of the latest block ({@code eth_blockNumber}).
   *
   * @return the block number
   */
  public long blockNumber() {
    return RpcJson.quantity(rpc.send("eth_blockNumber", List.of()), "eth_blockNumber");
  }

  /**
   * Returns the code at an address.
   *
   * @param address the account
   * @param block the block whose state to read
   * @return the runtime bytecode; empty for an account without code
   */
  public byte[] code(EvmAddress address, BlockRef block) {
    return RpcJson.data(rpc.send("eth_getCode", List.of(address.toString(), block.rpcValue())), "eth_getCode");
  }

  /**
   * Returns one 32-byte storage slot of a contract.
   *
   * @param address the contract
   * @param slot the slot
   * @param block the block whose state to read
   * @return the slot's value
   */
  public Bytes32 storageAt(EvmAddress address, Bytes32 slot, BlockRef block) {
    JsonNode v = rpc.send("eth_getStorageAt", List.of(address.toString(), "0x" + slot.hex(), block.rpcValue()));
    byte[] raw = RpcJson.data(v, "eth_getStorageAt");
    if (raw.length > 32) {
      throw new DecodeException("eth_getStorageAt", "slot value is " + raw.length + " bytes");
    }
    byte[] padded = new byte[32];
    System.arraycopy(raw, 0, padded, 32 - raw.length, raw.length);
    return Bytes32.of(padded);
  }

  /**
   * Makes a raw {@code eth_call}.
   *
   * @param to the contract
   * @param data the calldata
   * @param block the block whose state to read
   * @param errors custom errors the contract may revert with, for decoding
   * @return the returned bytes (possibly empty)
   * @throws ContractRevertedException when the call reverts
   */
  public byte[] call(EvmAddress to, byte[] data, BlockRef block, List<CustomError> errors) {
    Map<String, Object> tx = new LinkedHashMap<>();
    tx.put("to", to.toString());
    tx.put("data", Hex.encode0x(data));
    return RpcJson.data(rpc.send("eth_call", List.of(tx, block.rpcValue()), to, errors), "eth_call");
  }

  /**
   * Calls a view function and decodes its return values.
   *
   * @param to the contract
   * @param function the function with its arguments and output types (web3j ABI description)
   * @param block the block whose state to read
   * @param errors custom errors the contract may revert with, for decoding
   * @return the decoded return values, one per output
   * @throws NoContractException when the reply is empty and {@code to} has no code
   * @throws ContractRevertedException when the call reverts
   * @throws DecodeException when the reply does not decode as the outputs
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public List<Type<?>> call(EvmAddress to, Function function, BlockRef block, List<CustomError> errors) {
    byte[] reply = call(to, Hex.decode("calldata", FunctionEncoder.encode(function)), block, errors);
    List outputs = function.getOutputParameters();
    if (reply.length == 0 && !outputs.isEmpty()) {
      if (code(to, block).length == 0) {
        throw new NoContractException(to, block);
      }
      throw new DecodeException(function.getName() + "() reply", "empty: the contract at " + to + " does not implement it");
    }
    return Abi.decode(function.getName() + "() reply", reply, outputs);
  }

  /**
   * Calls a view function with no known custom errors.
   *
   * @param to the contract
   * @param function the function
   * @param block the block whose state to read
   * @return the decoded return values
   */
  public List<Type<?>> call(EvmAddress to, Function function, BlockRef block) {
    return call(to, function, block, List.of());
  }

  /**
   * Starts a log scan. The range's end is resolved now (one {@code eth_blockNumber} when the
   * query has no {@code toBlock}); logs are fetched as the scan is iterated.
   *
   * @param query what to scan
   * @return the scan
   */
  public LogScan scanLogs(LogQuery query) {
    long head = blockNumber();
    long safeHead = head - query.confirmations();
    long end = query.toBlock() == null ? safeHead : Math.min(query.toBlock(), safeHead);
    return new LogScan(rpc, query, end);
  }

  /**
   * Scans logs and hands each to {@code consumer}, in chain order.
   *
   * @param query what to scan
   * @param consumer receives each log
   * @return the last block scanned (resume at this plus one); less than the query's {@code
   *     fromBlock} when the confirmation depth left nothing to scan
   */
  public long scanLogs(LogQuery query, Consumer<ChainLog> consumer) {
    LogScan scan = scanLogs(query);
    scan.forEachRemaining(consumer);
    return scan.toBlock();
  }

  /**
   * Looks up a transaction receipt.
   *
   * @param transactionHash the transaction
   * @return the receipt, or empty while the transaction is not mined (or unknown)
   */
  public Optional<TxReceipt> receipt(Bytes32 transactionHash) {
    JsonNode r = rpc.send("eth_getTransactionReceipt", List.of("0x" + transactionHash.hex()));
    return r.isNull() ? Optional.empty() : Optional.of(parseReceipt(r));
  }

  /**
   * Sends a transaction and waits for its receipt.
   *
   * <p>The call is first simulated ({@code eth_call} from the sender): a transaction that would
   * revert is not sent and the decoded revert is thrown. Gas is estimated with a 20% margin and
   * priced at the node's {@code eth_gasPrice}. Signing, the nonce and the sender are the
   * transaction manager's.
   *
   * @param transactions signs and sends (e.g. a web3j {@code RawTransactionManager} over {@link
   *     #web3j()})
   * @param to the contract to call
   * @param data the calldata
   * @param errors custom errors the contract may revert with, for decoding
   * @return the receipt of the successful transaction
   * @throws ContractRevertedException when the simulation or the mined transaction reverts
   * @throws TransactionPendingException when no receipt arrives within the receipt timeout
   */
  public TxReceipt transact(TransactionManager transactions, EvmAddress to, byte[] data, List<CustomError> errors) {
    String from = transactions.getFromAddress();
    Map<String, Object> tx = new LinkedHashMap<>();
    tx.put("from", from);
    tx.put("to", to.toString());
    tx.put("data", Hex.encode0x(data));
    rpc.send("eth_call", List.of(tx, "latest"), to, errors);
    BigInteger estimate = RpcJson.bigQuantity(rpc.send("eth_estimateGas", List.of(tx), to, errors), "eth_estimateGas");
    BigInteger gasLimit = estimate.multiply(BigInteger.valueOf(6)).divide(BigInteger.valueOf(5)).add(BigInteger.valueOf(10_000));
    BigInteger gasPrice = RpcJson.bigQuantity(rpc.send("eth_gasPrice", List.of()), "eth_gasPrice");
    EthSendTransaction sent;
    try {
      sent = transactions.sendTransaction(gasPrice, gasLimit, to.toString(), Hex.encode0x(data), BigInteger.ZERO);
    } catch (IOException e) {
      throw new PhalaTransportException("sending a transaction to " + to + " failed: " + e.getMessage(), 1, e);
    }
    if (sent.hasError()) {
      throw new ChainRpcException("eth_sendRawTransaction", sent.getError().getCode(), String.valueOf(sent.getError().getMessage()));
    }
    Bytes32 hash = RpcJson.bytes32(new com.fasterxml.jackson.databind.node.TextNode(String.valueOf(sent.getTransactionHash())), "transactionHash");
    TxReceipt receipt = awaitReceipt(hash);
    if (!receipt.success()) {
      throw revertOf(receipt, tx, to, errors);
    }
    return receipt;
  }

  /** Replays a failed transaction on the state before its block to recover the revert data. */
  private ContractRevertedException revertOf(TxReceipt receipt, Map<String, Object> tx, EvmAddress to, List<CustomError> errors) {
    String txHash = "0x" + receipt.transactionHash().hex();
    if (receipt.blockNumber() > 0) {
      try {
        rpc.send("eth_call", List.of(tx, BlockRef.number(receipt.blockNumber() - 1).rpcValue()), to, errors);
      } catch (ContractRevertedException replayed) {
        return RevertDecoder.exception(to, replayed.revertData(), errors, txHash);
      } catch (PhalaException replayFailed) {
        // Fall through: the revert stays undecoded.
      }
    }
    return RevertDecoder.exception(to, new byte[0], errors, txHash);
  }

  private TxReceipt awaitReceipt(Bytes32 hash) {
    long deadline = System.nanoTime() + receiptTimeout.toNanos();
    while (true) {
      Optional<TxReceipt> r = receipt(hash);
      if (r.isPresent()) {
        return r.get();
      }
      if (System.nanoTime() > deadline) {
        throw new TransactionPendingException("0x" + hash.hex(), "no receipt for transaction 0x" + hash.hex() + " within " + receiptTimeout);
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransactionPendingException("0x" + hash.hex(), "interrupted while waiting for transaction 0x" + hash.hex());
      }
    }
  }

  private static TxReceipt parseReceipt(JsonNode r) {
    if (!r.isObject()) {
      throw new DecodeException("receipt", "must be an object, got " + r.getNodeType());
    }
    JsonNode logsNode = RpcJson.field(r, "logs");
    if (!logsNode.isArray()) {
      throw new DecodeException("logs", "must be an array");
    }
    List<ChainLog> logs = new ArrayList<>();
    for (JsonNode l : logsNode) {
      logs.add(LogParser.parse(l));
    }
    long status = RpcJson.quantity(RpcJson.field(r, "status"), "status");
    return new TxReceipt(
        RpcJson.bytes32(RpcJson.field(r, "transactionHash"), "transactionHash"),
        RpcJson.quantity(RpcJson.field(r, "blockNumber"), "blockNumber"),
        RpcJson.bytes32(RpcJson.field(r, "blockHash"), "blockHash"),
        RpcJson.address(RpcJson.field(r, "from"), "from"),
        RpcJson.optionalAddress(r, "to"),
        RpcJson.optionalAddress(r, "contractAddress"),
        status == 1,
        RpcJson.quantity(RpcJson.field(r, "gasUsed"), "gasUsed"),
        logs);
  }

  /** Releases the HTTP client if this client created it. */
  @Override
  public void close() {
    if (ownedService != null) {
      ownedService.close();
    }
  }

  /** Builds a {@link ChainClient}. */
  public static final class Builder {
    private @Nullable String rpcUrl;
    private @Nullable Web3jService service;
    private @Nullable HttpTransport transport;
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private Duration callTimeout = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration receiptTimeout = Duration.ofMinutes(3);

    private Builder() {}

    /**
     * Connects over HTTP(S) to this JSON-RPC URL; the client owns the connection.
     *
     * @param url e.g. {@code https://rpc.phala.network}
     * @return this builder
     * @throws InvalidInputException when the URL is not http or https
     */
    public Builder rpcUrl(String url) {
      Objects.requireNonNull(url, "url");
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        // The URL is not echoed: provider URLs often carry an API key.
        throw new InvalidInputException("rpc URL must start with http:// or https://");
      }
      try {
        if (URI.create(url).getHost() == null) {
          throw new InvalidInputException("rpc URL has no host: " + Redaction.safeUrl(url));
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("rpc URL is not a valid URL: " + Redaction.safeUrl(url));
      }
      this.rpcUrl = url;
      this.service = null;
      return this;
    }

    /**
     * With {@link #rpcUrl(String)}: sends the calls through this transport (shared, with its own
     * wire logging, timeouts and response cap) instead of one the client builds. The caller keeps
     * ownership and closes it; {@link #callTimeout} and {@link #maxResponseBytes} then do not
     * apply.
     *
     * @param transport the transport
     * @return this builder
     */
    public Builder transport(HttpTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * With {@link #rpcUrl(String)}: the largest JSON-RPC reply read, in bytes (default 32 MiB). A
     * longer reply fails with {@link ResponseTooLargeException} before it is parsed.
     *
     * @param bytes a positive byte count
     * @return this builder
     */
    public Builder maxResponseBytes(long bytes) {
      if (bytes <= 0) {
        throw new InvalidInputException("maxResponseBytes must be positive: " + bytes);
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /**
     * Uses an existing web3j service (e.g. an {@link HttpService} with custom headers); the
     * caller keeps ownership and closes it. Its replies are read however that service reads them:
     * web3j's {@code HttpService} applies no size limit, so prefer {@link #rpcUrl(String)}.
     *
     * @param service the service
     * @return this builder
     */
    public Builder service(Web3jService service) {
      this.service = Objects.requireNonNull(service, "service");
      this.rpcUrl = null;
      return this;
    }

    /**
     * Sets the time limit of one HTTP request when connecting by URL (default 30 s).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /**
     * Sets how often to poll for a receipt (default 1 s).
     *
     * @param interval a positive duration
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "pollInterval");
      return this;
    }

    /**
     * Sets how long {@link ChainClient#transact} waits for a receipt (default 3 minutes).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder receiptTimeout(Duration timeout) {
      this.receiptTimeout = positive(timeout, "receiptTimeout");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new InvalidInputException(name + " must be positive: " + d);
      }
      return d;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws InvalidInputException when neither a URL nor a service was set
     */
    public ChainClient build() {
      if (rpcUrl == null && service == null) {
        throw new InvalidInputException("set rpcUrl(...) or service(...)");
      }
      return new ChainClient(this);
    }
  }
}
