package io.phat4j.cli;

import io.phat4j.core.crypto.DotEnv;
import io.phat4j.core.crypto.EnvVar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Env vars from {@code --env-file} (first) and {@code KEY=VALUE} arguments (after), in order. */
final class EnvInputs {
  private EnvInputs() {}

  static List<EnvVar> read(@Nullable Path envFile, List<String> assignments) {
    List<EnvVar> vars = new ArrayList<>();
    if (envFile != null) {
      vars.addAll(DotEnv.parse(new String(Inputs.readFile(InputKind.ENV_FILE, "--env-file", envFile), StandardCharsets.UTF_8)));
    }
    for (int i = 0; i < assignments.size(); i++) {
      // The position, not the text, names the argument: the text may be a secret.
      vars.add(DotEnv.assignment(assignments.get(i), "assignment #" + (i + 1)));
    }
    return vars;
  }
}
