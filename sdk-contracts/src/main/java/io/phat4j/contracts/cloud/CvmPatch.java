package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PATCH /cvms/{id}}: any subset of a CVM's configuration. Null fields are not
 * sent. Build it with {@link #builder()}.
 *
 * @param dockerComposeFile new compose YAML
 * @param preLaunchScript new pre-launch script
 * @param allowedEnvs new allowed env names
 * @param publicLogs log visibility
 * @param publicSysinfo system info visibility
 * @param publicTcbinfo TCB info visibility
 * @param encryptedEnv new encrypted env, hex
 * @param userConfig user config JSON text
 * @param vcpu vCPUs
 * @param memory memory in MB
 * @param diskSize disk in GB
 * @param image OS image name
 * @param shutdownTimeout graceful shutdown timeout in seconds
 * @param allowForceStop whether a force stop is allowed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CvmPatch(
    @Nullable String dockerComposeFile,
    @Nullable String preLaunchScript,
    @Nullable List<String> allowedEnvs,
    @Nullable Boolean publicLogs,
    @Nullable Boolean publicSysinfo,
    @Nullable Boolean publicTcbinfo,
    @Nullable String encryptedEnv,
    @Nullable String userConfig,
    @Nullable Integer vcpu,
    @Nullable Integer memory,
    @Nullable Integer diskSize,
    @Nullable String image,
    @Nullable Integer shutdownTimeout,
    @Nullable Boolean allowForceStop) {

  /** Copies the env names. */
  public CvmPatch {
    allowedEnvs = allowedEnvs == null ? null : List.copyOf(allowedEnvs);
  }

  /**
   * Starts an empty patch.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CvmPatch}. Mutable and not thread-safe. */
  public static final class Builder {
    private @Nullable String dockerComposeFile;
    private @Nullable String preLaunchScript;
    private @Nullable List<String> allowedEnvs;
    private @Nullable Boolean publicLogs;
    private @Nullable Boolean publicSysinfo;
    private @Nullable Boolean publicTcbinfo;
    private @Nullable String encryptedEnv;
    private @Nullable String userConfig;
    private @Nullable Integer vcpu;
    private @Nullable Integer memory;
    private @Nullable Integer diskSize;
    private @Nullable String image;
    private @Nullable Integer shutdownTimeout;
    private @Nullable Boolean allowForceStop;

    private Builder() {}

    /**
     * Sets the compose YAML.
     *
     * @param v the YAML
     * @return this builder
     */
    public Builder dockerComposeFile(String v) {
      dockerComposeFile = v;
      return this;
    }

    /**
     * Sets the pre-launch script.
     *
     * @param v the script
     * @return this builder
     */
    public Builder preLaunchScript(String v) {
      preLaunchScript = v;
      return this;
    }

    /**
     * Sets the allowed env names.
     *
     * @param v the names
     * @return this builder
     */
    public Builder allowedEnvs(List<String> v) {
      allowedEnvs = List.copyOf(v);
      return this;
    }

    /**
     * Sets log visibility.
     *
     * @param v public or not
     * @return this builder
     */
    public Builder publicLogs(boolean v) {
      publicLogs = v;
      return this;
    }

    /**
     * Sets system info visibility.
     *
     * @param v public or not
     * @return this builder
     */
    public Builder publicSysinfo(boolean v) {
      publicSysinfo = v;
      return this;
    }

    /**
     * Sets TCB info visibility.
     *
     * @param v public or not
     * @return this builder
     */
    public Builder publicTcbinfo(boolean v) {
      publicTcbinfo = v;
      return this;
    }

    /**
     * Sets the encrypted env.
     *
     * @param v hex
     * @return this builder
     */
    public Builder encryptedEnv(String v) {
      encryptedEnv = v;
      return this;
    }

    /**
     * Sets the user config.
     *
     * @param v JSON text
     * @return this builder
     */
    public Builder userConfig(String v) {
      userConfig = v;
      return this;
    }

    /**
     * Sets vCPUs.
     *
     * @param v count
     * @return this builder
     */
    public Builder vcpu(int v) {
      vcpu = v;
      return this;
    }

    /**
     * Sets memory.
     *
     * @param v MB
     * @return this builder
     */
    public Builder memory(int v) {
      memory = v;
      return this;
    }

    /**
     * Sets disk size.
     *
     * @param v GB
     * @return this builder
     */
    public Builder diskSize(int v) {
      diskSize = v;
      return this;
    }

    /**
     * Sets the OS image.
     *
     * @param v image name
     * @return this builder
     */
    public Builder image(String v) {
      image = v;
      return this;
    }

    /**
     * Sets the shutdown timeout.
     *
     * @param v seconds
     * @return this builder
     */
    public Builder shutdownTimeout(int v) {
      shutdownTimeout = v;
      return this;
    }

    /**
     * Allows or forbids force stops.
     *
     * @param v allowed or not
     * @return this builder
     */
    public Builder allowForceStop(boolean v) {
      allowForceStop = v;
      return this;
    }

    /**
     * Builds the patch.
     *
     * @return the patch
     */
    public CvmPatch build() {
      return new CvmPatch(
          dockerComposeFile,
          preLaunchScript,
          allowedEnvs,
          publicLogs,
          publicSysinfo,
          publicTcbinfo,
          encryptedEnv,
          userConfig,
          vcpu,
          memory,
          diskSize,
          image,
          shutdownTimeout,
          allowForceStop);
    }
  }
}
