package io.phat4j.examples.quickstart;

import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerification;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.app.LinkStatus;
import io.phat4j.attestation.dcap.CollateralSource;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TcbStatus;
import io.phat4j.attestation.dcap.VerificationPolicy;
import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.kms.DstackKms;
import io.phat4j.contracts.rollup.AttestorEvidence;
import io.phat4j.contracts.rollup.LinkCheck;
import io.phat4j.contracts.rollup.ResultCheck;
import io.phat4j.contracts.rollup.ResultChecker;
import io.phat4j.contracts.rollup.RollupAnchorReader;
import io.phat4j.contracts.rollup.RollupResult;
import io.phat4j.contracts.rollup.TrustLink;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.PhalaException;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.dstack.DstackRuntimeEvents;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.EventLogEntry;
import io.phat4j.core.dstack.guest.SignatureChainException;
import io.phat4j.core.dstack.guest.SignatureChainVerifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Hash;

/**
 * Checks a committed result back to genuine hardware, link by link (see {@link Link}): the quote,
 * the event log against it, the OS image the CVM booted, the app's identity in that log (these four
 * through the SDK's {@code AppVerifier}), the attestor key it announced against
 * the on-chain KMS root, the on-chain compose-hash allowlist, who committed the result, and the
 * result itself. A link whose inputs could not be established fails rather than being skipped.
 */
final class EndToEndVerifier {
  private final AppVerifier apps;
  private final DstackKms kms;
  private final RollupAnchorReader anchor;

  /**
   * The attestation as fetched from the deployment API, and the VM config from the CVM's guest
   * agent (the deployment API does not return it).
   *
   * @param quote the TDX quote
   * @param eventLogJson the event log
   * @param appCompose the app-compose.json text shown for the app
   * @param vmConfigJson the CVM's vm_config
   */
  record Evidence(byte[] quote, String eventLogJson, String appCompose, String vmConfigJson) {}

  /**
   * Builds the verifier.
   *
   * @param trustAnchorDer the root the devnet's quotes chain to
   * @param collateral the devnet PCCS
   * @param osImages reference values for the OS images this client accepts
   * @param kms the KMS contract
   * @param anchor the rollup anchor
   */
  EndToEndVerifier(byte[] trustAnchorDer, CollateralSource collateral, ReferenceValues osImages, DstackKms kms,
      RollupAnchorReader anchor) {
    // Naming the anchor explicitly is what lets devnet quotes verify; the default is Intel's root.
    this.apps = AppVerifier.builder()
        .quoteVerifier(QuoteVerifier.builder().trustAnchor(trustAnchorDer).build())
        .collateralSource(Objects.requireNonNull(collateral, "collateral"))
        .referenceValues(osImages)
        .build();
    this.kms = kms;
    this.anchor = anchor;
  }

  VerificationReport verify(Evidence evidence, AppId appId, Bytes32 deployedComposeHash, RollupResult result,
      byte[] resultBytes) {
    List<LinkResult> out = new ArrayList<>();

    // The first four links are the SDK's AppVerifier: quote, event log, OS image, app identity.
    // The devnet boots a simulated dev image: its registers are computed from the lite measurement
    // in vm_config (tdx_measurement), its ACPI digests pinned in the devnet's reference values.
    AppPolicy policy = AppPolicy.builder()
        .allowComposeHashes(deployedComposeHash)
        .allowAppIds(appId)
        .allowDevImages(true)
        .tcbPolicy(VerificationPolicy.builder().acceptedStatuses(TcbStatus.values()).allowAnyAdvisory().build())
        .build();
    AppVerification app = apps.verify(AppEvidence.ofQuote(evidence.quote(), evidence.eventLogJson(), evidence.vmConfigJson())
        .withAppCompose(evidence.appCompose()), policy);
    out.add(from(Link.QUOTE, app.link(io.phat4j.attestation.app.LinkResult.QUOTE)));
    out.add(from(Link.RTMR, app.link(io.phat4j.attestation.app.LinkResult.EVENT_LOG)));
    out.add(from(Link.OS_IMAGE, app.link(io.phat4j.attestation.app.LinkResult.OS_IMAGE)));
    out.add(from(Link.COMPOSE, app.link(io.phat4j.attestation.app.LinkResult.APP_IDENTITY)));

    DstackRuntimeEvents events = null;
    if (out.get(0).passed() && out.get(1).passed() && out.get(3).passed()) {
      events = EventLog.parse(evidence.eventLogJson()).runtimeEvents();
    }

    Bytes32 measuredCompose = events == null ? null : events.composeHash();
    KeyAnnouncement keys = null;
    if (events == null) {
      out.add(LinkResult.fail(Link.KMS, "not checked: the event log is not backed by a verified quote"));
    } else {
      keys = announcement(events);
      out.add(keys == null
          ? LinkResult.fail(Link.KMS, "the measured event log has no " + KeyAnnouncement.EVENT + " event")
          : kms(keys, appId, result.commit().blockNumber()));
    }

    boolean keysTrusted = keys != null && out.getLast().passed();
    out.add(measuredCompose == null
        ? LinkResult.fail(Link.ALLOWLIST, "not checked: no measured compose hash")
        : allowlist(appId, measuredCompose, result.commit().blockNumber()));

    if (!keysTrusted || measuredCompose == null) {
      String why = "not checked: no attested attestor key";
      out.add(LinkResult.fail(Link.ATTESTOR, why));
      out.add(LinkResult.fail(Link.RESULT, why));
      return new VerificationReport(out);
    }
    ResultCheck check = ResultChecker.builder().reader(anchor).kms(kms.address()).build()
        .check(result, new AttestorEvidence.KeyChain(keys.chain(appId), measuredCompose),
            Bytes32.of(Hash.sha3(resultBytes)));
    out.add(attestor(result, keys, check));
    out.add(from(Link.RESULT, check.link(TrustLink.RESULT_HASH).orElseThrow()));
    return new VerificationReport(out);
  }

  private static @Nullable KeyAnnouncement announcement(DstackRuntimeEvents events) {
    KeyAnnouncement found = null;
    for (EventLogEntry e : events.appEvents()) {
      if (e.event().equals(KeyAnnouncement.EVENT)) {
        found = KeyAnnouncement.decode(e.payload());
      }
    }
    return found;
  }

  private LinkResult kms(KeyAnnouncement keys, AppId appId, long block) {
    Secp256k1PublicKey root;
    try {
      root = Secp256k1PublicKey.of(kms.kmsInfo(BlockRef.number(block)).k256Pubkey());
    } catch (PhalaException e) {
      return LinkResult.fail(Link.KMS, "the KMS root could not be read from DstackKms " + kms.address() + ": "
          + e.getMessage());
    }
    try {
      SignatureChainVerifier.trusting(root).verifyKeyV0(keys.attestorKey().compressed(),
          KeyAnnouncement.ATTESTOR_PURPOSE, List.of(keys.appSignature(), keys.kmsSignature()), appId);
    } catch (SignatureChainException e) {
      return LinkResult.fail(Link.KMS, "the attestor key's signature chain does not end at the on-chain KMS root: "
          + e.getMessage());
    }
    return LinkResult.pass(Link.KMS, "attestor key " + keys.attestor() + " was issued to this app by KMS root "
        + root.compressedHex0x().substring(0, 18) + "... (DstackKms " + kms.address() + ")");
  }

  private LinkResult allowlist(AppId appId, Bytes32 composeHash, long block) {
    EvmAddress app = EvmAddress.of(appId);
    BlockRef at = BlockRef.number(block);
    try {
      if (!kms.isRegistered(app, at)) {
        return LinkResult.fail(Link.ALLOWLIST, "app " + app + " is not registered in DstackKms " + kms.address());
      }
      return kms.app(app).isComposeHashAllowed(composeHash, at)
          ? LinkResult.pass(Link.ALLOWLIST, "app registered in DstackKms; its DstackApp allowed compose hash 0x"
              + composeHash.hex().substring(0, 16) + "... at block " + block)
          : LinkResult.fail(Link.ALLOWLIST, "DstackApp " + app + " does not allow compose hash 0x" + composeHash.hex());
    } catch (PhalaException e) {
      return LinkResult.fail(Link.ALLOWLIST, "DstackApp " + app + " could not be read: " + e.getMessage());
    }
  }

  private static LinkResult attestor(RollupResult result, KeyAnnouncement keys, ResultCheck check) {
    EvmAddress committer = result.commit().attestor();
    if (!committer.equals(keys.attestor())) {
      return LinkResult.fail(Link.ATTESTOR, "the result was committed by " + committer
          + ", not by the attested app's attestor " + keys.attestor());
    }
    LinkCheck role = check.link(TrustLink.ATTESTOR_ROLE).orElseThrow();
    LinkCheck bound = check.link(TrustLink.ATTESTOR_BOUND_TO_APP).orElseThrow();
    if (!role.passed()) {
      return LinkResult.fail(Link.ATTESTOR, role.reason());
    }
    if (!bound.passed()) {
      return LinkResult.fail(Link.ATTESTOR, bound.reason());
    }
    return LinkResult.pass(Link.ATTESTOR, "committed in tx 0x" + result.commit().transactionHash().hex()
        .substring(0, 16) + "... by the app's attestor, which " + role.reason().replace(committer + " ", ""));
  }

  private static LinkResult from(Link link, LinkCheck check) {
    return new LinkResult(link, check.passed(), check.reason());
  }

  private static LinkResult from(Link link, io.phat4j.attestation.app.@Nullable LinkResult r) {
    if (r == null) {
      return LinkResult.fail(link, "not checked");
    }
    return r.status() == LinkStatus.FAILED
        ? LinkResult.fail(link, Objects.requireNonNull(r.reason()))
        : LinkResult.pass(link, r.detail() == null ? String.valueOf(r.reason()) : r.detail());
  }
}
