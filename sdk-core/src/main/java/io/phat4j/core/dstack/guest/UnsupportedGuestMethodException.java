package io.phat4j.core.dstack.guest;

import org.jspecify.annotations.Nullable;

/**
 * The guest agent does not serve the requested method: it answered 404.
 *
 * <p>{@link #surfaceMissing()} separates the two cases dstack's v1 specification distinguishes: the
 * whole surface is absent (a 404 whose body is not the agent's {@code "Service not found"} JSON,
 * as an agent older than 0.6 answers {@code /v1/...}), or the surface exists without that method
 * (an older agent asked for {@code Sign} or {@code Version}).
 */
public final class UnsupportedGuestMethodException extends GuestAgentException {
  private static final long serialVersionUID = 1L;

  private final boolean surfaceMissing;

  /**
   * Creates the exception.
   *
   * @param method the RPC path, without a leading slash
   * @param surfaceMissing {@code true} if the agent has no API surface at that path at all
   * @param agentMessage the agent's error text, if any
   */
  public UnsupportedGuestMethodException(
      String method, boolean surfaceMissing, @Nullable String agentMessage) {
    super(
        surfaceMissing
            ? "guest agent has no API surface for " + method + " (agent too old for this API)"
            : "guest agent does not serve " + method + " (not in this agent version)",
        method,
        404,
        agentMessage);
    this.surfaceMissing = surfaceMissing;
  }

  /**
   * Tells whether the agent lacks the whole API surface rather than one method.
   *
   * @return {@code true} when, for example, a pre-0.6 agent was asked for a {@code /v1} path
   */
  public boolean surfaceMissing() {
    return surfaceMissing;
  }
}
