package io.phat4j.contracts.rollup.internal;

import io.phat4j.contracts.chain.CustomError;
import java.util.List;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;

/** The parts of the PhatRollupAnchor ABI (and the example consumer's) that the SDK uses. */
public final class AnchorAbi {
  private AnchorAbi() {}

  /** {@code keccak256("ATTESTOR_ROLE")}. */
  public static final byte[] ATTESTOR_ROLE = Hash.sha3("ATTESTOR_ROLE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

  /** {@code MessageQueued(uint256 idx, bytes data)}. */
  public static final Event MESSAGE_QUEUED =
      new Event("MessageQueued", List.of(new TypeReference<Uint256>() {}, new TypeReference<DynamicBytes>() {}));

  /** {@code MessageProcessedTo(uint256)}. */
  public static final Event MESSAGE_PROCESSED_TO =
      new Event("MessageProcessedTo", List.of(new TypeReference<Uint256>() {}));

  /** {@code MetaTxDecoded()}. */
  public static final Event META_TX_DECODED = new Event("MetaTxDecoded", List.of());

  /** The example consumer's {@code ResultReceived(uint256 indexed requestId, bytes32 resultHash)}. */
  public static final Event RESULT_RECEIVED =
      new Event("ResultReceived", List.of(new TypeReference<Uint256>(true) {}, new TypeReference<Bytes32>() {}));

  /** Every error the anchor (and OpenZeppelin's AccessControl under it) may revert with. */
  public static final List<CustomError> ERRORS =
      List.of(
          new CustomError("BadAttestor", List.of()),
          new CustomError("BadCondLen", List.of(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})),
          new CustomError("BadUpdateLen", List.of(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})),
          new CustomError(
              "CondNotMet",
              List.of(new TypeReference<DynamicBytes>() {}, new TypeReference<Uint32>() {}, new TypeReference<Uint32>() {})),
          new CustomError("CannotDecodeAction", List.of(new TypeReference<Uint8>() {})),
          new CustomError("UnsupportedAction", List.of(new TypeReference<Uint8>() {})),
          new CustomError("Internal_toUint32Strict_outOfBounds", List.of(new TypeReference<DynamicBytes>() {})),
          new CustomError("InvalidPopTarget", List.of(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})),
          new CustomError("NonceTooLow", List.of(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})),
          new CustomError("MetaTxSignatureNotMatch", List.of()),
          new CustomError(
              "AccessControlUnauthorizedAccount", List.of(new TypeReference<Address>() {}, new TypeReference<Bytes32>() {})),
          new CustomError("ReentrancyGuardReentrantCall", List.of()));

  /**
   * {@code getStorage(bytes key) returns (bytes)}.
   *
   * @param key the raw key
   * @return the function
   */
  public static Function getStorage(byte[] key) {
    return new Function("getStorage", List.of(new DynamicBytes(key)), List.of(new TypeReference<DynamicBytes>() {}));
  }

  /**
   * {@code hasRole(bytes32 role, address account) returns (bool)}.
   *
   * @param account the account
   * @return the function for ATTESTOR_ROLE
   */
  public static Function hasAttestorRole(Address account) {
    return new Function(
        "hasRole", List.of(new Bytes32(ATTESTOR_ROLE), account), List.of(new TypeReference<Bool>() {}));
  }

  /**
   * {@code metaTxGetNonce(address from) returns (uint256)}.
   *
   * @param from the signer
   * @return the function
   */
  public static Function metaTxGetNonce(Address from) {
    return new Function("metaTxGetNonce", List.of(from), List.of(new TypeReference<Uint256>() {}));
  }

  /**
   * {@code metaTxPrepare(address from, bytes data) returns (ForwardRequest, bytes32)}.
   *
   * @param from the signer
   * @param data the encoded rollup arguments
   * @return the function
   */
  public static Function metaTxPrepare(Address from, byte[] data) {
    return new Function(
        "metaTxPrepare",
        List.of(from, new DynamicBytes(data)),
        List.of(new TypeReference<ForwardRequestStruct>() {}, new TypeReference<Bytes32>() {}));
  }
}
