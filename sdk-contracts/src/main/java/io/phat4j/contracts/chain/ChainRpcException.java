package io.phat4j.contracts.chain;

import io.phat4j.core.PhalaException;

/**
 * The node answered a JSON-RPC request with an error other than a revert (for example a rate limit,
 * a block range too large for {@code eth_getLogs}, or an unknown method).
 */
public final class ChainRpcException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final int code;
  private final String rpcMessage;

  /**
   * Creates the exception.
   *
   * @param method the JSON-RPC method called
   * @param code the JSON-RPC error code
   * @param rpcMessage the node's error message
   */
  public ChainRpcException(String method, int code, String rpcMessage) {
    super(method + " failed: " + rpcMessage + " (code " + code + ")");
    this.method = method;
    this.code = code;
    this.rpcMessage = rpcMessage;
  }

  /**
   * Returns the JSON-RPC method.
   *
   * @return e.g. {@code eth_getLogs}
   */
  public String method() {
    return method;
  }

  /**
   * Returns the JSON-RPC error code.
   *
   * @return the code, e.g. -32005
   */
  public int code() {
    return code;
  }

  /**
   * Returns the node's error message.
   *
   * @return the message as the node sent it
   */
  public String rpcMessage() {
    return rpcMessage;
  }
}
