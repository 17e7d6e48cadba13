package io.phat4j.core.offchain;

import io.phat4j.core.InvalidInputException;
import io.phat4j.core.SecretString;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.http.internal.Redaction;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link OffchainContract} gets from its enclave: its env (values are secrets), a client for
 * the guest agent, the chain RPC endpoint if one is configured, and a stop signal.
 *
 * <p>Thread-safe. The context does not own the guest client's lifetime when it was handed one;
 * {@link #fromEnvironment()} makes one the caller may close with {@link #close()}.
 */
public final class ContractContext implements AutoCloseable {
  /** The env var that names the chain's JSON-RPC endpoint. */
  public static final String CHAIN_RPC_ENV = "CHAIN_RPC_URL";

  private final Map<String, SecretString> env;
  private final DstackGuestClient guest;
  private final @Nullable URI chainRpcUrl;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final boolean ownsGuest;

  private ContractContext(Map<String, SecretString> env, DstackGuestClient guest, @Nullable URI chainRpcUrl,
      boolean ownsGuest) {
    this.env = env;
    this.guest = guest;
    this.chainRpcUrl = chainRpcUrl;
    this.ownsGuest = ownsGuest;
  }

  /**
   * Makes the context of a real container: the process env, the guest agent found as {@link
   * DstackGuestClient#create()} finds it, the chain endpoint from {@value #CHAIN_RPC_ENV}, and a
   * shutdown hook that requests a stop.
   *
   * @return the context
   * @throws io.phat4j.core.dstack.guest.GuestAgentNotFoundException if no guest agent is reachable
   */
  public static ContractContext fromEnvironment() {
    Map<String, String> process = System.getenv();
    String rpc = process.get(CHAIN_RPC_ENV);
    ContractContext ctx = new ContractContext(secrets(process), DstackGuestClient.create(),
        rpc == null || rpc.isBlank() ? null : parse(rpc), true);
    Runtime.getRuntime().addShutdownHook(new Thread(ctx::requestStop, "phat4j-contract-stop"));
    return ctx;
  }

  /**
   * Makes a context from parts (what the devnet does).
   *
   * @param env the env the app may see
   * @param guest the guest agent client (not closed by this context)
   * @param chainRpcUrl the chain endpoint, or null
   * @return the context
   */
  public static ContractContext of(Map<String, String> env, DstackGuestClient guest, @Nullable URI chainRpcUrl) {
    return new ContractContext(secrets(env), Objects.requireNonNull(guest, "guest"), chainRpcUrl, false);
  }

  /**
   * Returns an env var.
   *
   * @param name the name
   * @return the value, or null if the app did not receive it
   */
  public @Nullable SecretString env(String name) {
    return env.get(name);
  }

  /**
   * Returns a required env var.
   *
   * @param name the name
   * @return the value
   * @throws InvalidInputException if the app did not receive it
   */
  public SecretString requireEnv(String name) {
    SecretString v = env.get(name);
    if (v == null) {
      throw new InvalidInputException("env var " + name + " was not delivered to this app (is it in allowed_envs?)");
    }
    return v;
  }

  /**
   * Returns the names of the env vars the app received.
   *
   * @return the names, sorted
   */
  public Set<String> envNames() {
    return env.keySet();
  }

  /**
   * Returns the guest agent client.
   *
   * @return the client
   */
  public DstackGuestClient guest() {
    return guest;
  }

  /**
   * Returns the chain's JSON-RPC endpoint.
   *
   * @return the URL, or null if none is configured
   */
  public @Nullable URI chainRpcUrl() {
    return chainRpcUrl;
  }

  /** Asks the contract to stop. */
  public void requestStop() {
    stop.countDown();
  }

  /**
   * Tells whether a stop was requested.
   *
   * @return true once stopping
   */
  public boolean stopRequested() {
    return stop.getCount() == 0;
  }

  /**
   * Waits until a stop is requested or the time is up.
   *
   * @param timeout the longest wait
   * @return true if a stop was requested
   * @throws InterruptedException if interrupted
   */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return stop.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Closes the guest client if this context made it. */
  @Override
  public void close() {
    if (ownsGuest) {
      guest.close();
    }
  }

  @Override
  public String toString() {
    return "ContractContext[env=" + env.keySet() + ", guest=" + guest.endpoint() + ", chain=" + (chainRpcUrl == null ? null : Redaction.safeUrl(chainRpcUrl)) + "]";
  }

  private static Map<String, SecretString> secrets(Map<String, String> env) {
    Map<String, SecretString> out = new TreeMap<>();
    env.forEach((k, v) -> out.put(k, SecretString.of(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static URI parse(String rpc) {
    try {
      return URI.create(rpc.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(CHAIN_RPC_ENV + " is not a URL: " + e.getMessage());
    }
  }
}
