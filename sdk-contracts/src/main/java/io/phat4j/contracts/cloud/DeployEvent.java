package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * One step of a deploy or update, reported to a {@link DeployListener}.
 *
 * @param stage what happened
 * @param message a human-readable line (never contains env values or keys)
 * @param state the CVM state, for {@link Stage#STATE} and {@link Stage#RUNNING}
 */
public record DeployEvent(Stage stage, String message, @Nullable CvmState state) {

  /** The steps of the flow, in the order they usually happen. */
  public enum Stage {
    /** The app spec passed local validation. */
    VALIDATED,
    /** The server returned the compose hash (and app id). */
    PROVISIONED,
    /** The env-encrypt key's KMS signature matched the trusted KMS root. */
    KEY_VERIFIED,
    /** No trusted KMS root was given, so the env-encrypt key was used unverified. */
    KEY_UNVERIFIED,
    /** The env vars were encrypted to the app key. */
    ENV_ENCRYPTED,
    /** The commit answer was lost; the client is checking whether the server acted on it. */
    COMMIT_UNCERTAIN,
    /** The server was throttling; the client waits before repeating. */
    THROTTLED,
    /** The CVM was created or the update accepted. */
    COMMITTED,
    /** The compose hash must be registered on chain first (HTTP 465). */
    REGISTRATION_REQUIRED,
    /** A state report from the CVM. */
    STATE,
    /** The state stream broke or is unavailable; the client polls instead. */
    POLLING,
    /** The CVM is running. */
    RUNNING,
    /**
     * An update found nothing to change ({@code compose_unchanged} or {@code no_change}): nothing
     * was committed, the CVM was not restarted, and the result reports it as it runs.
     */
    UNCHANGED
  }
}
