package io.phat4j.contracts.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PATCH /cvms/{id}/envs}: a new encrypted env.
 *
 * @param encryptedEnv the encrypted env, hex
 * @param envKeys the env names inside it (changing them changes {@code allowed_envs})
 * @param composeHash the new compose hash, when repeating after an on-chain registration
 * @param transactionHash the registration transaction, when repeating after one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvUpdateRequest(
    String encryptedEnv,
    @Nullable List<String> envKeys,
    @Nullable String composeHash,
    @Nullable String transactionHash) {
  /** Copies the env keys. */
  public EnvUpdateRequest {
    envKeys = envKeys == null ? null : List.copyOf(envKeys);
  }
}
