package io.phat4j.attestation.app;

/**
 * An optional link an {@link AppVerifier} runs after its own: an on-chain allowlist
 * ({@code io.phat4j.contracts.kms.OnChainAllowlistLink} in sdk-contracts), GPU evidence, or a
 * check of your own.
 *
 * <p>Implementations must be thread-safe, must not throw for bad evidence (return
 * {@link LinkResult#failed(String, String)}), and should return
 * {@link LinkResult#notApplicable(String, String)} when their inputs are absent. An exception that
 * escapes is reported as a failure of this link.
 */
public interface AppLink {
  /**
   * Returns the link's name in reports, e.g. {@code "onchain-allowlist"}.
   *
   * @return a short lowercase name
   */
  String name();

  /**
   * Runs the check.
   *
   * @param context what the earlier links established
   * @return the result, named {@link #name()}
   */
  LinkResult check(AppLinkContext context);
}
