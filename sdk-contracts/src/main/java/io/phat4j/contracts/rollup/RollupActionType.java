package io.phat4j.contracts.rollup;

import org.jspecify.annotations.Nullable;

/** The kind of a rollup action, from its first byte. */
public enum RollupActionType {
  /** Code 0: the payload goes to the consumer's {@code _onMessageReceived}. */
  REPLY(0, "reply"),
  /** Code 1: the payload is {@code abi.encode(uint32 target)}; the queue head moves to target. */
  SET_QUEUE_HEAD(1, "set_queue_head"),
  /** Code 10: the payload is an ABI-encoded address that gains {@code ATTESTOR_ROLE}. */
  GRANT_ATTESTOR(10, "grant_attestor"),
  /** Code 11: the payload is an ABI-encoded address that loses {@code ATTESTOR_ROLE}. */
  REVOKE_ATTESTOR(11, "revoke_attestor"),
  /** Any other code; the anchor rejects it with {@code UnsupportedAction}. */
  UNKNOWN(-1, "unknown");

  private final int code;
  private final String wireName;

  RollupActionType(int code, String wireName) {
    this.code = code;
    this.wireName = wireName;
  }

  /**
   * Returns the action code, the first byte of an action.
   *
   * @return 0, 1, 10 or 11; -1 for {@link #UNKNOWN}
   */
  public int code() {
    return code;
  }

  /**
   * Returns the lowercase name used in JSON output ({@code reply}, {@code set_queue_head}, ...).
   *
   * @return the name
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the type for an action code.
   *
   * @param code the first byte of an action, 0..255
   * @return the matching type, or {@link #UNKNOWN}
   */
  public static RollupActionType ofCode(int code) {
    for (RollupActionType t : values()) {
      if (t.code == code && t != UNKNOWN) {
        return t;
      }
    }
    return UNKNOWN;
  }

  /**
   * Returns the type for a wire name.
   *
   * @param name a name such as {@code reply}
   * @return the type, or null when the name is not known
   */
  public static @Nullable RollupActionType ofWireName(String name) {
    for (RollupActionType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    return null;
  }
}
