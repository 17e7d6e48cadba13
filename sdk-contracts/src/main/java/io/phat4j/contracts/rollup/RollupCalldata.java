package io.phat4j.contracts.rollup;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.rollup.internal.CalldataBounds;
import io.phat4j.contracts.rollup.internal.ForwardRequestStruct;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * Encodes and decodes the calldata of {@code rollupU256CondEq} and {@code
 * metaTxRollupU256CondEq}, the two ways a rollup reaches an anchor.
 *
 * <p>ABI work is done by web3j; this class adds bounds checks first so that malformed input
 * fails with a {@link DecodeException} naming the field (e.g. {@code updateValues[2].length})
 * and its byte offset in the input, and never with an unchecked exception.
 */
public final class RollupCalldata {
  /** Name of the direct function. */
  public static final String ROLLUP = "rollupU256CondEq";
  /** Name of the meta-transaction function. */
  public static final String META_TX_ROLLUP = "metaTxRollupU256CondEq";

  private static final String[] ARGS = {"condKeys", "condValues", "updateKeys", "updateValues", "actions"};
  private static final byte[] ROLLUP_SELECTOR = selector(ROLLUP, rollupArgs(emptyBatch()));
  private static final byte[] META_TX_SELECTOR =
      selector(META_TX_ROLLUP, metaArgs(new ForwardRequest(EvmAddress.ZERO, java.math.BigInteger.ZERO, new byte[0]), new byte[0]));

  private RollupCalldata() {}

  /**
   * Returns the 4-byte selector of {@code rollupU256CondEq(bytes[],bytes[],bytes[],bytes[],bytes[])}.
   *
   * @return a copy of the selector
   */
  public static byte[] rollupSelector() {
    return ROLLUP_SELECTOR.clone();
  }

  /**
   * Returns the 4-byte selector of {@code metaTxRollupU256CondEq((address,uint256,bytes),bytes)}.
   *
   * @return a copy of the selector
   */
  public static byte[] metaTxSelector() {
    return META_TX_SELECTOR.clone();
  }

  /**
   * Tells whether calldata starts with one of the two rollup selectors.
   *
   * @param input transaction input
   * @return true for {@code rollupU256CondEq} or {@code metaTxRollupU256CondEq}
   */
  public static boolean isRollupCall(byte[] input) {
    return startsWith(input, ROLLUP_SELECTOR) || startsWith(input, META_TX_SELECTOR);
  }

  /**
   * Encodes a direct {@code rollupU256CondEq} call.
   *
   * @param batch the arguments
   * @return the calldata (selector and arguments)
   */
  public static byte[] encodeRollup(RollupBatch batch) {
    return Hex.decode("calldata", FunctionEncoder.encode(new Function(ROLLUP, rollupArgs(batch), List.of())));
  }

  /**
   * Encodes the arguments alone, {@code abi.encode(condKeys, condValues, updateKeys,
   * updateValues, actions)}: the {@code data} of a {@link ForwardRequest}.
   *
   * @param batch the arguments
   * @return the encoded arguments
   */
  public static byte[] encodeBatch(RollupBatch batch) {
    return Hex.decode("data", FunctionEncoder.encodeConstructor(rollupArgs(batch)));
  }

  /**
   * Encodes a {@code metaTxRollupU256CondEq(req, signature)} call.
   *
   * @param request the signed request
   * @param signature the 65-byte signature
   * @return the calldata
   */
  public static byte[] encodeMetaTx(ForwardRequest request, byte[] signature) {
    return Hex.decode(
        "calldata", FunctionEncoder.encode(new Function(META_TX_ROLLUP, metaArgs(request, signature), List.of())));
  }

  /**
   * Decodes the input of a transaction to an anchor.
   *
   * @param input the transaction input (selector and arguments)
   * @return the decoded call
   * @throws DecodeException if the selector is neither rollup function or the arguments are malformed
   */
  public static RollupCall decode(byte[] input) {
    if (input.length < 4) {
      throw new DecodeException("selector", 0, "the input is shorter than a 4-byte selector", null);
    }
    byte[] args = Arrays.copyOfRange(input, 4, input.length);
    if (startsWith(input, ROLLUP_SELECTOR)) {
      return new RollupCall.Direct(decodeBatch("", args, 4));
    }
    if (startsWith(input, META_TX_SELECTOR)) {
      return decodeMetaTx(args);
    }
    throw new DecodeException(
        "selector", 0, "0x" + Hex.encode(Arrays.copyOf(input, 4)) + " is not " + ROLLUP + " or " + META_TX_ROLLUP, null);
  }

  /**
   * Decodes {@code abi.encode(condKeys, condValues, updateKeys, updateValues, actions)}, the data
   * of a {@link ForwardRequest}.
   *
   * @param data the encoded arguments
   * @return the batch
   * @throws DecodeException if the data is malformed
   */
  public static RollupBatch decodeBatch(byte[] data) {
    return decodeBatch("", data, 0);
  }

  private static RollupCall.MetaTx decodeMetaTx(byte[] args) {
    CalldataBounds bounds = new CalldataBounds(args, 4);
    int reqAt = bounds.word("req", 0, args.length - 96L);
    int dataRel = bounds.word("req.data", reqAt + 64L, args.length - reqAt - 32L);
    bounds.checkBytes("req.data", (long) reqAt + dataRel);
    bounds.checkBytes("signature", bounds.word("signature", 32, args.length - 32L));
    List<Type> decoded;
    try {
      @SuppressWarnings({"unchecked", "rawtypes"})
      List<TypeReference<Type>> types =
          (List) List.of(new TypeReference<ForwardRequestStruct>() {}, new TypeReference<DynamicBytes>() {});
      decoded = FunctionReturnDecoder.decode(Hex.encode(args), types);
    } catch (RuntimeException e) {
      throw new DecodeException("req", 4, "malformed ForwardRequest: " + e.getClass().getSimpleName(), e);
    }
    if (decoded.size() != 2 || !(decoded.get(0) instanceof ForwardRequestStruct req)) {
      throw new DecodeException("req", 4, "malformed ForwardRequest", null);
    }
    byte[] data = ((DynamicBytes) req.data).getValue();
    ForwardRequest request = new ForwardRequest(EvmAddress.fromAbi(req.from), req.nonce.getValue(), data);
    byte[] signature = ((DynamicBytes) decoded.get(1)).getValue();
    RollupBatch batch = decodeBatch("req.data.", data, 4L + reqAt + dataRel + 32);
    return new RollupCall.MetaTx(request, signature, batch);
  }

  private static RollupBatch decodeBatch(String prefix, byte[] args, long base) {
    CalldataBounds bounds = new CalldataBounds(args, base);
    List<List<byte[]>> arrays = new ArrayList<>(ARGS.length);
    String hex = Hex.encode(args);
    for (int i = 0; i < ARGS.length; i++) {
      String field = prefix + ARGS[i];
      bounds.checkBytesArray(field, 32L * i);
      int at = bounds.word(field, 32L * i, args.length);
      arrays.add(decodeBytesArray(field, hex, at, base));
    }
    List<byte[]> condKeys = arrays.get(0);
    List<byte[]> condValues = arrays.get(1);
    List<byte[]> updateKeys = arrays.get(2);
    List<byte[]> updateValues = arrays.get(3);
    // The anchor reverts with BadCondLen / BadUpdateLen on these; a decoded call never has them.
    if (condKeys.size() != condValues.size()) {
      throw new DecodeException(prefix + "condValues", base + 32, "has " + condValues.size()
          + " values for " + condKeys.size() + " keys", null);
    }
    if (updateKeys.size() != updateValues.size()) {
      throw new DecodeException(prefix + "updateValues", base + 96, "has " + updateValues.size()
          + " values for " + updateKeys.size() + " keys", null);
    }
    List<RollupEntry> conditions = new ArrayList<>(condKeys.size());
    for (int i = 0; i < condKeys.size(); i++) {
      conditions.add(new RollupEntry(condKeys.get(i), condValues.get(i)));
    }
    List<RollupEntry> updates = new ArrayList<>(updateKeys.size());
    for (int i = 0; i < updateKeys.size(); i++) {
      updates.add(new RollupEntry(updateKeys.get(i), updateValues.get(i)));
    }
    List<RollupAction> actions = new ArrayList<>(arrays.get(4).size());
    for (int i = 0; i < arrays.get(4).size(); i++) {
      byte[] action = arrays.get(4).get(i);
      if (action.length == 0) {
        throw new DecodeException(prefix + "actions[" + i + "]", base + 128, "an action needs its type byte", null);
      }
      actions.add(RollupAction.parse(action));
    }
    return new RollupBatch(conditions, updates, actions);
  }

  private static List<byte[]> decodeBytesArray(String field, String hex, int at, long base) {
    DynamicArray<DynamicBytes> array;
    try {
      array = TypeDecoder.decodeDynamicArray(hex, at * 2, new TypeReference<DynamicArray<DynamicBytes>>() {});
    } catch (RuntimeException e) {
      throw new DecodeException(field, base + at, "malformed bytes[]: " + e.getClass().getSimpleName(), e);
    }
    List<byte[]> out = new ArrayList<>(array.getValue().size());
    for (DynamicBytes b : array.getValue()) {
      out.add(b.getValue());
    }
    return out;
  }

  private static List<Type> rollupArgs(RollupBatch batch) {
    List<byte[]> condKeys = new ArrayList<>();
    List<byte[]> condValues = new ArrayList<>();
    for (RollupEntry e : batch.conditions()) {
      condKeys.add(e.key());
      condValues.add(e.value());
    }
    List<byte[]> updateKeys = new ArrayList<>();
    List<byte[]> updateValues = new ArrayList<>();
    for (RollupEntry e : batch.updates()) {
      updateKeys.add(e.key());
      updateValues.add(e.value());
    }
    List<byte[]> actions = new ArrayList<>();
    for (RollupAction a : batch.actions()) {
      actions.add(a.encode());
    }
    return List.of(
        bytesArray(condKeys), bytesArray(condValues), bytesArray(updateKeys), bytesArray(updateValues), bytesArray(actions));
  }

  private static List<Type> metaArgs(ForwardRequest request, byte[] signature) {
    ForwardRequestStruct req =
        new ForwardRequestStruct(
            request.from().toAbi(), new Uint256(request.nonce()), new DynamicBytes(request.data()));
    return List.of(req, new DynamicBytes(signature));
  }

  private static DynamicArray<DynamicBytes> bytesArray(List<byte[]> items) {
    List<DynamicBytes> values = new ArrayList<>(items.size());
    for (byte[] item : items) {
      values.add(new DynamicBytes(item));
    }
    return new DynamicArray<>(DynamicBytes.class, values);
  }

  private static RollupBatch emptyBatch() {
    return new RollupBatch(List.of(), List.of(), List.of());
  }

  private static byte[] selector(String name, List<Type> args) {
    return Arrays.copyOf(Hex.decode("calldata", FunctionEncoder.encode(new Function(name, args, List.of()))), 4);
  }

  private static boolean startsWith(byte[] input, byte[] selector) {
    return input.length >= 4 && Arrays.equals(input, 0, 4, selector, 0, 4);
  }
}
