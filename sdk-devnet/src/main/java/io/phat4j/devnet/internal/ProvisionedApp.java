package io.phat4j.devnet.internal;

import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a provision call fixed: the exact app-compose text, its hash, the app id and the options
 * the CVM will be created with.
 *
 * @param name the CVM name
 * @param appCompose the exact {@code app-compose.json} text
 * @param composeHash SHA-256 of its bytes
 * @param appId the app id
 * @param dockerComposeFile the compose YAML
 * @param allowedEnvs the env names the app may receive
 * @param instanceType the instance type
 * @param vcpu virtual CPUs
 * @param memoryMb memory in MB
 * @param diskGb disk in GB
 * @param storageFs the storage file system
 * @param publicLogs whether logs are public
 * @param publicSysinfo whether system info is public
 * @param publicTcbinfo whether TCB info is public
 * @param gatewayEnabled whether the gateway is enabled
 * @param listed whether listed
 * @param preLaunchScript the pre-launch script, or null
 */
public record ProvisionedApp(
    String name,
    String appCompose,
    Bytes32 composeHash,
    AppId appId,
    String dockerComposeFile,
    List<String> allowedEnvs,
    String instanceType,
    int vcpu,
    int memoryMb,
    int diskGb,
    String storageFs,
    boolean publicLogs,
    boolean publicSysinfo,
    boolean publicTcbinfo,
    boolean gatewayEnabled,
    boolean listed,
    @Nullable String preLaunchScript) {

  /** Copies the list. */
  public ProvisionedApp {
    allowedEnvs = List.copyOf(allowedEnvs);
  }
}
