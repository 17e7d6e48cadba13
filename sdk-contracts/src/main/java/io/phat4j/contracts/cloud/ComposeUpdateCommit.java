package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PATCH /cvms/{id}/compose_file}, committing a provisioned compose update.
 *
 * @param composeHash the hash from the compose provision
 * @param encryptedEnv a new encrypted env, hex, if the env changes too
 * @param envKeys the env names inside it
 * @param updateEnvVars whether to replace the env
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComposeUpdateCommit(
    String composeHash,
    @Nullable String encryptedEnv,
    @Nullable List<String> envKeys,
    @Nullable Boolean updateEnvVars) {
  /** Copies the env keys. */
  public ComposeUpdateCommit {
    envKeys = envKeys == null ? null : List.copyOf(envKeys);
  }
}
