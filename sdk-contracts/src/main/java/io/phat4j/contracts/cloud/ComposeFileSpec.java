package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code compose_file} object of a provision request: what the CVM will run.
 *
 * @param dockerComposeFile the docker-compose YAML
 * @param preLaunchScript a script run before the containers start
 * @param allowedEnvs the env names the CVM will accept from the encrypted env
 * @param name the app name inside the compose ({@code ""} by default)
 * @param kmsEnabled whether the app gets keys from the KMS
 * @param publicLogs whether container logs are public
 * @param publicSysinfo whether system info is public
 * @param gatewayEnabled whether the app is reachable through the gateway
 * @param storageFs {@code ext4} or {@code zfs}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComposeFileSpec(
    String dockerComposeFile,
    @Nullable String preLaunchScript,
    List<String> allowedEnvs,
    String name,
    @Nullable Boolean kmsEnabled,
    @Nullable Boolean publicLogs,
    @Nullable Boolean publicSysinfo,
    @Nullable Boolean gatewayEnabled,
    @Nullable String storageFs) {
  /** Copies the env names. */
  public ComposeFileSpec {
    allowedEnvs = allowedEnvs == null ? List.of() : List.copyOf(allowedEnvs);
    name = name == null ? "" : name;
  }
}
