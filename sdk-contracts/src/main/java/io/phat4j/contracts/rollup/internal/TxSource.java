package io.phat4j.contracts.rollup.internal;

import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.ChainRpcException;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.PhalaTransportException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * Transaction and block lookups the chain client does not offer ({@code eth_getTransactionByHash},
 * {@code eth_getBlockByNumber}), with its error mapping: transport failures become {@link
 * PhalaTransportException}, node errors {@link ChainRpcException}, malformed replies {@link
 * DecodeException}.
 */
public final class TxSource {
  private final ChainClient chain;

  /**
   * Wraps a chain client.
   *
   * @param chain the connection
   */
  public TxSource(ChainClient chain) {
    this.chain = chain;
  }

  /** A transaction's fields the reader needs. */
  public record Tx(
      Bytes32 hash, long blockNumber, Bytes32 blockHash, int index, String from, @Nullable String to, byte[] input) {}

  /** A block's hash, its parent and the transactions (only when asked for). */
  public record Block(long number, Bytes32 hash, Bytes32 parentHash, List<Tx> transactions) {}

  /**
   * Fetches a mined transaction.
   *
   * @param hash the transaction hash
   * @return the transaction
   * @throws DecodeException if the node does not know it or it is not mined
   */
  public Tx transaction(Bytes32 hash) {
    var reply = send("eth_getTransactionByHash", () -> chain.web3j().ethGetTransactionByHash("0x" + hash.hex()).send());
    Transaction t = reply.getTransaction().orElseThrow(
        () -> new DecodeException("eth_getTransactionByHash", "the node does not know transaction 0x" + hash.hex()));
    return tx(t);
  }

  /**
   * Fetches a block.
   *
   * @param number the block number
   * @param withTransactions whether to include full transactions
   * @return the block
   * @throws DecodeException if the block does not exist
   */
  public Block block(long number, boolean withTransactions) {
    Block b = blockIfExists(number, withTransactions);
    if (b == null) {
      throw new DecodeException("eth_getBlockByNumber", "no block " + number);
    }
    return b;
  }

  /**
   * Fetches a block that may not exist (e.g. above the head after a reorg shortened the chain).
   *
   * @param number the block number
   * @param withTransactions whether to include full transactions
   * @return the block, or null when the node has no such block
   */
  public @Nullable Block blockIfExists(long number, boolean withTransactions) {
    EthBlock reply = send("eth_getBlockByNumber", () -> chain.web3j()
        .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), withTransactions).send());
    EthBlock.Block b = reply.getBlock();
    if (b == null) {
      return null;
    }
    List<Tx> txs = new ArrayList<>();
    if (withTransactions) {
      for (EthBlock.TransactionResult<?> r : b.getTransactions()) {
        if (r.get() instanceof Transaction t) {
          txs.add(tx(t));
        }
      }
    }
    return new Block(
        number, bytes32("blockHash", b.getHash()), bytes32("parentHash", b.getParentHash()), txs);
  }

  private static Tx tx(Transaction t) {
    if (t.getBlockHash() == null || t.getBlockNumberRaw() == null) {
      throw new DecodeException("transaction", t.getHash() + " is not mined yet");
    }
    byte[] input = io.phat4j.core.Hex.decode("input", t.getInput() == null ? "0x" : t.getInput());
    return new Tx(
        bytes32("hash", t.getHash()),
        t.getBlockNumber().longValueExact(),
        bytes32("blockHash", t.getBlockHash()),
        t.getTransactionIndex().intValueExact(),
        t.getFrom(),
        t.getTo(),
        input);
  }

  private static Bytes32 bytes32(String field, @Nullable String hex) {
    if (hex == null) {
      throw new DecodeException(field, "is missing");
    }
    return Bytes32.fromHex(field, hex);
  }

  private interface Call<T> {
    T send() throws IOException;
  }

  private static <T extends Response<?>> T send(String method, Call<T> call) {
    T reply;
    try {
      reply = call.send();
    } catch (IOException | org.web3j.protocol.exceptions.ClientConnectionException e) {
      // web3j reports an HTTP error status (e.g. 503 from a restarting node) as ClientConnectionException.
      throw new PhalaTransportException(method + " failed: " + e.getMessage(), 1, e);
    } catch (RuntimeException e) {
      throw new DecodeException(method, "malformed reply: " + e.getClass().getSimpleName());
    }
    if (reply.hasError()) {
      throw new ChainRpcException(method, reply.getError().getCode(), String.valueOf(reply.getError().getMessage()));
    }
    return reply;
  }
}
