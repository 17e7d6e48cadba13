package io.phat4j.contracts.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.contracts.chain.internal.LogParser;
import io.phat4j.contracts.chain.internal.Rpc;
import io.phat4j.core.DecodeException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.web3j.utils.Numeric;

/**
 * A scan over a fixed block range in bounded {@code eth_getLogs} chunks, in chain order (block,
 * then log index).
 *
 * <p>The range is fixed when the scan is created ({@link #fromBlock()}..{@link #toBlock()}); a
 * caller following the chain starts the next scan at {@code toBlock() + 1}. Logs are fetched one
 * chunk at a time as the iterator advances, so memory holds at most one chunk's logs. When the node
 * refuses a chunk (too many results or too wide a range) the chunk is halved and retried, down to
 * one block. Not thread-safe: iterate from one thread.
 */
public final class LogScan implements Iterator<ChainLog> {
  private final Rpc rpc;
  private final LogQuery query;
  private final long toBlock;
  private final ArrayDeque<ChainLog> buffer = new ArrayDeque<>();
  private long next;
  private int chunk;
  private long requests;

  LogScan(Rpc rpc, LogQuery query, long toBlock) {
    this.rpc = rpc;
    this.query = query;
    this.toBlock = toBlock;
    this.next = query.fromBlock();
    this.chunk = query.chunkSize();
  }

  /**
   * Returns the first block of the range.
   *
   * @return the block number
   */
  public long fromBlock() {
    return query.fromBlock();
  }

  /**
   * Returns the last block of the range (inclusive), resolved when the scan was created.
   *
   * @return the block number; less than {@link #fromBlock()} when the range is empty
   */
  public long toBlock() {
    return toBlock;
  }

  /**
   * Returns how many {@code eth_getLogs} requests the scan has made so far.
   *
   * @return the count, including refused ones
   */
  public long requests() {
    return requests;
  }

  @Override
  public boolean hasNext() {
    while (buffer.isEmpty() && next <= toBlock) {
      fetchChunk();
    }
    return !buffer.isEmpty();
  }

  @Override
  public ChainLog next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return buffer.poll();
  }

  /**
   * Returns the remaining logs as a sequential, lazily fetched stream.
   *
   * @return the stream
   */
  public Stream<ChainLog> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  private void fetchChunk() {
    long end = Math.min(toBlock, next + chunk - 1);
    JsonNode result;
    try {
      requests++;
      result = rpc.send("eth_getLogs", List.of(filter(next, end)));
    } catch (ChainRpcException refused) {
      if (chunk == 1) {
        throw refused;
      }
      chunk = Math.max(1, chunk / 2);
      return;
    }
    if (!result.isArray()) {
      throw new DecodeException("eth_getLogs reply", "must be an array, got " + result.getNodeType());
    }
    List<ChainLog> logs = new ArrayList<>(result.size());
    for (JsonNode node : result) {
      ChainLog log = LogParser.parse(node);
      // A node must not hand back logs outside what was asked; fail closed rather than trust them.
      if (log.blockNumber() < next || log.blockNumber() > end) {
        throw new DecodeException("eth_getLogs reply", "log in block " + log.blockNumber() + " outside the requested " + next + ".." + end);
      }
      if (!query.addresses().isEmpty() && !query.addresses().contains(log.address())) {
        throw new DecodeException("eth_getLogs reply", "log from " + log.address() + ", which was not asked for");
      }
      logs.add(log);
    }
    logs.sort(Comparator.comparingLong(ChainLog::blockNumber).thenComparingInt(ChainLog::logIndex));
    buffer.addAll(logs);
    next = end + 1;
  }

  private Map<String, Object> filter(long from, long to) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("fromBlock", Numeric.encodeQuantity(BigInteger.valueOf(from)));
    f.put("toBlock", Numeric.encodeQuantity(BigInteger.valueOf(to)));
    if (!query.addresses().isEmpty()) {
      f.put("address", query.addresses().stream().map(EvmAddress::toString).toList());
    }
    if (!query.topics().isEmpty()) {
      List<Object> topics = new ArrayList<>();
      for (List<io.phat4j.core.Bytes32> position : query.topics()) {
        topics.add(position.isEmpty() ? null : position.stream().map(t -> "0x" + t.hex()).toList());
      }
      f.put("topics", topics);
    }
    return f;
  }
}
