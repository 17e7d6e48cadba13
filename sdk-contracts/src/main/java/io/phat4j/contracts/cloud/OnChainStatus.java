package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * What the app's on-chain contract currently allows, as reported with a 465 answer.
 *
 * @param composeHashAllowed whether the compose hash is registered
 * @param deviceIdAllowed whether the device is allowed
 * @param isAllowed whether both hold
 */
public record OnChainStatus(
    @Nullable Boolean composeHashAllowed,
    @Nullable Boolean deviceIdAllowed,
    @Nullable Boolean isAllowed) {}
