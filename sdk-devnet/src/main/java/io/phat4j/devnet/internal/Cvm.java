package io.phat4j.devnet.internal;

import io.phat4j.attestation.os.VmConfig;
import io.phat4j.core.AppId;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import io.phat4j.core.crypto.EnvDecryptor;
import io.phat4j.core.crypto.EnvVar;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated confidential VM: its identity, its measured log, its guest agent and its
 * lifecycle (creating → starting → running → stopping → stopped …), driven on a virtual thread.
 *
 * <p>State changes are published under this object's monitor; watchers wait on it with
 * {@link #awaitChange}.
 */
public final class Cvm implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Cvm.class);

  private final long id;
  private final String vmUuid;
  private volatile ProvisionedApp app;
  private final byte[] instanceId;
  private volatile String encryptedEnvHex;
  private volatile List<String> envKeys;
  private final Platform platform;
  private final Instant createdAt;
  private final GuestAgent agent;
  private final LoopbackServer agentServer;

  private String status = "creating";
  private @Nullable String bootProgress;
  private @Nullable String bootError;
  private @Nullable String shutdownProgress;
  private @Nullable Instant runningSince;
  private @Nullable Instant exitedAt;
  private long version;
  private int generation;
  private MeasuredLog log;
  private AppLauncher.@Nullable RunningApp runningApp;
  private @Nullable Thread lifecycle;
  private volatile Map<String, String> visibleEnv = Map.of();
  private volatile boolean deleted;
  private boolean agentUp;
  private final List<State> history = new java.util.ArrayList<>();

  Cvm(long id, ProvisionedApp app, String encryptedEnvHex, List<String> envKeys, Platform platform) {
    this.id = id;
    this.vmUuid = UUID.randomUUID().toString();
    this.app = app;
    byte[] seed = new byte[20];
    new SecureRandom().nextBytes(seed);
    this.instanceId = java.util.Arrays.copyOf(sha256(seed, app.appId().toByteArray()), 20);
    this.encryptedEnvHex = encryptedEnvHex;
    this.envKeys = List.copyOf(envKeys);
    this.platform = platform;
    this.createdAt = platform.clock().instant();
    this.log = new MeasuredLog(platform.image(), vmConfig());
    this.agent = new GuestAgent(this, platform);
    this.agentServer = new LoopbackServer("guest agent of " + app.name(), agent::handle);
  }

  /** Boots the CVM in the background. */
  public synchronized void start() {
    if (deleted) {
      throw new IllegalStateException("CVM " + vmUuid + " is deleted");
    }
    if (lifecycle != null && lifecycle.isAlive()) {
      return;
    }
    int gen = ++generation;
    lifecycle = Thread.ofVirtual().name("devnet-cvm-" + app.name()).start(() -> boot(gen));
  }

  /**
   * Stops the CVM (the app is asked to stop, the agent stops answering).
   *
   * @param finalStatus {@code stopped} or {@code shutdown}
   */
  public void stop(String finalStatus) {
    Thread t;
    synchronized (this) {
      generation++;
      agentUp = false;
      history.clear();
      t = lifecycle;
      publish("stopping", null, null, "stopping containers");
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    stopApp();
    synchronized (this) {
      runningSince = null;
      exitedAt = platform.clock().instant();
      publish(finalStatus, null, null, null);
    }
  }

  /**
   * Replaces the compose (same app id) and optionally the env, and reboots: what a committed
   * compose or env update does.
   *
   * @param newApp the provisioned new compose
   * @param newEnvHex the new encrypted env, or null to keep the current one
   * @param newEnvKeys the new env names, or null to keep them
   */
  public void update(ProvisionedApp newApp, @Nullable String newEnvHex, @Nullable List<String> newEnvKeys) {
    stop("stopped");
    synchronized (this) {
      app = newApp;
      if (newEnvHex != null) {
        encryptedEnvHex = newEnvHex;
      }
      if (newEnvKeys != null) {
        envKeys = List.copyOf(newEnvKeys);
      }
    }
    start();
  }

  /** Stops and deletes the CVM. */
  @Override
  public void close() {
    stop("stopped");
    synchronized (this) {
      deleted = true;
      publish("deleted", null, null, null);
    }
    agentServer.close();
  }

  private void boot(int gen) {
    try {
      synchronized (this) {
        log = new MeasuredLog(platform.image(), vmConfig());
        agentUp = false;
        exitedAt = null;
        history.clear();
        publish("starting", "booting " + platform.image().name(), null, null);
      }
      pause();
      measureApp();
      step(gen, "starting", "decrypting env with the KMS app key");
      Map<String, String> env = decryptEnv();
      visibleEnv = env;
      step(gen, "starting", "pulling images");
      step(gen, "starting", "starting containers");
      AppLauncher.RunningApp started = platform.launcher().launch(this, env, agentServer.baseUri());
      synchronized (this) {
        if (gen != generation) {
          if (started != null) {
            started.stop();
          }
          return;
        }
        runningApp = started;
        runningSince = platform.clock().instant();
        publish("running", null, null, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (PhalaException | IllegalStateException e) {
      LOG.debug("devnet CVM {} failed to boot", app.name(), e);
      synchronized (this) {
        publish("error", null, "boot failed: " + e.getMessage(), null);
      }
    }
  }

  /**
   * Returns this CVM's {@code vm_config}: its shape and the image's lite measurement.
   *
   * @return the configuration
   */
  public VmConfig vmConfig() {
    return platform.image().vmConfig(app.vcpu(), (long) app.memoryMb() * 1024 * 1024);
  }

  /** Emits dstack's boot-time runtime events, in dstack-util's order. */
  private void measureApp() throws InterruptedException {
    MeasuredLog l;
    synchronized (this) {
      l = log;
      publish("starting", "measuring app", null, null);
    }
    l.runtimeEvent("system-preparing", new byte[0]);
    l.runtimeEvent("app-id", app.appId().toByteArray());
    l.runtimeEvent("compose-hash", app.composeHash().toByteArray());
    l.runtimeEvent("instance-id", instanceId.clone());
    l.runtimeEvent("boot-mr-done", new byte[0]);
    l.runtimeEvent("key-provider", keyProviderJson().getBytes(StandardCharsets.UTF_8));
    l.runtimeEvent("os-image-hash", platform.image().osImageHash().toByteArray());
    l.runtimeEvent("storage-fs", app.storageFs().getBytes(StandardCharsets.UTF_8));
    l.runtimeEvent("system-ready", new byte[0]);
    synchronized (this) {
      agentUp = log == l;
    }
    pause();
  }

  private Map<String, String> decryptEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    if (encryptedEnvHex.isEmpty()) {
      return env;
    }
    List<EnvVar> vars = EnvDecryptor.create(platform.kms().envKey(app.appId())).decrypt(encryptedEnvHex);
    for (EnvVar v : vars) {
      // Only names the compose allows reach the app (dstack issue #832).
      if (app.allowedEnvs().contains(v.key())) {
        env.put(v.key(), v.value().reveal());
      }
    }
    return Map.copyOf(env);
  }

  private void step(int gen, String newStatus, String progress) throws InterruptedException {
    synchronized (this) {
      if (gen != generation) {
        throw new InterruptedException("superseded");
      }
      publish(newStatus, progress, null, null);
    }
    pause();
  }

  private void pause() throws InterruptedException {
    long millis = platform.bootStep().toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private void stopApp() {
    AppLauncher.RunningApp a;
    synchronized (this) {
      a = runningApp;
      runningApp = null;
    }
    if (a != null) {
      a.stop();
    }
  }

  private void publish(String newStatus, @Nullable String progress, @Nullable String error, @Nullable String shutdown) {
    status = newStatus;
    bootProgress = progress;
    bootError = error;
    shutdownProgress = shutdown;
    version++;
    history.add(state());
    notifyAll();
  }

  /**
   * Waits until the state changes past {@code seenVersion} or the time is up.
   *
   * @param seenVersion the version the caller last saw
   * @param timeout the longest wait
   * @return the current state
   * @throws InterruptedException if interrupted
   */
  public synchronized State awaitChange(long seenVersion, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (version == seenVersion) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return state();
  }

  /**
   * Returns the states since the current boot (or stop) began, oldest first, ending with the
   * current one; a watcher that connects late still sees every stage.
   *
   * @return a copy
   */
  public synchronized List<State> history() {
    return history.isEmpty() ? List.of(state()) : List.copyOf(history);
  }

  /**
   * Returns the current state.
   *
   * @return a snapshot
   */
  public synchronized State state() {
    String uptime = runningSince == null ? null
        : Duration.between(runningSince, platform.clock().instant()).toSeconds() + "s";
    return new State(version, status, bootProgress, bootError,
        shutdownProgress, uptime, exitedAt);
  }

  /**
   * Returns the measured log (the current boot's).
   *
   * @return the log
   */
  public synchronized MeasuredLog log() {
    return log;
  }

  /**
   * Tells whether the guest agent answers: from the end of boot-time measurement until stop.
   *
   * @return true when the agent is up
   */
  public synchronized boolean agentUp() {
    return agentUp;
  }

  /**
   * Returns why the in-process app ended abnormally, if it did.
   *
   * @return the failure text, or null
   */
  public synchronized @Nullable String appFailure() {
    return runningApp == null ? null : runningApp.failure();
  }

  /**
   * Returns the key-provider event payload: the KMS, named by its root public key.
   *
   * @return the JSON text
   */
  public String keyProviderJson() {
    return "{\"name\":\"kms\",\"id\":\"" + Hex.encode(platform.kms().rootPublicKey().compressed()) + "\"}";
  }

  /** @return the numeric id */
  public long id() {
    return id;
  }

  /** @return the VM UUID, with dashes */
  public String vmUuid() {
    return vmUuid;
  }

  /** @return the provisioned app */
  public ProvisionedApp app() {
    return app;
  }

  /** @return the app id */
  public AppId appId() {
    return app.appId();
  }

  /** @return the instance id, 20 bytes */
  public byte[] instanceId() {
    return instanceId.clone();
  }

  /** @return the committed encrypted env, hex (empty if none) */
  public String encryptedEnvHex() {
    return encryptedEnvHex;
  }

  /** @return the env names the client declared */
  public List<String> envKeys() {
    return envKeys;
  }

  /** @return when the CVM was created */
  public Instant createdAt() {
    return createdAt;
  }

  /** @return the guest agent's base URI */
  public URI guestAgentUri() {
    return agentServer.baseUri();
  }

  /** @return the env the app received in the current boot (allowed names only) */
  public Map<String, String> visibleEnv() {
    return visibleEnv;
  }

  /** @return whether the CVM was deleted */
  public boolean deleted() {
    return deleted;
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        sha.update(p);
      }
      return sha.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "Cvm[" + app.name() + ", " + vmUuid + ", app " + app.appId().hex() + "]";
  }

  /**
   * A CVM state snapshot.
   *
   * @param version increases on every change
   * @param status the status text
   * @param bootProgress the boot stage, or null
   * @param bootError why boot failed, or null
   * @param shutdownProgress the shutdown stage, or null
   * @param uptime e.g. {@code 12s} while running
   * @param exitedAt when it last stopped
   */
  public record State(
      long version,
      String status,
      @Nullable String bootProgress,
      @Nullable String bootError,
      @Nullable String shutdownProgress,
      @Nullable String uptime,
      @Nullable Instant exitedAt) {}
}
