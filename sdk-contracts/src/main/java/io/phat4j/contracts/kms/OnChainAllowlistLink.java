package io.phat4j.contracts.kms;

import io.phat4j.attestation.app.AppInfo;
import io.phat4j.attestation.app.AppLink;
import io.phat4j.attestation.app.AppLinkContext;
import io.phat4j.attestation.app.LinkResult;
import io.phat4j.contracts.chain.EvmAddress;
import java.util.Objects;

/**
 * An {@link AppLink} asking the chain whether the app may boot: the identity
 * {@link io.phat4j.attestation.app.AppVerifier} computed (dstack's boot info) goes to
 * {@link DstackKms#isAppAllowed(AppBootInfo)} (which also checks the OS image and delegates to the
 * app's contract) or {@link DstackApp#isAppAllowed(AppBootInfo)}, as the KMS does before releasing
 * keys.
 *
 * <pre>{@code
 * AppVerifier verifier = AppVerifier.builder()
 *     .collateralSource(pccs)
 *     .addLink(OnChainAllowlistLink.of(DstackKms.at(chain, kmsAddress)))
 *     .build();
 * }</pre>
 *
 * <p>Runs only on an identity bound to the quote; the chain call happens at verification time, at
 * the latest block. Immutable and thread-safe.
 */
public final class OnChainAllowlistLink implements AppLink {
  /** The link's name in reports. */
  public static final String NAME = "onchain-allowlist";

  private final String contract;
  private final java.util.function.Function<AppBootInfo, AuthDecision> decide;

  private OnChainAllowlistLink(String contract, java.util.function.Function<AppBootInfo, AuthDecision> decide) {
    this.contract = contract;
    this.decide = decide;
  }

  /**
   * Checks against a KMS contract (OS image, then the app's own contract).
   *
   * @param kms the KMS contract
   * @return the link
   */
  public static OnChainAllowlistLink of(DstackKms kms) {
    Objects.requireNonNull(kms, "kms");
    return new OnChainAllowlistLink("DstackKms " + kms.address(), kms::isAppAllowed);
  }

  /**
   * Checks against an app contract only (compose hash, device, TCB requirement).
   *
   * @param app the app contract
   * @return the link
   */
  public static OnChainAllowlistLink of(DstackApp app) {
    Objects.requireNonNull(app, "app");
    return new OnChainAllowlistLink("DstackApp " + app.address(), app::isAppAllowed);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public LinkResult check(AppLinkContext context) {
    AppInfo info = context.appInfo();
    if (info == null) {
      return LinkResult.failed(NAME, "no identity bound to the quote to ask the chain about");
    }
    AppBootInfo boot;
    try {
      boot = bootInfo(info, context);
    } catch (IllegalArgumentException e) {
      return LinkResult.failed(NAME, e.getMessage());
    }
    AuthDecision d = decide.apply(boot);
    if (!d.allowed()) {
      return LinkResult.failed(NAME, contract + " refuses the app" + (d.reason().isEmpty() ? "" : ": " + d.reason()));
    }
    return LinkResult.passed(NAME, contract + " allows the app");
  }

  /**
   * Converts a verified identity to the contracts' boot info.
   *
   * @param info the identity
   * @param context the verification context (TCB status, advisories)
   * @return the boot info
   * @throws IllegalArgumentException if a field does not have the length the contracts take
   */
  public static AppBootInfo bootInfo(AppInfo info, AppLinkContext context) {
    if (info.appId() == null || info.composeHash() == null || info.deviceId() == null || info.osImageHash() == null) {
      throw new IllegalArgumentException("the identity lacks app_id, compose_hash, device_id or os_image_hash of the contracts' lengths");
    }
    byte[] instance = info.instanceId();
    return new AppBootInfo(
        EvmAddress.of(info.appId()),
        info.composeHash(),
        instance.length == EvmAddress.LENGTH ? EvmAddress.of(instance) : EvmAddress.ZERO,
        info.deviceId(),
        info.mrAggregated(),
        info.mrSystem(),
        info.osImageHash(),
        context.tcbStatus() == null ? "" : context.tcbStatus(),
        context.advisoryIds());
  }

  @Override
  public String toString() {
    return "OnChainAllowlistLink[" + contract + "]";
  }
}
