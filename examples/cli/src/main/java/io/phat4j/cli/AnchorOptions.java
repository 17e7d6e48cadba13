package io.phat4j.cli;

import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.rollup.CommitDiscovery;
import io.phat4j.contracts.rollup.RollupAnchorReader;
import io.phat4j.core.DecodeException;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.PhalaTransportException;
import io.phat4j.core.ResponseTooLargeException;
import io.phat4j.core.http.internal.Redaction;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options shared by the rollup anchor commands: node, anchor, block range. */
final class AnchorOptions {
  /** The largest JSON-RPC reply read: a log chunk this size is far beyond any real anchor's. */
  static final long MAX_REPLY_BYTES = 16L << 20;

  @Option(names = "--rpc", required = true, paramLabel = "URL", description = "The chain's JSON-RPC URL.")
  String rpc;

  @Option(names = "--anchor", required = true, paramLabel = "ADDRESS",
      description = "The contract with the PhatRollupAnchor ABI (0x and 40 hex digits).")
  String anchor;

  @Option(names = "--from-block", paramLabel = "N", defaultValue = "0", description = "First block (default 0).")
  long fromBlock;

  @Option(names = "--to-block", paramLabel = "N",
      description = "Last block (default: the latest block minus --confirmations).")
  @Nullable Long toBlock;

  @Option(names = "--confirmations", paramLabel = "N", defaultValue = "0",
      description = "Stay this many blocks below the head (default 0).")
  int confirmations;

  @Option(names = "--chunk-size", paramLabel = "BLOCKS", defaultValue = "2000",
      description = "Most blocks per eth_getLogs request (default 2000).")
  int chunkSize;

  /** Checks the options, connects, and runs {@code body} with a reader; maps failures to exit codes. */
  <T> T withReader(CommitDiscovery discovery, Function<RollupAnchorReader, T> body) {
    if (fromBlock < 0 || (toBlock != null && toBlock < fromBlock)) {
      throw CliException.usage("the block range is empty or negative");
    }
    if (confirmations < 0 || chunkSize < 1) {
      throw CliException.usage("--confirmations must be >= 0 and --chunk-size >= 1");
    }
    EvmAddress address;
    try {
      address = EvmAddress.fromHex("--anchor", anchor);
    } catch (DecodeException e) {
      throw CliException.usage(e.getMessage());
    }
    if (!rpc.toLowerCase(Locale.ROOT).startsWith("http://") && !rpc.toLowerCase(Locale.ROOT).startsWith("https://")) {
      throw CliException.usage("--rpc must be an http(s) URL");
    }
    ChainClient.Builder builder;
    try {
      builder = ChainClient.builder().rpcUrl(rpc).maxResponseBytes(MAX_REPLY_BYTES);
    } catch (InvalidInputException e) {
      throw CliException.usage("--rpc: " + e.getMessage());
    }
    try (ChainClient chain = builder.build()) {
      // A wrong address or chain would otherwise look like "nothing yet": say so instead.
      if (chain.code(address, BlockRef.latest()).length == 0) {
        throw CliException.rejected("no contract at " + address + " on chain " + chain.chainId());
      }
      RollupAnchorReader reader = RollupAnchorReader.builder()
          .chain(chain).anchor(address).confirmations(confirmations).chunkSize(chunkSize).discovery(discovery).build();
      return body.apply(reader);
    } catch (ResponseTooLargeException e) {
      throw CliException.rejected("the node at " + Redaction.safeUrl(rpc) + " sent a reply larger than "
          + e.limit() + " bytes");
    } catch (PhalaTransportException e) {
      throw new CliException(Main.USAGE, "cannot reach " + Redaction.safeUrl(rpc) + ": " + e.getMessage(), e);
    }
  }
}
