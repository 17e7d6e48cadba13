package io.phat4j.contracts.cloud;

import io.phat4j.core.crypto.Secp256k1PublicKey;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a deploy or update runs: which KMS root to trust for the env key, how long to wait for
 * {@code running}, how often to poll, and who hears progress.
 *
 * @param trustedKmsKey the KMS root key the env-encrypt key's signature must come from; {@code
 *     null} to skip verification (reported as {@link DeployEvent.Stage#KEY_UNVERIFIED})
 * @param timeout how long to wait for {@code running} after the commit
 * @param pollInterval the polling period when the state stream is unavailable
 * @param listener receives progress
 */
public record DeployOptions(
    @Nullable Secp256k1PublicKey trustedKmsKey,
    Duration timeout,
    Duration pollInterval,
    DeployListener listener) {

  /** Checks the durations. */
  public DeployOptions {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(listener, "listener");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive but was " + timeout);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive but was " + pollInterval);
    }
  }

  /**
   * Returns the defaults: no trusted key, 10 minutes, 5 s polls, no listener.
   *
   * @return the defaults
   */
  public static DeployOptions defaults() {
    return builder().build();
  }

  /**
   * Starts a builder from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures {@link DeployOptions}. Mutable and not thread-safe. */
  public static final class Builder {
    private @Nullable Secp256k1PublicKey trustedKmsKey;
    private Duration timeout = Duration.ofMinutes(10);
    private Duration pollInterval = Duration.ofSeconds(5);
    private DeployListener listener = DeployListener.none();

    private Builder() {}

    /**
     * Requires the env-encrypt key to be signed by this KMS root.
     *
     * @param key the KMS root's secp256k1 key
     * @return this builder
     */
    public Builder trustedKmsKey(Secp256k1PublicKey key) {
      this.trustedKmsKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Sets how long to wait for {@code running}. Default 10 minutes.
     *
     * @param timeout the deadline after the commit
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the polling period. Default 5 s.
     *
     * @param interval the period
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    /**
     * Sets the progress listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(DeployListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public DeployOptions build() {
      return new DeployOptions(trustedKmsKey, timeout, pollInterval, listener);
    }
  }
}
