package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * Phala Cloud accepted an update and is applying it asynchronously, or found nothing to change.
 *
 * @param status usually {@code in_progress}; {@code no_change} when there was nothing to apply
 * @param message the server's message
 * @param correlationId identifies the operation
 * @param allowedEnvsChanged for env updates, whether {@code allowed_envs} changed (which changes
 *     the compose hash)
 */
public record UpdateAccepted(
    @Nullable String status,
    @Nullable String message,
    @Nullable String correlationId,
    @Nullable Boolean allowedEnvsChanged) {

  /** The status of an update that changed nothing. */
  public static final String NO_CHANGE = "no_change";

  /**
   * Tells whether the server applied nothing because nothing changed (no restart follows).
   *
   * @return {@code true} for status {@code no_change}
   */
  public boolean noChange() {
    return NO_CHANGE.equals(status);
  }
}
