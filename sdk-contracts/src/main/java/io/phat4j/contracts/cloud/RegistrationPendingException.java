package io.phat4j.contracts.cloud;

import io.phat4j.core.PhalaException;

/**
 * {@link DeployResult#deployment()} was called on a {@link DeployResult.Pending} result: Phala
 * Cloud answered HTTP 465, so nothing runs yet. Register {@link #registration()}'s compose hash on
 * the app's {@code DstackApp} contract, then call {@link PhalaCloudClient#confirm}.
 */
public final class RegistrationPendingException extends PhalaException {
  private static final long serialVersionUID = 1L;

  private final transient OnChainRegistrationRequired registration;

  /**
   * Creates the exception.
   *
   * @param registration what must be registered
   */
  public RegistrationPendingException(OnChainRegistrationRequired registration) {
    super("compose hash " + registration.composeHash() + " must be registered on chain first");
    this.registration = registration;
  }

  /**
   * Returns what must be registered on chain.
   *
   * @return the registration
   */
  public OnChainRegistrationRequired registration() {
    return registration;
  }
}
