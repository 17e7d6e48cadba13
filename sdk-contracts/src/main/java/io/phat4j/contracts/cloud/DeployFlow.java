package io.phat4j.contracts.cloud;

import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import io.phat4j.core.PhalaTransportException;
import io.phat4j.core.crypto.EnvEncryptor;
import io.phat4j.core.crypto.EnvKeySignatureVerifier;
import io.phat4j.core.crypto.KmsSignatureException;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.crypto.X25519PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The deploy and update flows on top of the typed calls; one instance per call. */
final class DeployFlow {
  /** How often a commit is sent at most: once, plus once more if the server proved it missing. */
  private static final int COMMIT_ATTEMPTS = 2;

  private static final Duration MAX_THROTTLE_WAIT = Duration.ofSeconds(60);

  private final PhalaCloudClient client;
  private final CvmsApi cvms;
  private final DeployOptions options;
  private final DeployListener listener;

  DeployFlow(PhalaCloudClient client, DeployOptions options) {
    this.client = client;
    this.cvms = client.cvms();
    this.options = options;
    this.listener = options.listener();
  }

  DeployResult deploy(AppSpec spec, @Nullable OnChainApp onChain) {
    emit(DeployEvent.Stage.VALIDATED, "app spec " + spec.name() + " is valid", null);
    Provision provision = cvms.provision(spec.toProvisionRequest());
    emit(
        DeployEvent.Stage.PROVISIONED,
        "compose hash " + provision.composeHash() + ", app id " + provision.appId(),
        null);
    AppId appId;
    if (onChain != null) {
      appId = onChain.contract();
    } else if (provision.appId() != null && !provision.appId().isBlank()) {
      appId = AppId.fromHex("app_id", provision.appId());
    } else {
      throw new DecodeException(
          "app_id",
          "provision returned none, so the app uses an on-chain KMS: deploy its DstackApp"
              + " contract and call deployOnChain with its address");
    }
    String encryptedEnv = null;
    if (!spec.env().isEmpty()) {
      // For an on-chain app the provision's key (if any) belongs to no contract yet: ask the KMS.
      String offered = onChain == null ? provision.appEnvEncryptPubkey() : null;
      X25519PublicKey key =
          envKey(offered, provision.kmsInfo(), provision.kmsId(), provision.kmsContractId(), appId);
      encryptedEnv = encrypt(key, spec);
    }
    CommitRequest commit =
        new CommitRequest(
            appId.hex(),
            provision.composeHash(),
            encryptedEnv,
            provision.kmsId(),
            onChain == null ? null : "0x" + appId.hex(),
            onChain == null ? null : onChain.deployerAddress(),
            spec.envKeys());
    return commitAndWatch(commit);
  }

  DeployResult confirm(DeployResult.Pending pending) {
    if (pending.commit() != null) {
      return commitAndWatch(pending.commit());
    }
    CvmId cvm = pending.cvm();
    ComposeUpdateCommit update = pending.update();
    if (cvm == null || update == null) {
      throw new IllegalArgumentException("pending result has neither a commit nor an update");
    }
    return commitUpdateAndWatch(cvm, update);
  }

  DeployResult update(CvmId cvm, AppSpec spec) {
    emit(DeployEvent.Stage.VALIDATED, "app spec " + spec.name() + " is valid", null);
    CvmComposeFile current = cvms.composeFile(cvm);
    boolean newEnv = !spec.env().isEmpty();
    CvmComposeFile next =
        current
            .withDockerComposeFile(spec.dockerComposeFile())
            .withPreLaunchScript(spec.preLaunchScript());
    // Without new env vars the CVM keeps its encrypted env, so keep the names it accepts too.
    if (newEnv || spec.allowedEnvsGiven()) {
      next = next.withAllowedEnvs(spec.allowedEnvs());
    }
    ComposeUpdateProvision provision =
        cvms.provisionComposeUpdate(cvm, next, newEnv ? Boolean.TRUE : null);
    emit(DeployEvent.Stage.PROVISIONED, "compose hash " + provision.composeHash(), null);
    if (provision.unchanged() && !newEnv) {
      // Nothing to commit: committing anyway would restart a CVM that did not change.
      return unchanged(cvm, provision.composeHash(), "compose unchanged; nothing to update");
    }
    String encryptedEnv = null;
    if (newEnv) {
      CvmInfo info = cvms.info(cvm);
      String appIdHex = provision.appId() != null ? provision.appId() : info.appId();
      if (appIdHex == null) {
        throw new DecodeException("app_id", "neither the compose provision nor the CVM has one");
      }
      AppId appId = AppId.fromHex("app_id", appIdHex);
      String knownKey = info.kmsInfo() == null ? null : info.kmsInfo().encryptedEnvPubkey();
      X25519PublicKey key = envKey(knownKey, provision.kmsInfo(), null, null, appId);
      encryptedEnv = encrypt(key, spec);
    }
    ComposeUpdateCommit commit =
        new ComposeUpdateCommit(
            provision.composeHash(),
            encryptedEnv,
            newEnv ? spec.envKeys() : null,
            newEnv ? Boolean.TRUE : null);
    return commitUpdateAndWatch(cvm, commit);
  }

  private DeployResult commitAndWatch(CommitRequest commit) {
    Instant deadline = client.clock().instant().plus(options.timeout());
    Outcome<Vm> outcome = null;
    CvmId recovered = null;
    for (int attempt = 1; outcome == null && recovered == null; attempt++) {
      try {
        outcome = cvms.commit(commit);
      } catch (PhalaTransportException e) {
        // The commit may or may not have reached the server: look before sending it again.
        emit(DeployEvent.Stage.COMMIT_UNCERTAIN, "commit answer lost: " + e.getMessage(), null);
        CvmInfo existing = findByAppId(commit.appId());
        if (existing != null) {
          recovered = idOf(existing.vmUuid(), existing.id(), commit.appId());
        } else if (attempt >= COMMIT_ATTEMPTS) {
          throw e;
        }
      } catch (CloudServerException e) {
        // A 5xx (a gateway timing out, a crash after the insert) does not say the CVM was not created:
        // report it as created if it exists, and never send the commit again on a server error.
        emit(DeployEvent.Stage.COMMIT_UNCERTAIN, "commit answered " + e.error().status() + ": " + e.getMessage(), null);
        CvmInfo existing = findByAppId(commit.appId());
        if (existing == null) {
          throw e;
        }
        recovered = idOf(existing.vmUuid(), existing.id(), commit.appId());
      } catch (CloudConflictException e) {
        // An app-id conflict on the repeated commit means the first one did create the CVM after all.
        CvmInfo existing = attempt > 1 && e.isAppIdConflict() ? findByAppId(commit.appId()) : null;
        if (existing == null) {
          throw e;
        }
        recovered = idOf(existing.vmUuid(), existing.id(), commit.appId());
      } catch (CloudRateLimitException e) {
        // A 429 means the server did not act on the commit, so repeating it is safe.
        if (attempt >= COMMIT_ATTEMPTS) {
          throw e;
        }
        Duration wait = e.retryAfter() != null ? e.retryAfter() : options.pollInterval();
        if (wait.compareTo(MAX_THROTTLE_WAIT) > 0) {
          throw e;
        }
        emit(DeployEvent.Stage.THROTTLED, "commit throttled; retrying in " + wait, null);
        sleep(wait);
      }
    }
    Vm vm = null;
    CvmId cvmId;
    if (recovered != null) {
      cvmId = recovered;
    } else if (outcome instanceof Outcome.Accepted<Vm> accepted) {
      vm = accepted.value();
      cvmId = idOf(vm.vmUuid(), vm.id(), commit.appId());
    } else {
      OnChainRegistrationRequired registration =
          ((Outcome.RegistrationRequired<Vm>) outcome).registration();
      emit(DeployEvent.Stage.REGISTRATION_REQUIRED, registration.message(), null);
      return new DeployResult.Pending(registration, commit, null, null);
    }
    emit(DeployEvent.Stage.COMMITTED, "CVM " + cvmId + " created", null);
    CvmState state = awaitRunning(cvmId, deadline, s -> true);
    return new DeployResult.Running(
        new Deployment(
            cvmId,
            AppId.fromHex("app_id", commit.appId()),
            Bytes32.fromHex("compose_hash", commit.composeHash()),
            vm,
            state));
  }

  private DeployResult commitUpdateAndWatch(CvmId cvm, ComposeUpdateCommit commit) {
    Instant deadline = client.clock().instant().plus(options.timeout());
    Outcome<UpdateAccepted> outcome = null;
    for (int attempt = 1; outcome == null; attempt++) {
      try {
        outcome = cvms.commitComposeUpdate(cvm, commit);
      } catch (PhalaTransportException e) {
        emit(DeployEvent.Stage.COMMIT_UNCERTAIN, "update answer lost: " + e.getMessage(), null);
        if (updateLanded(cvm, commit)) {
          outcome = new Outcome.Accepted<>(new UpdateAccepted("in_progress", null, null, null));
        } else if (attempt >= COMMIT_ATTEMPTS) {
          throw e;
        }
      } catch (CloudServerException e) {
        // As for a create: a 5xx may come after the server applied the update. Look, never resend.
        emit(DeployEvent.Stage.COMMIT_UNCERTAIN, "update answered " + e.error().status() + ": " + e.getMessage(), null);
        if (!updateLanded(cvm, commit)) {
          throw e;
        }
        outcome = new Outcome.Accepted<>(new UpdateAccepted("in_progress", null, null, null));
      }
    }
    if (outcome instanceof Outcome.RegistrationRequired<UpdateAccepted> r) {
      emit(DeployEvent.Stage.REGISTRATION_REQUIRED, r.registration().message(), null);
      return new DeployResult.Pending(r.registration(), null, cvm, commit);
    }
    if (outcome instanceof Outcome.Accepted<UpdateAccepted> a && a.value().noChange()) {
      return unchanged(cvm, commit.composeHash(), "the server found nothing to change");
    }
    emit(DeployEvent.Stage.COMMITTED, "update of " + cvm + " accepted", null);
    // A CVM that still runs the old compose also says "running"; wait for the new hash.
    CvmState state =
        awaitRunning(
            cvm,
            deadline,
            s -> commit.composeHash().equalsIgnoreCase(String.valueOf(cvms.info(cvm).composeHash())));
    CvmInfo info = cvms.info(cvm);
    return new DeployResult.Running(
        new Deployment(
            cvm,
            AppId.fromHex("app_id", String.valueOf(info.appId())),
            Bytes32.fromHex("compose_hash", commit.composeHash()),
            null,
            state));
  }

  /** An update with nothing to apply: no commit, no restart, no wait; report the CVM as it is. */
  private DeployResult unchanged(CvmId cvm, String composeHash, String why) {
    CvmInfo info = cvms.info(cvm);
    String hash = info.composeHash() != null && !info.composeHash().isBlank() ? info.composeHash() : composeHash;
    CvmState state =
        new CvmState(
            info.id(), info.instanceId(), info.name(), info.status(), null, null, null, null, null);
    emit(DeployEvent.Stage.UNCHANGED, why + "; CVM " + cvm + " keeps compose hash " + hash, state);
    return new DeployResult.Running(
        new Deployment(
            cvm,
            AppId.fromHex("app_id", String.valueOf(info.appId())),
            Bytes32.fromHex("compose_hash", hash),
            null,
            state));
  }

  /** Whether the CVM already shows the update: its new compose hash, or an operation under way. */
  private boolean updateLanded(CvmId cvm, ComposeUpdateCommit commit) {
    CvmInfo info = cvms.info(cvm);
    return commit.composeHash().equalsIgnoreCase(String.valueOf(info.composeHash()))
        || (info.progress() != null && info.progress().correlationId() != null);
  }

  private @Nullable CvmInfo findByAppId(String appId) {
    try {
      return cvms.info(CvmId.ofAppId(AppId.fromHex("app_id", appId)));
    } catch (CloudNotFoundException e) {
      return null;
    }
  }

  /** The hashed id when the API gave one, else the VM UUID, else {@code app_<id>}; never {@code 0}. */
  private static CvmId idOf(@Nullable String vmUuid, @Nullable String id, String appId) {
    return CvmId.from(id, vmUuid, AppId.fromHex("app_id", appId));
  }

  /**
   * Returns the key to encrypt to: verified against the trusted KMS root when one is configured
   * (fail closed), else the key the server handed out.
   */
  private X25519PublicKey envKey(
      @Nullable String offeredHex,
      @Nullable KmsInfo kms,
      @Nullable String kmsId,
      @Nullable String kmsContractId,
      AppId appId) {
    Secp256k1PublicKey root = trustedRoot(kmsContractId);
    if (root == null && offeredHex != null) {
      emit(DeployEvent.Stage.KEY_UNVERIFIED, "env key not verified: no trusted KMS key given", null);
      return X25519PublicKey.fromHex("app_env_encrypt_pubkey", offeredHex);
    }
    String kmsRef = "phala";
    if (kms != null && kms.slug() != null) {
      kmsRef = kms.slug();
    } else if (kms != null && kms.id() != null) {
      kmsRef = kms.id();
    } else if (kmsId != null) {
      kmsRef = kmsId;
    }
    EnvEncryptPublicKey signed = client.kms().envEncryptPublicKey(kmsRef, appId);
    X25519PublicKey key = X25519PublicKey.fromHex("public_key", signed.publicKey());
    if (offeredHex != null && !key.equals(X25519PublicKey.fromHex("app_env_encrypt_pubkey", offeredHex))) {
      throw new KmsSignatureException(
          KmsSignatureException.Reason.NOT_TRUSTED,
          "the provision's env key differs from the key the KMS signed");
    }
    if (root == null) {
      emit(DeployEvent.Stage.KEY_UNVERIFIED, "env key not verified: no trusted KMS key given", null);
      return key;
    }
    if (signed.signature() == null || signed.signature().isBlank()) {
      throw new KmsSignatureException(
          KmsSignatureException.Reason.MALFORMED,
          "the KMS returned no signature for the env key, but a trusted KMS key was given");
    }
    EnvKeySignatureVerifier verifier =
        EnvKeySignatureVerifier.builder()
            .trustedKmsKey(root)
            .clock(client.clock())
            .build();
    verifier.verifyLegacy(
        appId, key, Hex.decode("signature", signed.signature(), EnvKeySignatureVerifier.SIGNATURE_LENGTH));
    emit(
        DeployEvent.Stage.KEY_VERIFIED,
        options.trustedKmsKey() != null
            ? "env key signed by the trusted KMS root"
            : "env key signed by the root key of KMS contract " + kmsContractId,
        null);
    return key;
  }

  /**
   * The key the env key's signature must recover to: the pinned root if the caller gave one, else
   * (API 2026-06-23 and later) the {@code k256_pubkey} of the KMS contract the provision named.
   * Looking the contract up fails closed: an error here stops the deploy.
   */
  private @Nullable Secp256k1PublicKey trustedRoot(@Nullable String kmsContractId) {
    if (options.trustedKmsKey() != null) {
      return options.trustedKmsKey();
    }
    if (kmsContractId == null || kmsContractId.isBlank() || !client.version().hasKmsContracts()) {
      return null;
    }
    KmsContract contract = client.kms().contract(kmsContractId);
    Secp256k1PublicKey root = contract.rootKey();
    if (root == null) {
      emit(DeployEvent.Stage.KEY_UNVERIFIED, "KMS contract " + kmsContractId + " publishes no k256_pubkey", null);
    }
    return root;
  }

  private String encrypt(X25519PublicKey key, AppSpec spec) {
    String hex =
        EnvEncryptor.create(key, new LinkedHashSet<>(spec.allowedEnvs())).encrypt(spec.env()).hex();
    emit(DeployEvent.Stage.ENV_ENCRYPTED, "encrypted " + spec.env().size() + " env vars", null);
    return hex;
  }

  /** Watches the state stream, falling back to polling, until running, failure or deadline. */
  private CvmState awaitRunning(CvmId cvm, Instant deadline, Predicate<CvmState> current) {
    CvmState[] last = new CvmState[1];
    Predicate<CvmState> done =
        state -> {
          last[0] = state;
          emit(DeployEvent.Stage.STATE, "status " + state.status().raw(), state);
          if (state.failed()) {
            throw bootError(cvm, state);
          }
          return state.status().is(CvmStatus.Kind.RUNNING) && current.test(state);
        };
    Duration remaining = Duration.between(client.clock().instant(), deadline);
    if (!remaining.isNegative() && !remaining.isZero()) {
      try {
        CvmState state =
            cvms.watchState(cvm, "running", options.pollInterval(), remaining, done);
        if (state != null) {
          emit(DeployEvent.Stage.RUNNING, "CVM " + cvm + " is running", state);
          return state;
        }
        emit(DeployEvent.Stage.POLLING, "state stream ended; polling", last[0]);
      } catch (PhalaTransportException | DecodeException e) {
        emit(DeployEvent.Stage.POLLING, "state stream broke (" + e.getMessage() + "); polling", last[0]);
      } catch (PhalaCloudException e) {
        if (e instanceof CloudAuthException) {
          throw e;
        }
        emit(DeployEvent.Stage.POLLING, "state stream unavailable; polling", last[0]);
      }
    }
    while (true) {
      CvmState state = cvms.state(cvm);
      if (done.test(state)) {
        emit(DeployEvent.Stage.RUNNING, "CVM " + cvm + " is running", state);
        return state;
      }
      Instant now = client.clock().instant();
      if (!now.isBefore(deadline)) {
        throw new DeploymentFailedException(
            DeploymentFailedException.Reason.TIMEOUT,
            cvm.value(),
            state,
            "CVM did not reach running within " + options.timeout() + "; last status " + state.status().raw());
      }
      Duration wait = Duration.between(now, deadline);
      sleep(wait.compareTo(options.pollInterval()) < 0 ? wait : options.pollInterval());
    }
  }

  private static DeploymentFailedException bootError(CvmId cvm, CvmState state) {
    return new DeploymentFailedException(
        DeploymentFailedException.Reason.BOOT_ERROR,
        cvm.value(),
        state,
        "CVM failed to boot: "
            + (state.bootError() != null ? state.bootError() : "status " + state.status().raw()));
  }

  private void sleep(Duration duration) {
    try {
      client.sleeper().sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PhalaException("interrupted while waiting for the CVM", e);
    }
  }

  private void emit(DeployEvent.Stage stage, String message, @Nullable CvmState state) {
    listener.onEvent(new DeployEvent(stage, message, state));
  }
}
