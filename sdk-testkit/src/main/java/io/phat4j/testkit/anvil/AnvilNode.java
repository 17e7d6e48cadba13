package io.phat4j.testkit.anvil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * A local anvil node for tests: started on a free loopback port, answering JSON-RPC, stopped by
 * {@link #close()}.
 *
 * <p>Besides the RPC URL and a ready {@link Web3j} client it exposes anvil's funded development
 * accounts and the test controls phat4j's chain tests use: snapshot and revert (to simulate
 * reorgs or to reset state between tests), mining blocks, and turning automine off and on.
 *
 * <pre>{@code
 * try (AnvilNode node = AnvilNode.start()) {
 *   String address = node.deploy(ContractArtifact.fromClasspath("/io/phat4j/contracts/artifacts/DstackApp.json"));
 * }
 * }</pre>
 *
 * <p>Thread-safe: the JSON-RPC calls may be made from any thread; {@link #close()} is idempotent.
 */
public final class AnvilNode implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path workDir;
  private final Path log;
  private final String rpcUrl;
  private final long chainId;
  private final List<DevAccount> accounts;
  private final OkHttpClient http;
  private final HttpService service;
  private final ScheduledExecutorService scheduler;
  private final Web3j web3j;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private AnvilNode(Builder b) {
    Path exe = b.executable != null ? b.executable : AnvilExecutable.locate();
    try {
      workDir = Files.createTempDirectory("phat4j-anvil-");
    } catch (IOException e) {
      throw new AnvilException("cannot create a temporary folder for anvil", e);
    }
    log = workDir.resolve("anvil.log");
    Path config = workDir.resolve("config.json");
    List<String> cmd = new ArrayList<>();
    cmd.add(exe.toString());
    cmd.addAll(
        List.of(
            "--host", "127.0.0.1",
            "--port", "0", // anvil picks a free port and prints it: no race with other processes
            "--chain-id", Long.toString(b.chainId),
            "--accounts", Integer.toString(b.accounts),
            "--config-out", config.toString()));
    cmd.addAll(b.extraArgs);
    try {
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
    } catch (IOException e) {
      deleteWorkDir();
      throw new AnvilException("cannot start " + exe, e);
    }
    shutdownHook = new Thread(this::stopProcess, "phat4j-anvil-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      int port = awaitPort(b.startupTimeout);
      rpcUrl = "http://127.0.0.1:" + port;
      chainId = b.chainId;
      http =
          new OkHttpClient.Builder()
              .callTimeout(Duration.ofSeconds(60))
              .readTimeout(Duration.ofSeconds(60))
              .build();
      service = new HttpService(rpcUrl, http);
      scheduler = Executors.newSingleThreadScheduledExecutor(AnvilNode::daemon);
      web3j = Web3j.build(service, 250, scheduler);
      awaitRpc(b.startupTimeout);
      accounts = readAccounts(config);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "phat4j-anvil-web3j");
    t.setDaemon(true);
    return t;
  }

  /**
   * Starts anvil with the defaults (chain id 31337, 10 accounts), found by {@link
   * AnvilExecutable#locate()}.
   *
   * @return the running node
   * @throws AnvilException when anvil cannot be found or does not come up
   */
  public static AnvilNode start() {
    return builder().start();
  }

  /**
   * Returns a builder for a node with non-default options.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the node's JSON-RPC endpoint.
   *
   * @return e.g. {@code http://127.0.0.1:38395}
   */
  public String rpcUrl() {
    return rpcUrl;
  }

  /**
   * Returns the chain id the node was started with.
   *
   * @return the chain id
   */
  public long chainId() {
    return chainId;
  }

  /**
   * Returns a web3j client for this node. It is owned by the node: do not shut it down.
   *
   * @return the client
   */
  public Web3j web3j() {
    return web3j;
  }

  /**
   * Returns the funded development accounts, in anvil's order.
   *
   * @return the accounts
   */
  public List<DevAccount> accounts() {
    return accounts;
  }

  /**
   * Returns one development account.
   *
   * @param index its position, from 0
   * @return the account
   * @throws IllegalArgumentException when there is no such account
   */
  public DevAccount account(int index) {
    if (index < 0 || index >= accounts.size()) {
      throw new IllegalArgumentException("no dev account " + index + " (have " + accounts.size() + ")");
    }
    return accounts.get(index);
  }

  /**
   * Deploys a contract from account 0 and returns its address.
   *
   * @param artifact the compiled contract
   * @param constructorArgs the constructor's arguments, as web3j ABI types
   * @return the new contract's address, lower-case {@code 0x}-hex
   */
  public String deploy(ContractArtifact artifact, org.web3j.abi.datatypes.Type<?>... constructorArgs) {
    return new ContractDeployer(this, account(0)).deploy(artifact, List.of(constructorArgs));
  }

  /**
   * Returns the number of the latest block.
   *
   * @return the block number
   */
  public long blockNumber() {
    return Numeric.decodeQuantity(call("eth_blockNumber", List.of()).asText()).longValueExact();
  }

  /**
   * Records the current chain state.
   *
   * @return the snapshot id, for {@link #revert(String)}
   */
  public String snapshot() {
    return call("evm_snapshot", List.of()).asText();
  }

  /**
   * Returns the chain to a snapshot; blocks mined after it disappear, as in a reorg. A snapshot
   * can be reverted to once (anvil forgets it afterwards).
   *
   * @param snapshotId an id from {@link #snapshot()}
   * @throws AnvilException when anvil does not know the snapshot
   */
  public void revert(String snapshotId) {
    if (!call("evm_revert", List.of(snapshotId)).asBoolean()) {
      throw new AnvilException("anvil refused to revert to snapshot " + snapshotId);
    }
  }

  /**
   * Mines blocks now (with or without pending transactions).
   *
   * @param blocks how many, at least 1
   */
  public void mine(long blocks) {
    if (blocks < 1) {
      throw new IllegalArgumentException("blocks must be at least 1: " + blocks);
    }
    call("anvil_mine", List.of(Numeric.encodeQuantity(BigInteger.valueOf(blocks))));
  }

  /**
   * Turns mining of a block per transaction on or off. With it off, transactions wait in the pool
   * until {@link #mine(long)}.
   *
   * @param enabled whether to mine on every transaction
   */
  public void setAutomine(boolean enabled) {
    call("evm_setAutomine", List.of(enabled));
  }

  /**
   * Sends a JSON-RPC request and returns its {@code result}.
   *
   * @param method the method, e.g. {@code "anvil_setCode"}
   * @param params its parameters, as JSON-serialisable values
   * @return the result
   * @throws AnvilException when the call fails or anvil answers with an error
   */
  public JsonNode call(String method, List<?> params) {
    Request<?, RawResponse> request = new Request<>(method, params, service, RawResponse.class);
    RawResponse response;
    try {
      response = request.send();
    } catch (IOException e) {
      throw new AnvilException(method + " failed: " + e.getMessage(), e);
    }
    if (response.hasError()) {
      throw new AnvilException(method + " failed: " + response.getError().getMessage());
    }
    JsonNode result = response.getResult();
    return result == null ? JSON.nullNode() : result;
  }

  /** A JSON-RPC response whose result is kept as a JSON tree. */
  public static final class RawResponse extends Response<JsonNode> {
    /** Creates an empty response, filled in by web3j's JSON mapper. */
    public RawResponse() {}
  }

  /** Stops anvil and deletes its temporary files. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (http != null) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting; the hook stops the process.
    }
    deleteWorkDir();
  }

  /**
   * Tells whether the anvil process is still running.
   *
   * @return {@code true} until it exits or is stopped
   */
  public boolean isRunning() {
    return process.isAlive();
  }

  private void stopProcess() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private int awaitPort(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(readLog());
      if (m.find()) {
        return Integer.parseInt(m.group(2));
      }
      if (!process.isAlive()) {
        throw new AnvilException("anvil exited with " + process.exitValue() + " before listening: " + logTail());
      }
      pause();
    }
    throw new AnvilException("anvil did not start listening within " + timeout + ": " + logTail());
  }

  private void awaitRpc(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    AnvilException last = null;
    while (System.nanoTime() < deadline) {
      try {
        long id = Numeric.decodeQuantity(call("eth_chainId", List.of()).asText()).longValueExact();
        if (id != chainId) {
          throw new AnvilException("anvil answered chain id " + id + ", expected " + chainId);
        }
        return;
      } catch (AnvilException e) {
        last = e;
      }
      if (!process.isAlive()) {
        break;
      }
      pause();
    }
    throw new AnvilException("anvil did not answer JSON-RPC at " + rpcUrl + ": " + logTail(), last);
  }

  private List<DevAccount> readAccounts(Path config) {
    JsonNode json;
    try {
      json = JSON.readTree(config.toFile());
    } catch (IOException e) {
      throw new AnvilException("cannot read anvil's account list " + config, e);
    }
    JsonNode keys = json.path("private_keys");
    JsonNode addresses = json.path("available_accounts");
    if (!keys.isArray() || keys.size() != addresses.size()) {
      throw new AnvilException("anvil's account list has an unexpected shape");
    }
    List<DevAccount> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Credentials c = Credentials.create(keys.get(i).asText());
      String address = addresses.get(i).asText().toLowerCase(java.util.Locale.ROOT);
      if (!c.getAddress().equalsIgnoreCase(address)) {
        throw new AnvilException("anvil's key " + i + " does not belong to " + address);
      }
      out.add(new DevAccount(i, address, c));
    }
    return List.copyOf(out);
  }

  private String readLog() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private String logTail() {
    String text = readLog().strip();
    return text.isEmpty() ? "(no output)" : text.substring(Math.max(0, text.length() - 2000));
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AnvilException("interrupted while waiting for anvil", e);
    }
  }

  private void deleteWorkDir() {
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // Best effort: a leftover temp folder is harmless.
    }
  }

  /** Options for starting anvil. */
  public static final class Builder {
    private @Nullable Path executable;
    private long chainId = 31337;
    private int accounts = 10;
    private Duration startupTimeout = Duration.ofSeconds(60);
    private final List<String> extraArgs = new ArrayList<>();

    private Builder() {}

    /**
     * Uses this anvil binary instead of looking one up.
     *
     * @param path the binary
     * @return this builder
     */
    public Builder executable(Path path) {
      this.executable = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * Sets the chain id (default 31337).
     *
     * @param chainId the chain id, positive
     * @return this builder
     */
    public Builder chainId(long chainId) {
      if (chainId <= 0) {
        throw new IllegalArgumentException("chainId must be positive: " + chainId);
      }
      this.chainId = chainId;
      return this;
    }

    /**
     * Sets how many funded accounts anvil creates (default 10).
     *
     * @param accounts at least 1
     * @return this builder
     */
    public Builder accounts(int accounts) {
      if (accounts < 1) {
        throw new IllegalArgumentException("accounts must be at least 1: " + accounts);
      }
      this.accounts = accounts;
      return this;
    }

    /**
     * Sets how long to wait for anvil to answer (default 60 s; the machine may be busy).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder startupTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.startupTimeout = timeout;
      return this;
    }

    /**
     * Adds command-line arguments, e.g. {@code "--block-time", "1"}.
     *
     * @param args the arguments
     * @return this builder
     */
    public Builder extraArgs(String... args) {
      extraArgs.addAll(List.of(args));
      return this;
    }

    /**
     * Starts the node and waits until it answers JSON-RPC.
     *
     * @return the running node
     * @throws AnvilException when anvil cannot be found or does not come up
     */
    public AnvilNode start() {
      return new AnvilNode(this);
    }
  }
}
