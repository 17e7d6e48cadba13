package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * Phala Cloud accepted an update and is applying it asynchronously.
 *
 * @param status usually {@code in_progress}
 * @param message the server's message
 * @param correlationId identifies the operation
 * @param allowedEnvsChanged for env updates, whether {@code allowed_envs} changed (which changes
 *     the compose hash)
 */
public record UpdateAccepted(
    @Nullable String status,
    @Nullable String message,
    @Nullable String correlationId,
    @Nullable Boolean allowedEnvsChanged) {}
