package io.phat4j.contracts.rollup;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.rollup.internal.AbiWords;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One action of a rollup: a type byte followed by a payload.
 *
 * @param type the type named by {@link #code()}
 * @param code the type byte, 0..255 (kept for {@link RollupActionType#UNKNOWN} actions)
 * @param payload the bytes after the type byte (a copy is kept and returned)
 */
public record RollupAction(RollupActionType type, int code, byte[] payload) {

  /** Checks the code against the type and copies the payload. */
  public RollupAction {
    Objects.requireNonNull(type, "type");
    if (code < 0 || code > 255) {
      throw new InvalidInputException("action code must be 0..255, got " + code);
    }
    if (RollupActionType.ofCode(code) != type) {
      throw new InvalidInputException("action code " + code + " is not of type " + type);
    }
    payload = payload.clone();
  }

  /**
   * Parses an action as it appears in calldata: type byte, then payload.
   *
   * @param action the raw action
   * @return the action
   * @throws DecodeException if the action is empty
   */
  public static RollupAction parse(byte[] action) {
    if (action.length == 0) {
      throw new DecodeException("action", 0, "an action needs at least its type byte", null);
    }
    int code = action[0] & 0xff;
    return new RollupAction(
        RollupActionType.ofCode(code), code, Arrays.copyOfRange(action, 1, action.length));
  }

  /**
   * Creates a reply action carrying an app-defined payload.
   *
   * @param payload the payload for {@code _onMessageReceived}
   * @return the action
   */
  public static RollupAction reply(byte[] payload) {
    return new RollupAction(RollupActionType.REPLY, 0, payload);
  }

  /**
   * Creates an action that moves the queue head to {@code target} (popping the items before it).
   *
   * @param target the new head index, 0..2^32-1
   * @return the action
   */
  public static RollupAction setQueueHead(long target) {
    return new RollupAction(RollupActionType.SET_QUEUE_HEAD, 1, AbiWords.uint32(target));
  }

  /**
   * Creates an action that grants {@code ATTESTOR_ROLE}.
   *
   * @param attestor the address
   * @return the action
   */
  public static RollupAction grantAttestor(EvmAddress attestor) {
    return new RollupAction(RollupActionType.GRANT_ATTESTOR, 10, AbiWords.address(attestor));
  }

  /**
   * Creates an action that revokes {@code ATTESTOR_ROLE}.
   *
   * @param attestor the address
   * @return the action
   */
  public static RollupAction revokeAttestor(EvmAddress attestor) {
    return new RollupAction(RollupActionType.REVOKE_ATTESTOR, 11, AbiWords.address(attestor));
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /**
   * Returns the action as it appears in calldata.
   *
   * @return the type byte followed by the payload
   */
  public byte[] encode() {
    byte[] out = new byte[payload.length + 1];
    out[0] = (byte) code;
    System.arraycopy(payload, 0, out, 1, payload.length);
    return out;
  }

  /**
   * Returns the target of a {@link RollupActionType#SET_QUEUE_HEAD} action.
   *
   * @return the new queue head
   * @throws DecodeException if this is another type or the payload is not a uint32 word
   */
  public long queueHeadTarget() {
    requireType(RollupActionType.SET_QUEUE_HEAD);
    return AbiWords.readUint32("set_queue_head.payload", payload);
  }

  /**
   * Returns the address of a grant or revoke action.
   *
   * @return the address
   * @throws DecodeException if this is another type or the payload is not an address word
   */
  public EvmAddress attestorAddress() {
    if (type != RollupActionType.GRANT_ATTESTOR && type != RollupActionType.REVOKE_ATTESTOR) {
      throw new DecodeException("action", "a " + type.wireName() + " action carries no attestor");
    }
    return EvmAddress.of(AbiWords.readAddress(type.wireName() + ".payload", payload));
  }

  private void requireType(RollupActionType expected) {
    if (type != expected) {
      throw new DecodeException("action", "a " + type.wireName() + " action is not " + expected.wireName());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RollupAction a && a.code == code && Arrays.equals(a.payload, payload);
  }

  @Override
  public int hashCode() {
    return 31 * code + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "RollupAction[" + type.wireName() + ", code=" + code + ", payload=" + Hex.encode0x(payload) + "]";
  }
}
