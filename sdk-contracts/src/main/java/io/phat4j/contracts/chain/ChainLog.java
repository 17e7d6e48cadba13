package io.phat4j.contracts.chain;

import io.phat4j.contracts.chain.internal.Abi;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;

/**
 * One event log, as {@code eth_getLogs} or a receipt reports it.
 *
 * @param address the contract that emitted it
 * @param topics the topics; topic 0 is the event's signature hash for non-anonymous events
 * @param data the non-indexed arguments, ABI-encoded (copied in and out)
 * @param blockNumber the block it is in
 * @param blockHash that block's hash
 * @param transactionHash the transaction that emitted it
 * @param transactionIndex the transaction's position in the block
 * @param logIndex the log's position in the block
 * @param removed {@code true} when a reorg removed it (only in subscriptions/filters)
 */
public record ChainLog(
    EvmAddress address,
    List<Bytes32> topics,
    byte[] data,
    long blockNumber,
    Bytes32 blockHash,
    Bytes32 transactionHash,
    int transactionIndex,
    int logIndex,
    boolean removed) {

  /**
   * Checks and copies the fields.
   *
   * @param address the emitting contract
   * @param topics the topics
   * @param data the ABI-encoded non-indexed arguments
   * @param blockNumber the block number
   * @param blockHash the block hash
   * @param transactionHash the transaction hash
   * @param transactionIndex the transaction's index in the block
   * @param logIndex the log's index in the block
   * @param removed whether a reorg removed it
   */
  public ChainLog {
    Objects.requireNonNull(address, "address");
    topics = List.copyOf(topics);
    data = data.clone();
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(transactionHash, "transactionHash");
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /**
   * Returns topic 0, the event's signature hash.
   *
   * @return the topic
   * @throws DecodeException for an anonymous log without topics
   */
  public Bytes32 topic0() {
    if (topics.isEmpty()) {
      throw new DecodeException("topics", "log has no topics");
    }
    return topics.get(0);
  }

  /**
   * Tells whether this log is the given event (its topic 0 is the event's signature hash).
   *
   * @param event a web3j event description
   * @return {@code true} if topic 0 matches
   */
  public boolean is(Event event) {
    return !topics.isEmpty() && topics.get(0).hex().equals(EventEncoder.encode(event).substring(2));
  }

  /**
   * Decodes the log's arguments as {@code event}, in declaration order (indexed and non-indexed
   * merged back together). Indexed dynamic values (strings, bytes, arrays) come back as their
   * 32-byte hash, as that is all a log holds.
   *
   * @param event a web3j event description
   * @return the arguments
   * @throws DecodeException when the log is not that event or its data is malformed
   */
  public List<Type<?>> decode(Event event) {
    if (!is(event)) {
      throw new DecodeException("topics", "log is not the event " + event.getName());
    }
    List<TypeReference<Type>> params = event.getParameters();
    List<TypeReference<?>> nonIndexed = new ArrayList<>(event.getNonIndexedParameters());
    long indexedCount = params.stream().filter(TypeReference::isIndexed).count();
    if (topics.size() != indexedCount + 1) {
      throw new DecodeException(
          "topics", "event " + event.getName() + " has " + indexedCount + " indexed argument(s) but the log has " + (topics.size() - 1));
    }
    List<Type<?>> values = Abi.decode(event.getName() + " data", data, nonIndexed);
    List<Type<?>> out = new ArrayList<>(params.size());
    int topic = 1;
    int value = 0;
    for (TypeReference<Type> p : params) {
      if (p.isIndexed()) {
        out.add(Abi.decodeTopic(event.getName() + " topic " + topic, topics.get(topic).toByteArray(), p));
        topic++;
      } else {
        out.add(values.get(value++));
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChainLog l
        && address.equals(l.address)
        && topics.equals(l.topics)
        && Arrays.equals(data, l.data)
        && blockNumber == l.blockNumber
        && blockHash.equals(l.blockHash)
        && transactionHash.equals(l.transactionHash)
        && transactionIndex == l.transactionIndex
        && logIndex == l.logIndex
        && removed == l.removed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, topics, Arrays.hashCode(data), blockNumber, blockHash, transactionHash, logIndex);
  }

  @Override
  public String toString() {
    return "ChainLog[" + address + " block " + blockNumber + " log " + logIndex + " tx " + transactionHash
        + " topics " + topics + " data 0x" + Hex.encode(data) + (removed ? " removed" : "") + "]";
  }
}
