package io.phat4j.core.dstack.guest;

import io.phat4j.core.PhalaServiceException;
import org.jspecify.annotations.Nullable;

/**
 * The guest agent answered a call with an error: a non-2xx status, or a body carrying an {@code
 * "error"} field.
 *
 * <p>{@link #method()} names the RPC (e.g. {@code GetQuote} or {@code v1/GetKey}) and {@link
 * #agentMessage()} the agent's own error text, which never contains key material.
 */
public class GuestAgentException extends PhalaServiceException {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final @Nullable String agentMessage;

  /**
   * Creates the exception.
   *
   * @param method the RPC path that failed, without a leading slash
   * @param statusCode the HTTP status
   * @param agentMessage the agent's {@code error} text, if it sent one
   */
  public GuestAgentException(String method, int statusCode, @Nullable String agentMessage) {
    this("guest agent " + method + " failed" + (agentMessage == null ? "" : ": " + agentMessage),
        method, statusCode, agentMessage);
  }

  /**
   * Creates the exception with a custom message, for subclasses.
   *
   * @param message the message
   * @param method the RPC path that failed, without a leading slash
   * @param statusCode the HTTP status
   * @param agentMessage the agent's {@code error} text, if it sent one
   */
  protected GuestAgentException(
      String message, String method, int statusCode, @Nullable String agentMessage) {
    super(message, statusCode, null, null, agentMessage);
    this.method = method;
    this.agentMessage = agentMessage;
  }

  /**
   * Returns the RPC path that failed.
   *
   * @return e.g. {@code GetKey} or {@code v1/GetKey}
   */
  public String method() {
    return method;
  }

  /**
   * Returns the agent's own error text.
   *
   * @return the text of the {@code error} field, or {@code null} if the body had none
   */
  public @Nullable String agentMessage() {
    return agentMessage;
  }
}
