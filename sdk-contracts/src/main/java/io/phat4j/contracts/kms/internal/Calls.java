package io.phat4j.contracts.kms.internal;

import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.TxReceipt;
import io.phat4j.contracts.kms.AuthDecision;
import io.phat4j.core.Hex;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.tx.TransactionManager;

/** Typed single-value calls and writes against one contract. */
public final class Calls {
  private Calls() {}

  public static boolean bool(ChainClient chain, EvmAddress to, Function fn, BlockRef at) {
    return ((Bool) one(chain, to, fn, at)).getValue();
  }

  public static EvmAddress address(ChainClient chain, EvmAddress to, Function fn, BlockRef at) {
    return EvmAddress.fromAbi((Address) one(chain, to, fn, at));
  }

  public static String string(ChainClient chain, EvmAddress to, Function fn, BlockRef at) {
    return ((Utf8String) one(chain, to, fn, at)).getValue();
  }

  public static AuthDecision decision(ChainClient chain, EvmAddress to, Function fn, BlockRef at) {
    List<Type<?>> v = chain.call(to, fn, at, DstackAbi.ERRORS);
    return new AuthDecision(((Bool) v.get(0)).getValue(), ((Utf8String) v.get(1)).getValue());
  }

  public static List<Type<?>> all(ChainClient chain, EvmAddress to, Function fn, BlockRef at) {
    return chain.call(to, fn, at, DstackAbi.ERRORS);
  }

  public static TxReceipt send(ChainClient chain, TransactionManager tm, EvmAddress to, Function fn) {
    return chain.transact(tm, to, Hex.decode("calldata", FunctionEncoder.encode(fn)), DstackAbi.ERRORS);
  }

  private static Type<?> one(ChainClient chain, EvmAddress to, Function fn, BlockRef at) {
    return chain.call(to, fn, at, DstackAbi.ERRORS).get(0);
  }
}
