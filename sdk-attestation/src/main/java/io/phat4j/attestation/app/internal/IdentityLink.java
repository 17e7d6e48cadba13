package io.phat4j.attestation.app.internal;

import io.phat4j.attestation.app.AppInfo;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.LinkResult;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.dstack.ComposeHash;
import io.phat4j.core.dstack.KeyProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The app-identity link: the identity events are present, match the app-compose text, and the policy accepts them. */
public final class IdentityLink {
  private IdentityLink() {}

  /**
   * Runs the link on an identity already bound to the quote.
   *
   * @param info the identity
   * @param keyProvider the decoded key-provider event, or null
   * @param appCompose the app-compose text the caller supplied, or null
   * @param policy the policy
   * @return the result
   */
  public static LinkResult check(AppInfo info, @Nullable KeyProvider keyProvider, @Nullable String appCompose, AppPolicy policy) {
    List<String> problems = new ArrayList<>();
    Bytes32 compose = info.composeHash();
    AppId appId = info.appId();
    if (compose == null) {
      problems.add("the event log has no 32-byte compose-hash event before system-ready");
    }
    if (appId == null) {
      problems.add("the event log has no 20-byte app-id event before system-ready");
    }
    boolean composeChecked = false;
    if (appCompose != null && compose != null) {
      Bytes32 computed = ComposeHash.of(appCompose.getBytes(StandardCharsets.UTF_8));
      if (!computed.equals(compose)) {
        problems.add("the app-compose text hashes to " + computed.hex() + ", not the booted compose hash " + compose.hex());
      } else {
        composeChecked = true;
      }
    }
    if (!policy.composeHashes().isEmpty() && (compose == null || !policy.composeHashes().contains(compose))) {
      problems.add("compose hash " + info.composeHashHex() + " is not one of the " + policy.composeHashes().size() + " allowed");
    }
    if (!policy.appIds().isEmpty() && (appId == null || !policy.appIds().contains(appId))) {
      problems.add("app id " + info.appIdHex() + " is not one of the " + policy.appIds().size() + " allowed");
    }
    String kms = policy.kmsId();
    if (kms != null) {
      if (keyProvider == null || !keyProvider.name().equals("kms")) {
        problems.add("the app did not boot with keys from a KMS (key provider "
            + (keyProvider == null ? "unknown" : keyProvider.name()) + ")");
      } else if (!normalize(keyProvider.id()).equals(kms)) {
        problems.add("the app's KMS " + keyProvider.id() + " is not the expected " + kms);
      }
    }
    if (!problems.isEmpty()) {
      return LinkResult.failed(LinkResult.APP_IDENTITY, String.join("; ", problems));
    }
    return LinkResult.passed(
        LinkResult.APP_IDENTITY,
        "app " + info.appIdHex() + ", compose hash " + info.composeHashHex()
            + (composeChecked ? " (app-compose text matches)" : ""));
  }

  private static String normalize(String hex) {
    String s = hex.toLowerCase(Locale.ROOT);
    return s.startsWith("0x") ? s.substring(2) : s;
  }
}
