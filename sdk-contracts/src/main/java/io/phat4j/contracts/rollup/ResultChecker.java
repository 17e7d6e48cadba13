package io.phat4j.contracts.rollup;

import io.phat4j.attestation.dcap.ReportBody;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.contracts.chain.BlockRef;
import io.phat4j.contracts.chain.ContractRevertedException;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.chain.NoContractException;
import io.phat4j.contracts.kms.DstackApp;
import io.phat4j.contracts.kms.DstackKms;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.CryptoException;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.dstack.DstackRuntimeEvents;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks the chain of trust of a committed result, link by link (see {@link TrustLink}).
 *
 * <ol>
 *   <li>{@link TrustLink#ATTESTOR_ROLE}: {@code hasRole(ATTESTOR_ROLE, attestor)} by {@code
 *       eth_call} at the result's block (the state after that block), or at the latest block
 *       with {@link Builder#requireRoleNow(boolean)}; for a meta-transaction the signature must
 *       also recover to the attestor;
 *   <li>{@link TrustLink#ATTESTOR_BOUND_TO_APP}: from {@link AttestorEvidence};
 *   <li>{@link TrustLink#COMPOSE_HASH_ALLOWED}: {@code DstackApp(appId).allowedComposeHashes}
 *       at the result's block;
 *   <li>{@link TrustLink#RESULT_HASH}: the result in the reply payload hashes to the expected
 *       hash, using a {@link PayloadHasher} (default: the example consumer's layout).
 * </ol>
 *
 * <p>Every link is checked and reported, also after a failure. A chain read that cannot be made
 * (node unreachable) is thrown rather than reported as a failed link; a contract that is missing
 * or reverts fails its link. Immutable and thread-safe.
 */
public final class ResultChecker {
  private final RollupAnchorReader reader;
  private final @Nullable EvmAddress kms;
  private final boolean requireRoleNow;
  private final PayloadHasher hasher;

  private ResultChecker(Builder b) {
    this.reader = Objects.requireNonNull(b.reader, "reader is required");
    this.kms = b.kms;
    this.requireRoleNow = b.requireRoleNow;
    this.hasher = b.hasher;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks one result.
   *
   * @param result the committed action (a reply)
   * @param evidence binds the attestor to an attested app
   * @param expectedResultHash the hash the result must have, e.g. from the consumer's {@code
   *     ResultReceived} event or from the result you were handed off-chain
   * @return every link with its outcome
   */
  public ResultCheck check(RollupResult result, AttestorEvidence evidence, Bytes32 expectedResultHash) {
    BlockRef at = BlockRef.number(result.commit().blockNumber());
    List<LinkCheck> links = new ArrayList<>(4);
    links.add(checkRole(result.commit()));
    Binding binding = bind(result.commit().attestor(), evidence, at);
    links.add(binding.check());
    links.add(checkComposeHash(binding, at));
    links.add(checkResultHash(result.action(), expectedResultHash));
    return new ResultCheck(result, links);
  }

  private LinkCheck checkRole(RollupCommit commit) {
    if (!commit.signatureVerified()) {
      return LinkCheck.fail(TrustLink.ATTESTOR_ROLE,
          "the meta-transaction signature does not recover to req.from " + commit.attestor());
    }
    long block = requireRoleNow ? reader.chain().blockNumber() : commit.blockNumber();
    boolean holds;
    try {
      holds = reader.isAttestor(commit.attestor(), BlockRef.number(block));
    } catch (NoContractException | ContractRevertedException | DecodeException e) {
      return LinkCheck.fail(TrustLink.ATTESTOR_ROLE, "hasRole could not be read on the anchor: " + e.getMessage());
    }
    String when = requireRoleNow ? "at the latest block " + block : "at block " + block;
    return holds
        ? LinkCheck.pass(TrustLink.ATTESTOR_ROLE, commit.attestor() + " held ATTESTOR_ROLE " + when)
        : LinkCheck.fail(TrustLink.ATTESTOR_ROLE, commit.attestor() + " did not hold ATTESTOR_ROLE " + when);
  }

  /** The app an attestor is bound to, if the binding holds. */
  private record Binding(LinkCheck check, @Nullable AppId appId, @Nullable Bytes32 composeHash) {}

  private Binding bind(EvmAddress attestor, AttestorEvidence evidence, BlockRef at) {
    return switch (evidence) {
      case AttestorEvidence.Quote q -> bindByQuote(attestor, q);
      case AttestorEvidence.KeyChain k -> bindByKeyChain(attestor, k, at);
    };
  }

  private static Binding bindByQuote(EvmAddress attestor, AttestorEvidence.Quote evidence) {
    ReportBody body = evidence.quote().report();
    if (!(body instanceof TdReport td)) {
      return failedBinding("the quote is not a TDX quote, so it carries no dstack app identity");
    }
    DstackRuntimeEvents events;
    try {
      if (!evidence.eventLog().replay().rtmr3().equals(td.rtmr(3))) {
        return failedBinding("the event log does not replay to the quote's RTMR3");
      }
      events = evidence.eventLog().runtimeEvents();
    } catch (io.phat4j.core.PhalaException e) {
      return failedBinding("the event log is invalid: " + e.getMessage());
    }
    AppId appId = events.appId();
    Bytes32 composeHash = events.composeHash();
    if (appId == null || composeHash == null) {
      return failedBinding("the event log has no app-id or compose-hash event");
    }
    byte[] reportData = td.reportData();
    byte[] expected = new byte[32];
    System.arraycopy(attestor.toByteArray(), 0, expected, 0, 20);
    if (!MessageDigest.isEqual(Arrays.copyOfRange(reportData, 0, 32), expected)) {
      return failedBinding("report_data[0..32] is " + Hex.encode0x(Arrays.copyOfRange(reportData, 0, 32))
          + ", not the attestor " + attestor + " padded with zeros");
    }
    byte[] nonce = evidence.nonce();
    if (nonce != null && !MessageDigest.isEqual(Arrays.copyOfRange(reportData, 32, 64), nonce)) {
      return failedBinding("report_data[32..64] is not the expected nonce");
    }
    return new Binding(
        LinkCheck.pass(TrustLink.ATTESTOR_BOUND_TO_APP, "a verified TDX quote (" + evidence.quote().status()
            + ") of app " + EvmAddress.of(appId) + " commits to " + attestor + (nonce != null ? " and the nonce" : "")),
        appId, composeHash);
  }

  private Binding bindByKeyChain(EvmAddress attestor, AttestorEvidence.KeyChain evidence, BlockRef at) {
    KeySignatureChain chain = evidence.chain();
    if (!chain.derivedAddress().equals(attestor)) {
      return failedBinding("the signature chain's key has address " + chain.derivedAddress() + ", not " + attestor);
    }
    if (kms == null) {
      return failedBinding("no DstackKms contract was configured to read the KMS root key from");
    }
    Secp256k1PublicKey root;
    try {
      root = chain.recoverKmsRoot();
    } catch (CryptoException e) {
      return failedBinding("the signature chain does not verify: " + e.getMessage());
    }
    Secp256k1PublicKey onChain;
    try {
      onChain = Secp256k1PublicKey.of(DstackKms.at(reader.chain(), kms).kmsInfo(at).k256Pubkey());
    } catch (NoContractException | ContractRevertedException | DecodeException e) {
      return failedBinding("the KMS root key could not be read from " + kms + ": " + e.getMessage());
    }
    if (!MessageDigest.isEqual(root.compressed(), onChain.compressed())) {
      return failedBinding("the signature chain ends at " + root.compressedHex0x() + ", not the KMS root "
          + onChain.compressedHex0x() + " of " + kms);
    }
    return new Binding(
        LinkCheck.pass(TrustLink.ATTESTOR_BOUND_TO_APP, "the key of " + attestor + " was issued to app "
            + EvmAddress.of(chain.appId()) + " under the KMS root of " + kms),
        chain.appId(), evidence.composeHash());
  }

  private LinkCheck checkComposeHash(Binding binding, BlockRef at) {
    if (binding.appId() == null || binding.composeHash() == null) {
      return LinkCheck.fail(TrustLink.COMPOSE_HASH_ALLOWED, "no attested app to check (the binding failed)");
    }
    EvmAddress app = EvmAddress.of(binding.appId());
    try {
      boolean allowed = DstackApp.at(reader.chain(), app).isComposeHashAllowed(binding.composeHash(), at);
      return allowed
          ? LinkCheck.pass(TrustLink.COMPOSE_HASH_ALLOWED, "DstackApp " + app + " allows compose hash " + binding.composeHash())
          : LinkCheck.fail(TrustLink.COMPOSE_HASH_ALLOWED, "DstackApp " + app + " does not allow compose hash " + binding.composeHash());
    } catch (NoContractException e) {
      return LinkCheck.fail(TrustLink.COMPOSE_HASH_ALLOWED, "no DstackApp contract at the app id " + app);
    } catch (ContractRevertedException | DecodeException e) {
      return LinkCheck.fail(TrustLink.COMPOSE_HASH_ALLOWED, "the DstackApp at " + app + " could not be read: " + e.getMessage());
    }
  }

  private LinkCheck checkResultHash(RollupAction action, Bytes32 expected) {
    if (action.type() != RollupActionType.REPLY) {
      return LinkCheck.fail(TrustLink.RESULT_HASH, "a " + action.type().wireName() + " action carries no result");
    }
    Bytes32 actual;
    try {
      actual = hasher.resultHash(action.payload());
    } catch (DecodeException e) {
      return LinkCheck.fail(TrustLink.RESULT_HASH, "the reply payload does not decode: " + e.getMessage());
    }
    return MessageDigest.isEqual(actual.toByteArray(), expected.toByteArray())
        ? LinkCheck.pass(TrustLink.RESULT_HASH, "the reply's result hashes to " + expected)
        : LinkCheck.fail(TrustLink.RESULT_HASH, "the reply's result hashes to " + actual + ", not " + expected);
  }

  private static Binding failedBinding(String reason) {
    return new Binding(LinkCheck.fail(TrustLink.ATTESTOR_BOUND_TO_APP, reason), null, null);
  }

  /** Builds a {@link ResultChecker}. */
  public static final class Builder {
    private @Nullable RollupAnchorReader reader;
    private @Nullable EvmAddress kms;
    private boolean requireRoleNow;
    private PayloadHasher hasher = PayloadHasher.EXAMPLE_CONSUMER;

    private Builder() {}

    /**
     * Sets the reader of the anchor the results come from (required).
     *
     * @param reader the reader
     * @return this builder
     */
    public Builder reader(RollupAnchorReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
      return this;
    }

    /**
     * Sets the DstackKms contract whose {@code kmsInfo().k256Pubkey} is the trusted KMS root
     * (needed for {@link AttestorEvidence.KeyChain}).
     *
     * @param kms the contract, on the same chain as the anchor
     * @return this builder
     */
    public Builder kms(EvmAddress kms) {
      this.kms = Objects.requireNonNull(kms, "kms");
      return this;
    }

    /**
     * Requires the attestor to still hold the role at the latest block, not only at the result's
     * block, so that revoking an attestor withdraws trust in its past results (default false).
     *
     * @param now true to check at the latest block
     * @return this builder
     */
    public Builder requireRoleNow(boolean now) {
      this.requireRoleNow = now;
      return this;
    }

    /**
     * Sets how a reply payload's result hash is computed (default {@link
     * PayloadHasher#EXAMPLE_CONSUMER}).
     *
     * @param hasher the consumer's payload rule
     * @return this builder
     */
    public Builder payloadHasher(PayloadHasher hasher) {
      this.hasher = Objects.requireNonNull(hasher, "hasher");
      return this;
    }

    /**
     * Builds the checker.
     *
     * @return the checker
     */
    public ResultChecker build() {
      return new ResultChecker(this);
    }
  }
}
