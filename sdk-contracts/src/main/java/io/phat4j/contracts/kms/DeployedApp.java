package io.phat4j.contracts.kms;

import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.TxReceipt;
import java.util.Objects;

/**
 * An app contract deployed and registered by the KMS factory.
 *
 * @param appId the new app id (the address of its DstackApp proxy), from {@code AppDeployedViaFactory}
 * @param deployer who sent the deployment, from the same event
 * @param receipt the transaction's receipt
 */
public record DeployedApp(EvmAddress appId, EvmAddress deployer, TxReceipt receipt) {
  /**
   * Checks the fields.
   *
   * @param appId the app id
   * @param deployer the deployer
   * @param receipt the receipt
   */
  public DeployedApp {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(deployer, "deployer");
    Objects.requireNonNull(receipt, "receipt");
  }
}
