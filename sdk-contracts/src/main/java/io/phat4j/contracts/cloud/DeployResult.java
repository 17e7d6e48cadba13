package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * The end of a deploy or update: either the CVM runs (or an update changed nothing and it keeps
 * running), or its compose hash must be registered on chain first, after which {@link
 * PhalaCloudClient#confirm} finishes the job.
 */
public sealed interface DeployResult permits DeployResult.Running, DeployResult.Pending {

  /**
   * Returns the deployment.
   *
   * @return the running deployment
   * @throws RegistrationPendingException if the result is {@link Pending}
   */
  Deployment deployment();

  /**
   * The CVM is running.
   *
   * @param deployment the deployment
   */
  record Running(Deployment deployment) implements DeployResult {}

  /**
   * Phala Cloud answered HTTP 465: register {@code registration().composeHash()} on the app's
   * {@code DstackApp} contract, then call {@link PhalaCloudClient#confirm}. Nothing was created or
   * changed yet.
   *
   * @param registration what to register
   * @param commit the deploy commit to repeat, for a new deploy
   * @param cvm the CVM, for an update
   * @param update the update commit to repeat, for an update
   */
  record Pending(
      OnChainRegistrationRequired registration,
      @Nullable CommitRequest commit,
      @Nullable CvmId cvm,
      @Nullable ComposeUpdateCommit update)
      implements DeployResult {
    @Override
    public Deployment deployment() {
      throw new RegistrationPendingException(registration);
    }
  }
}
