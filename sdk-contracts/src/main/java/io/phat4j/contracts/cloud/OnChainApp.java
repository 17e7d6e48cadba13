package io.phat4j.contracts.cloud;

import io.phat4j.core.AppId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code DstackApp} contract governing an app on an on-chain KMS (Ethereum, Base): its address
 * is the app id. Deploy it with the chain module first, then pass it to {@link
 * PhalaCloudClient#deployOnChain}.
 *
 * @param contract the contract address, which is also the app id
 * @param deployerAddress the account that deployed it, or {@code null}
 */
public record OnChainApp(AppId contract, @Nullable String deployerAddress) {
  /** Checks the contract. */
  public OnChainApp {
    Objects.requireNonNull(contract, "contract");
  }
}
