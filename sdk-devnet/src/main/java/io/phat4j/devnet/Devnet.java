package io.phat4j.devnet;

import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.AppId;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.SecretString;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.devnet.internal.AppLauncher;
import io.phat4j.core.offchain.OffchainContract;
import io.phat4j.contracts.chain.ChainClient;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.devnet.internal.AnvilInstaller;
import io.phat4j.devnet.internal.ContractLauncher;
import io.phat4j.devnet.internal.DevnetChain;
import io.phat4j.testkit.anvil.DevAccount;
import java.nio.file.Path;
import io.phat4j.devnet.internal.Cvm;
import io.phat4j.devnet.internal.DevnetKms;
import io.phat4j.devnet.internal.DevnetServers;
import io.phat4j.devnet.internal.Platform;
import io.phat4j.devnet.internal.QuoteFactory;
import io.phat4j.devnet.internal.CloudApi;
import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.testkit.DcapTestPki;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A local Phala: enclave simulator, dev PCCS, KMS, the Phala Cloud deployment API and an anvil
 * chain with {@code DstackKms} deployed, on loopback ports, in one call.
 *
 * {@snippet :
 * try (Devnet devnet = Devnet.start();
 *     PhalaCloudClient cloud = devnet.cloudClient()) {
 *   DeployResult result = cloud.deploy(app, DeployOptions.builder()
 *       .trustedKmsKey(devnet.kmsRootKey())
 *       .build());
 *   QuoteVerifier verifier = QuoteVerifier.builder()
 *       .trustAnchor(devnet.rootCaDer())   // the devnet root, named explicitly
 *       .build();
 * }
 * }
 *
 * <p>Quotes from the simulator are real TDX v4 quotes signed under a devnet PKI; with the default
 * (Intel) trust anchor every verifier rejects them. Each start makes a fresh PKI and KMS root unless
 * a {@linkplain Builder#seed seed} is given.
 *
 * <p>The chain needs anvil: found on the usual paths or installed with npm on first use (see
 * {@link Builder#chain}); {@code chain(false)} starts without one.
 *
 * <p>Thread-safe. {@link #close()} stops every simulated CVM, server and the chain.
 */
public final class Devnet implements AutoCloseable {
  /** The API key a devnet accepts unless the builder sets another. */
  public static final String DEFAULT_API_KEY = "phak_devnet_local_only";

  private final Platform platform;
  private final DevnetServers servers;
  private final @Nullable DevnetChain chain;
  private final SecretString apiKey;
  private final byte[] rootCaDer;

  private Devnet(Builder b) {
    byte[] seed = b.seed != null ? b.seed.clone() : random32();
    // A seeded devnet keeps its root across restarts: CA validity does not depend on the start time.
    DcapTestPki.Builder pki = DcapTestPki.builder().seed(seed).clock(b.clock).namePrefix("phat4j Devnet");
    if (b.seed != null) {
      pki.caValidity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2045-01-01T00:00:00Z"));
    }
    QuoteFactory quotes = new QuoteFactory(pki.build());
    this.rootCaDer = quotes.rootCaDer();
    this.apiKey = SecretString.of(b.apiKey);
    DevnetKms kms = new DevnetKms(seed);
    DevnetChain chain = null;
    if (b.chain) {
      Path anvil = AnvilInstaller.resolve(b.anvil,
          b.anvilCacheDir != null ? b.anvilCacheDir : AnvilInstaller.defaultCacheDir(System.getenv()),
          System.getenv(), b.progress);
      chain = new DevnetChain(anvil, b.chainId, kms.rootPublicKey(), b.osImage.osImageHash());
    }
    this.chain = chain;
    try {
      AppLauncher launcher = new ContractLauncher(b.contracts, chain == null ? null : URI.create(chain.rpcUrl()));
      this.platform = new Platform(quotes, kms, b.osImage, launcher, b.bootStep, b.guestAgentVersion, b.clock, chain);
      this.servers = new DevnetServers(platform, apiKey);
    } catch (RuntimeException e) {
      if (chain != null) {
        chain.close();
      }
      throw e;
    }
  }

  /**
   * Starts a devnet with default options.
   *
   * @return the running devnet
   */
  public static Devnet start() {
    return builder().start();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the Phala Cloud API base URL, to give {@link PhalaCloudClient.Builder#baseUrl}.
   *
   * @return e.g. {@code http://127.0.0.1:41234/api/v1}
   */
  public URI cloudApiUrl() {
    return URI.create(servers.cloud().baseUri() + "/api/v1");
  }

  /**
   * Returns the API key the deployment API accepts.
   *
   * @return the key
   */
  public SecretString apiKey() {
    return apiKey;
  }

  /**
   * Returns a new cloud client for this devnet (the caller closes it).
   *
   * @return the client
   */
  public PhalaCloudClient cloudClient() {
    return PhalaCloudClient.builder().baseUrl(cloudApiUrl().toString()).apiKey(apiKey).build();
  }

  /**
   * Returns the dev PCCS base URL (Intel PCS v4 paths under it).
   *
   * @return e.g. {@code http://127.0.0.1:41235}
   */
  public URI pccsUrl() {
    return servers.pccs().baseUri();
  }

  /**
   * Returns a collateral client pointed at the dev PCCS (the caller closes it).
   *
   * @return the client
   */
  public PcsCollateralClient collateralClient() {
    return PcsCollateralClient.builder().baseUrl(pccsUrl()).build();
  }

  /**
   * Returns the KMS RPC URL ({@code /prpc/GetAppEnvEncryptPubKey}).
   *
   * @return the URL
   */
  public URI kmsUrl() {
    return servers.kms().baseUri();
  }

  /**
   * Returns the devnet root CA certificate (DER): the trust anchor a verifier must be given,
   * explicitly, to accept devnet quotes. Never trust it outside development.
   *
   * @return a fresh array
   */
  public byte[] rootCaDer() {
    return rootCaDer.clone();
  }

  /**
   * Returns the SHA-256 fingerprint of {@link #rootCaDer()}.
   *
   * @return lowercase hex
   */
  public String rootCaSha256() {
    try {
      return Hex.encode(MessageDigest.getInstance("SHA-256").digest(rootCaDer));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns the KMS root public key (secp256k1): what signs env keys and app keys.
   *
   * @return the key
   */
  public Secp256k1PublicKey kmsRootKey() {
    return platform.kms().rootPublicKey();
  }

  /**
   * Returns the OS image every CVM boots.
   *
   * @return the image
   */
  public OsImage osImage() {
    return platform.image();
  }

  /**
   * Returns reference values for the devnet's OS image: the image as a known dev image and its
   * ACPI digests pinned for the VM shape of every instance type the devnet offers. Pass them to
   * {@code AppVerifier} so {@code acpi_tables_verified} is true for devnet CVMs. Trust them for
   * the devnet only: they are what the simulator reports, not tables regenerated for the shape.
   *
   * @return the reference values
   */
  public ReferenceValues referenceValues() {
    return platform.image().referenceValues(CloudApi.instanceConfigs(platform.image()));
  }

  /**
   * Returns the simulated guest agent version.
   *
   * @return e.g. {@code 0.5.8}
   */
  public String guestAgentVersion() {
    return platform.agentVersion();
  }

  /**
   * Returns the deployed CVMs.
   *
   * @return a snapshot, oldest first
   */
  public List<DevnetCvm> cvms() {
    return servers.api().cvms().stream()
        .sorted((a, b) -> Long.compare(a.id(), b.id()))
        .map(DevnetCvm::new)
        .toList();
  }

  /**
   * Returns the CVM of an app.
   *
   * @param appId the app
   * @return the CVM
   * @throws InvalidInputException if the app has no CVM
   */
  public DevnetCvm cvm(AppId appId) {
    for (Cvm c : servers.api().cvms()) {
      if (c.appId().equals(appId)) {
        return new DevnetCvm(c);
      }
    }
    throw new InvalidInputException("the devnet has no CVM of app " + appId.hex());
  }

  /**
   * Tells whether this devnet runs a chain.
   *
   * @return true unless started with {@code chain(false)}
   */
  public boolean hasChain() {
    return chain != null;
  }

  /**
   * Returns the chain's JSON-RPC URL (anvil on a loopback port).
   *
   * @return the URL
   * @throws InvalidInputException if the devnet runs without a chain
   */
  public URI chainRpcUrl() {
    return URI.create(requireChain().rpcUrl());
  }

  /**
   * Returns the chain id.
   *
   * @return the id (31337 unless the builder set another)
   * @throws InvalidInputException if the devnet runs without a chain
   */
  public long chainId() {
    return requireChain().chainId();
  }

  /**
   * Returns the address of the devnet's {@code DstackKms} (a proxy owned by dev account 0), whose
   * {@code kmsInfo().k256Pubkey} is {@link #kmsRootKey()}.
   *
   * @return the address
   * @throws InvalidInputException if the devnet runs without a chain
   */
  public EvmAddress kmsContract() {
    return requireChain().kms();
  }

  /**
   * Returns anvil's funded dev accounts (their keys are public knowledge; devnet only).
   *
   * @return the accounts, index 0 owns the KMS contract
   * @throws InvalidInputException if the devnet runs without a chain
   */
  public List<DevAccount> devAccounts() {
    return requireChain().accounts();
  }

  /**
   * Returns a new chain client for the devnet's chain (the caller closes it).
   *
   * @return the client
   * @throws InvalidInputException if the devnet runs without a chain
   */
  public ChainClient chainClient() {
    return ChainClient.builder().rpcUrl(requireChain().rpcUrl()).build();
  }

  private DevnetChain requireChain() {
    if (chain == null) {
      throw new InvalidInputException("this devnet was started with chain(false)");
    }
    return chain;
  }

  /** Stops every CVM, server and the chain. */
  @Override
  public void close() {
    servers.close();
    if (chain != null) {
      chain.close();
    }
  }

  @Override
  public String toString() {
    return "Devnet[cloud=" + cloudApiUrl() + ", pccs=" + pccsUrl() + ", root sha256=" + rootCaSha256() + "]";
  }

  private static byte[] random32() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** Configures a {@link Devnet}. Not thread-safe. */
  public static final class Builder {
    private byte @Nullable [] seed;
    private OsImage osImage = OsImage.simulated(OsImage.DEFAULT_NAME);
    private String apiKey = DEFAULT_API_KEY;
    private Duration bootStep = Duration.ofMillis(100);
    private String guestAgentVersion = "0.5.8";
    private Clock clock = Clock.systemUTC();
    private final Map<String, Supplier<? extends OffchainContract>> contracts = new LinkedHashMap<>();
    private boolean chain = true;
    private long chainId = 31337;
    private @Nullable Path anvil;
    private @Nullable Path anvilCacheDir;
    private java.util.function.Consumer<String> progress = line -> System.err.println("[phat4j devnet] " + line);

    private Builder() {}

    /**
     * Derives the PKI, the KMS root and every app key from this seed, so they are the same across
     * restarts (default: random per start).
     *
     * @param seed any text
     * @return this builder
     */
    public Builder seed(String seed) {
      this.seed = Objects.requireNonNull(seed, "seed").getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /**
     * Sets the OS image every CVM boots (default {@code OsImage.simulated("dstack-dev-0.5.3")}).
     *
     * @param image the image
     * @return this builder
     */
    public Builder osImage(OsImage image) {
      this.osImage = Objects.requireNonNull(image, "image");
      return this;
    }

    /**
     * Sets the API key the deployment API accepts (default {@link #DEFAULT_API_KEY}).
     *
     * @param apiKey the key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      if (Objects.requireNonNull(apiKey, "apiKey").isBlank()) {
        throw new InvalidInputException("apiKey must not be blank");
      }
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Sets how long each boot stage of a CVM takes (default 100 ms; zero boots at once).
     *
     * @param step the stage duration
     * @return this builder
     */
    public Builder bootStep(Duration step) {
      if (Objects.requireNonNull(step, "step").isNegative()) {
        throw new InvalidInputException("bootStep must not be negative");
      }
      this.bootStep = step;
      return this;
    }

    /**
     * Sets the guest agent version the simulator reports (default {@code 0.5.8}); {@code 0.6.0} and
     * later serve the {@code /v1} API and refuse {@code EmitEvent}, as upstream does.
     *
     * @param version e.g. {@code 0.6.0}
     * @return this builder
     */
    public Builder guestAgentVersion(String version) {
      if (!Objects.requireNonNull(version, "version").matches("\\d+\\.\\d+(\\.\\d+)?")) {
        throw new InvalidInputException("guest agent version must look like 0.5.8, got " + version);
      }
      this.guestAgentVersion = version;
      return this;
    }

    /**
     * Sets the clock (PKI dates, uptime, KMS signature timestamps).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Binds a compose service image to an off-chain contract: when a deployed compose has a
     * service with this image (matched with or without its tag or digest), the devnet runs a fresh
     * instance of the contract in process at each boot, with the app's decrypted env (only names in
     * {@code allowed_envs}) and a guest client pointed at the CVM's agent.
     *
     * @param image e.g. {@code ghcr.io/example/price-oracle} or {@code ghcr.io/example/price-oracle:1.4.2}
     * @param factory makes the contract instance
     * @return this builder
     */
    public Builder contract(String image, Supplier<? extends OffchainContract> factory) {
      if (Objects.requireNonNull(image, "image").isBlank()) {
        throw new InvalidInputException("image must not be blank");
      }
      contracts.put(image, Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * Runs the devnet with or without a chain (default with: anvil with funded dev accounts, our
     * {@code DstackKms} and {@code DstackApp} deployed, the KMS root published in {@code kmsInfo}).
     *
     * @param enabled whether to start the chain
     * @return this builder
     */
    public Builder chain(boolean enabled) {
      this.chain = enabled;
      return this;
    }

    /**
     * Sets the chain id (default 31337, anvil's).
     *
     * @param chainId a positive id
     * @return this builder
     */
    public Builder chainId(long chainId) {
      if (chainId <= 0) {
        throw new InvalidInputException("chainId must be positive, got " + chainId);
      }
      this.chainId = chainId;
      return this;
    }

    /**
     * Uses this anvil binary (default: found on the usual paths, or installed with npm on first use).
     *
     * @param anvil the executable
     * @return this builder
     */
    public Builder anvil(Path anvil) {
      this.anvil = Objects.requireNonNull(anvil, "anvil");
      return this;
    }

    /**
     * Sets where anvil is installed on first use (default {@code $PHAT4J_CACHE/anvil/<version>} or
     * {@code ~/.cache/phat4j/anvil/<version>}).
     *
     * @param dir the cache directory
     * @return this builder
     */
    public Builder anvilCacheDir(Path dir) {
      this.anvilCacheDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Receives progress lines of slow one-time steps such as installing anvil (default: standard
     * error, prefixed {@code [phat4j devnet]}).
     *
     * @param progress the receiver
     * @return this builder
     */
    public Builder progress(java.util.function.Consumer<String> progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * Starts the devnet.
     *
     * @return the running devnet
     */
    public Devnet start() {
      return new Devnet(this);
    }
  }
}
