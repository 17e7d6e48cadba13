package io.phat4j.core.offchain;

/**
 * An off-chain contract: the code a dstack app runs inside its enclave.
 *
 * <p>One class runs unchanged in both places: in a real container, call {@link
 * ContractContext#fromEnvironment()} from {@code main} (the guest agent is found at its Unix
 * socket, the env is the container's); on the phat4j devnet, bind the class to the compose
 * service's image and the devnet runs it in process when the app is deployed, with the decrypted
 * env (only {@code allowed_envs}) and a guest client pointed at the enclave simulator.
 *
 * {@snippet :
 * public final class PriceOracle implements OffchainContract {
 *   public void run(ContractContext ctx) throws InterruptedException {
 *     DerivedKey key = ctx.guest().getKey("oracle/attestor");
 *     while (!ctx.stopRequested()) {
 *       // fetch, sign, post ...
 *       ctx.awaitStop(Duration.ofSeconds(10));
 *     }
 *   }
 *
 *   public static void main(String[] args) throws InterruptedException {
 *     new PriceOracle().run(ContractContext.fromEnvironment());
 *   }
 * }
 * }
 */
@FunctionalInterface
public interface OffchainContract {
  /**
   * Runs the contract until it is done or {@link ContractContext#stopRequested()} turns true; the
   * thread is also interrupted when the app is stopped.
   *
   * @param context the env, the guest agent and the chain endpoint
   * @throws InterruptedException if interrupted while waiting, which ends the contract normally
   */
  void run(ContractContext context) throws InterruptedException;
}
