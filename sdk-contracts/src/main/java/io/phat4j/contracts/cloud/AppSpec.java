package io.phat4j.contracts.cloud;

import io.phat4j.core.InvalidInputException;
import io.phat4j.core.SecretString;
import io.phat4j.core.crypto.DotEnv;
import io.phat4j.core.crypto.EnvVar;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What to deploy: a docker-compose app, its secret env vars and where to run it. Validated when
 * built, so a bad spec fails before any request is sent.
 *
 * {@snippet :
 * AppSpec spec = AppSpec.builder("my-app", Files.readString(Path.of("docker-compose.yml")))
 *     .env("OPENAI_API_KEY", openAiKey)
 *     .env("DB_PASSWORD", dbPassword)
 *     .instanceType("tdx.small")
 *     .build();
 * }
 *
 * <p>Rules checked: the name follows the CVM naming rules ({@link CvmId#checkName}); the compose
 * file and pre-launch script together are at most {@value #MAX_COMPOSE_PAYLOAD_BYTES} bytes of
 * UTF-8; every env name is in {@code allowed_envs} (which defaults to the env names); no env
 * value is empty and no name repeats. Env values are {@link SecretString}s and never printed.
 * Immutable and thread-safe.
 */
public final class AppSpec {
  /** The largest compose file plus pre-launch script the API accepts, in UTF-8 bytes (200 KiB). */
  public static final int MAX_COMPOSE_PAYLOAD_BYTES = 200 * 1024;

  private final String name;
  private final String dockerComposeFile;
  private final @Nullable String preLaunchScript;
  private final List<EnvVar> env;
  private final List<String> allowedEnvs;
  private final boolean allowedEnvsGiven;
  private final @Nullable String instanceType;
  private final @Nullable Long nodeId;
  private final @Nullable String region;
  private final @Nullable String image;
  private final @Nullable String kms;
  private final @Nullable String kmsId;
  private final @Nullable String kmsContractId;
  private final @Nullable Boolean listed;
  private final @Nullable Boolean publicLogs;
  private final @Nullable Boolean publicSysinfo;
  private final @Nullable Boolean gatewayEnabled;
  private final @Nullable String storageFs;

  private AppSpec(Builder b) {
    this.name = CvmId.checkName(b.name);
    if (b.dockerComposeFile.isBlank()) {
      throw new InvalidInputException("docker compose file is empty");
    }
    this.dockerComposeFile = b.dockerComposeFile;
    this.preLaunchScript = b.preLaunchScript;
    long size =
        dockerComposeFile.getBytes(StandardCharsets.UTF_8).length
            + (preLaunchScript == null ? 0 : preLaunchScript.getBytes(StandardCharsets.UTF_8).length);
    if (size > MAX_COMPOSE_PAYLOAD_BYTES) {
      throw new InvalidInputException(
          "compose file and pre-launch script are "
              + size
              + " bytes, more than the limit of "
              + MAX_COMPOSE_PAYLOAD_BYTES);
    }
    this.env = List.copyOf(b.env.values());
    for (EnvVar v : env) {
      if (v.value().isEmpty()) {
        throw new InvalidInputException("env var " + v.key() + " has an empty value");
      }
    }
    List<String> allowed =
        b.allowedEnvs == null ? new ArrayList<>(b.env.keySet()) : List.copyOf(b.allowedEnvs);
    Set<String> allowedSet = new LinkedHashSet<>(allowed);
    for (String key : b.env.keySet()) {
      if (!allowedSet.contains(key)) {
        throw new InvalidInputException(
            "env var " + key + " is not in allowed_envs " + allowed + "; the CVM would drop it");
      }
    }
    this.allowedEnvs = List.copyOf(allowedSet);
    this.allowedEnvsGiven = b.allowedEnvs != null;
    this.instanceType = b.instanceType;
    this.nodeId = b.nodeId;
    this.region = b.region;
    this.image = b.image;
    this.kms = b.kms;
    this.kmsId = b.kmsId;
    this.kmsContractId = b.kmsContractId;
    this.listed = b.listed;
    this.publicLogs = b.publicLogs;
    this.publicSysinfo = b.publicSysinfo;
    this.gatewayEnabled = b.gatewayEnabled;
    this.storageFs = b.storageFs;
  }

  /**
   * Starts a spec.
   *
   * @param name the CVM name
   * @param dockerComposeFile the docker-compose YAML
   * @return a new builder
   */
  public static Builder builder(String name, String dockerComposeFile) {
    return new Builder(name, dockerComposeFile);
  }

  /**
   * Returns the provision request for this spec.
   *
   * @return the request
   */
  public ProvisionRequest toProvisionRequest() {
    String type = instanceType;
    if (type == null) {
      type = "tdx.small";
    }
    return new ProvisionRequest(
        name,
        nodeId,
        region,
        type,
        image,
        new ComposeFileSpec(
            dockerComposeFile,
            preLaunchScript,
            allowedEnvs,
            name,
            Boolean.TRUE,
            publicLogs,
            publicSysinfo,
            gatewayEnabled,
            storageFs),
        listed,
        kmsId,
        kms,
        null,
        envKeys(),
        null,
        null,
        kmsContractId);
  }

  /**
   * Returns the CVM name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the docker-compose YAML.
   *
   * @return the YAML
   */
  public String dockerComposeFile() {
    return dockerComposeFile;
  }

  /**
   * Returns the pre-launch script.
   *
   * @return the script or {@code null}
   */
  public @Nullable String preLaunchScript() {
    return preLaunchScript;
  }

  /**
   * Returns the env vars in order.
   *
   * @return the env vars
   */
  public List<EnvVar> env() {
    return env;
  }

  /**
   * Returns the env names.
   *
   * @return the names in order
   */
  public List<String> envKeys() {
    return env.stream().map(EnvVar::key).toList();
  }

  /**
   * Returns the names the CVM will accept.
   *
   * @return the allowed env names
   */
  public List<String> allowedEnvs() {
    return allowedEnvs;
  }

  /**
   * Tells whether {@code allowed_envs} was set explicitly rather than taken from the env names.
   *
   * @return {@code true} if {@link Builder#allowedEnvs} was called
   */
  public boolean allowedEnvsGiven() {
    return allowedEnvsGiven;
  }

  /** Prints the name and env names, never env values. */
  @Override
  public String toString() {
    return "AppSpec{name=" + name + ", env=" + envKeys() + ", allowedEnvs=" + allowedEnvs + '}';
  }

  /** Configures an {@link AppSpec}. Mutable and not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String dockerComposeFile;
    private @Nullable String preLaunchScript;
    private final Map<String, EnvVar> env = new LinkedHashMap<>();
    private @Nullable List<String> allowedEnvs;
    private @Nullable String instanceType;
    private @Nullable Long nodeId;
    private @Nullable String region;
    private @Nullable String image;
    private @Nullable String kms;
    private @Nullable String kmsId;
    private @Nullable String kmsContractId;
    private @Nullable Boolean listed;
    private @Nullable Boolean publicLogs;
    private @Nullable Boolean publicSysinfo;
    private @Nullable Boolean gatewayEnabled;
    private @Nullable String storageFs;

    private Builder(String name, String dockerComposeFile) {
      this.name = Objects.requireNonNull(name, "name");
      this.dockerComposeFile = Objects.requireNonNull(dockerComposeFile, "dockerComposeFile");
    }

    /**
     * Adds a secret env var.
     *
     * @param key the name
     * @param value the value
     * @return this builder
     * @throws InvalidInputException if the name repeats
     */
    public Builder env(String key, SecretString value) {
      return env(new EnvVar(key, value));
    }

    /**
     * Adds a secret env var from text.
     *
     * @param key the name
     * @param value the value
     * @return this builder
     * @throws InvalidInputException if the name repeats
     */
    public Builder env(String key, String value) {
      return env(EnvVar.of(key, value));
    }

    /**
     * Adds a secret env var.
     *
     * @param var the env var
     * @return this builder
     * @throws InvalidInputException if the name repeats
     */
    public Builder env(EnvVar var) {
      if (var.key().isBlank()) {
        throw new InvalidInputException("env var name is empty");
      }
      if (env.putIfAbsent(var.key(), var) != null) {
        throw new InvalidInputException("env var " + var.key() + " is given twice");
      }
      return this;
    }

    /**
     * Adds the vars of a dotenv text, read by {@link DotEnv#parse} ({@code KEY=VALUE} lines,
     * {@code #} comments, optional {@code export}, quoted values).
     *
     * @param dotenv the file content
     * @return this builder
     * @throws InvalidInputException if a line is malformed (the message names its
     *     number, never its value)
     * @throws InvalidInputException if the text holds no variable at all
     */
    public Builder envFile(String dotenv) {
      List<EnvVar> vars = DotEnv.parse(dotenv);
      if (vars.isEmpty()) {
        throw new InvalidInputException("env file holds no variables");
      }
      vars.forEach(this::env);
      return this;
    }

    /**
     * Sets the allowed env names explicitly. Default: the env names.
     *
     * @param names the names; every env name must be among them
     * @return this builder
     */
    public Builder allowedEnvs(List<String> names) {
      this.allowedEnvs = List.copyOf(names);
      return this;
    }

    /**
     * Sets the pre-launch script.
     *
     * @param script the script
     * @return this builder
     */
    public Builder preLaunchScript(String script) {
      this.preLaunchScript = Objects.requireNonNull(script, "script");
      return this;
    }

    /**
     * Sets the instance type. Default {@code tdx.small}.
     *
     * @param type e.g. {@code tdx.medium}
     * @return this builder
     */
    public Builder instanceType(String type) {
      this.instanceType = type;
      return this;
    }

    /**
     * Pins the node.
     *
     * @param nodeId the node id
     * @return this builder
     */
    public Builder nodeId(long nodeId) {
      if (nodeId < 1) {
        throw new InvalidInputException("node id must be positive but was " + nodeId);
      }
      this.nodeId = nodeId;
      return this;
    }

    /**
     * Sets the region.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * Sets the OS image.
     *
     * @param image the image name
     * @return this builder
     */
    public Builder image(String image) {
      this.image = image;
      return this;
    }

    /**
     * Chooses the KMS kind: {@code PHALA}, {@code ETHEREUM} or {@code BASE}.
     *
     * @param kms the kind
     * @return this builder
     */
    public Builder kms(String kms) {
      this.kms = kms;
      return this;
    }

    /**
     * Chooses a KMS by id.
     *
     * @param kmsId the KMS id
     * @return this builder
     */
    public Builder kmsId(String kmsId) {
      this.kmsId = kmsId;
      return this;
    }

    /**
     * Chooses a KMS contract ({@code kms_contract_id}, API version 2026-06-23); see {@link
     * KmsApi#contracts}.
     *
     * @param kmsContractId the contract's {@code kc_…} id
     * @return this builder
     */
    public Builder kmsContractId(String kmsContractId) {
      this.kmsContractId = java.util.Objects.requireNonNull(kmsContractId, "kmsContractId");
      return this;
    }

    /**
     * Lists the app publicly.
     *
     * @param listed whether to list it
     * @return this builder
     */
    public Builder listed(boolean listed) {
      this.listed = listed;
      return this;
    }

    /**
     * Makes logs public.
     *
     * @param publicLogs whether logs are public
     * @return this builder
     */
    public Builder publicLogs(boolean publicLogs) {
      this.publicLogs = publicLogs;
      return this;
    }

    /**
     * Makes system info public.
     *
     * @param publicSysinfo whether system info is public
     * @return this builder
     */
    public Builder publicSysinfo(boolean publicSysinfo) {
      this.publicSysinfo = publicSysinfo;
      return this;
    }

    /**
     * Enables the gateway.
     *
     * @param gatewayEnabled whether the gateway is on
     * @return this builder
     */
    public Builder gatewayEnabled(boolean gatewayEnabled) {
      this.gatewayEnabled = gatewayEnabled;
      return this;
    }

    /**
     * Sets the storage file system.
     *
     * @param storageFs {@code ext4} or {@code zfs}
     * @return this builder
     */
    public Builder storageFs(String storageFs) {
      if (!storageFs.equals("ext4") && !storageFs.equals("zfs")) {
        throw new InvalidInputException("storage_fs must be ext4 or zfs but was " + storageFs);
      }
      this.storageFs = storageFs;
      return this;
    }

    /**
     * Validates and builds the spec.
     *
     * @return the spec
     * @throws InvalidInputException naming the rule that failed
     */
    public AppSpec build() {
      return new AppSpec(this);
    }
  }
}
