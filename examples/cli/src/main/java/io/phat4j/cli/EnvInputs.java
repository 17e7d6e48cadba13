package io.phat4j.cli;

import io.phat4j.core.InvalidInputException;
import io.phat4j.core.crypto.DotEnv;
import io.phat4j.core.crypto.EnvVar;
import io.phat4j.core.crypto.InvalidEnvKeyException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Env vars from {@code --env-file} (first, dotenv rules) and {@code KEY=VALUE} arguments (after,
 * literal: the shell already did the quoting), in order. A key that is not a valid env name, or an
 * argument without {@code =}, is a usage error (exit 2) naming the key or the argument's position.
 */
final class EnvInputs {
  private EnvInputs() {}

  static List<EnvVar> read(@Nullable Path envFile, List<String> assignments) {
    List<EnvVar> vars = new ArrayList<>();
    if (envFile != null) {
      String text = new String(Inputs.readFile(InputKind.ENV_FILE, "--env-file", envFile), StandardCharsets.UTF_8);
      try {
        vars.addAll(DotEnv.parse(text));
      } catch (InvalidEnvKeyException e) {
        throw new CliException(Main.USAGE, "--env-file " + envFile + " " + e.getMessage(), e);
      }
    }
    for (int i = 0; i < assignments.size(); i++) {
      // The position, not the text, names the argument: the text may be a secret.
      try {
        vars.add(DotEnv.literalAssignment(assignments.get(i), "argument KEY=VALUE #" + (i + 1)));
      } catch (InvalidInputException e) {
        throw new CliException(Main.USAGE, e.getMessage(), e);
      }
    }
    return vars;
  }
}
