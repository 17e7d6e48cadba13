package io.phat4j.examples.quickstart;

import io.phat4j.attestation.dcap.CollateralSource;
import io.phat4j.attestation.dcap.QuoteVerificationException;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.attestation.dcap.VerifiedQuote;
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
import io.phat4j.core.dstack.ComposeHash;
import io.phat4j.core.dstack.DstackRuntimeEvents;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.EventLogEntry;
import io.phat4j.core.dstack.Rtmrs;
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
 * the event log against it, the app's identity in that log, the attestor key it announced against
 * the on-chain KMS root, the on-chain compose-hash allowlist, who committed the result, and the
 * result itself. A link whose inputs could not be established fails rather than being skipped.
 */
final class EndToEndVerifier {
  private final QuoteVerifier quotes;
  private final CollateralSource collateral;
  private final DstackKms kms;
  private final RollupAnchorReader anchor;

  /**
   * The attestation as fetched from the deployment API.
   *
   * @param quote the TDX quote
   * @param eventLogJson the event log
   * @param appCompose the app-compose.json text shown for the app
   */
  record Evidence(byte[] quote, String eventLogJson, String appCompose) {}

  EndToEndVerifier(byte[] trustAnchorDer, CollateralSource collateral, DstackKms kms, RollupAnchorReader anchor) {
    // Naming the anchor explicitly is what lets devnet quotes verify; the default is Intel's root.
    this.quotes = QuoteVerifier.builder().trustAnchor(trustAnchorDer).build();
    this.collateral = Objects.requireNonNull(collateral, "collateral");
    this.kms = kms;
    this.anchor = anchor;
  }

  VerificationReport verify(Evidence evidence, AppId appId, Bytes32 deployedComposeHash, RollupResult result,
      byte[] resultBytes) {
    List<LinkResult> out = new ArrayList<>();

    TdReport td = null;
    try {
      VerifiedQuote vq = quotes.verify(evidence.quote(), collateral);
      if (vq.report() instanceof TdReport t) {
        td = t;
        out.add(LinkResult.pass(Link.QUOTE, "TDX quote verified (DCAP), TCB " + vq.status() + ", "
            + vq.trustAnchor().describe()));
      } else {
        out.add(LinkResult.fail(Link.QUOTE, "the quote is not a TDX quote"));
      }
    } catch (QuoteVerificationException e) {
      out.add(LinkResult.fail(Link.QUOTE, e.getMessage()));
    }

    EventLog log = null;
    DstackRuntimeEvents events = null;
    if (td == null) {
      out.add(LinkResult.fail(Link.RTMR, "not checked: there is no verified quote to replay against"));
    } else {
      try {
        log = EventLog.parse(evidence.eventLogJson());
        out.add(replay(log.replay(), td, log.size()));
        events = out.getLast().passed() ? log.runtimeEvents() : null;
      } catch (PhalaException e) {
        out.add(LinkResult.fail(Link.RTMR, "the event log is invalid: " + e.getMessage()));
      }
    }

    Bytes32 measuredCompose = events == null ? null : events.composeHash();
    out.add(events == null
        ? LinkResult.fail(Link.COMPOSE, "not checked: the event log is not backed by a verified quote")
        : compose(evidence.appCompose(), events, appId, deployedComposeHash));

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

  private static LinkResult replay(Rtmrs replayed, TdReport td, int events) {
    for (int i = 0; i < 4; i++) {
      if (!replayed.get(i).equals(td.rtmr(i))) {
        return LinkResult.fail(Link.RTMR, "the event log replays RTMR" + i + " to " + replayed.get(i).hex()
            + ", the quote has " + td.rtmr(i).hex());
      }
    }
    return LinkResult.pass(Link.RTMR, events + " events replay to the quote's RTMR0-3 (RTMR3 "
        + td.rtmr(3).hex().substring(0, 16) + "...)");
  }

  private static LinkResult compose(String appCompose, DstackRuntimeEvents events, AppId appId, Bytes32 deployed) {
    Bytes32 measured = events.composeHash();
    AppId measuredApp = events.appId();
    if (measured == null || measuredApp == null) {
      return LinkResult.fail(Link.COMPOSE, "the event log has no compose-hash or app-id event");
    }
    Bytes32 shown = ComposeHash.of(appCompose.getBytes(StandardCharsets.UTF_8));
    if (!shown.equals(measured)) {
      return LinkResult.fail(Link.COMPOSE, "the app-compose.json shown hashes to 0x" + shown.hex()
          + ", but the enclave measured compose hash 0x" + measured.hex());
    }
    if (!measured.equals(deployed)) {
      return LinkResult.fail(Link.COMPOSE, "the enclave runs compose hash 0x" + measured.hex()
          + ", not the deployed 0x" + deployed.hex());
    }
    if (!measuredApp.equals(appId)) {
      return LinkResult.fail(Link.COMPOSE, "the enclave measured app id 0x" + measuredApp.hex()
          + ", not 0x" + appId.hex());
    }
    return LinkResult.pass(Link.COMPOSE, "app-compose.json hashes to the measured compose hash 0x"
        + measured.hex().substring(0, 16) + "...; measured app id 0x" + appId.hex() + " (its DstackApp)");
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
}
