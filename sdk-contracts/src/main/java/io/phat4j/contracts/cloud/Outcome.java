package io.phat4j.contracts.cloud;

/**
 * The result of a change that an on-chain app may first have to approve: either it was accepted,
 * or Phala Cloud answered HTTP 465 and the compose hash must be registered on chain.
 *
 * {@snippet :
 * switch (client.cvms().updateEnvs(id, request)) {
 *   case Outcome.Accepted<UpdateAccepted> accepted -> log(accepted.value().correlationId());
 *   case Outcome.RegistrationRequired<UpdateAccepted> pending -> register(pending.registration());
 * }
 * }
 *
 * @param <T> the accepted result
 */
public sealed interface Outcome<T> permits Outcome.Accepted, Outcome.RegistrationRequired {

  /**
   * Tells whether the change was accepted.
   *
   * @return {@code true} for {@link Accepted}
   */
  boolean accepted();

  /**
   * The change was accepted.
   *
   * @param value the server's answer
   * @param <T> the result type
   */
  record Accepted<T>(T value) implements Outcome<T> {
    @Override
    public boolean accepted() {
      return true;
    }
  }

  /**
   * The compose hash must be registered on chain first (HTTP 465).
   *
   * @param registration everything needed to register and confirm
   * @param <T> the result type once accepted
   */
  record RegistrationRequired<T>(OnChainRegistrationRequired registration) implements Outcome<T> {
    @Override
    public boolean accepted() {
      return false;
    }
  }
}
