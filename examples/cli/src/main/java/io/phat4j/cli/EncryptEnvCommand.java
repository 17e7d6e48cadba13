package io.phat4j.cli;

import io.phat4j.core.crypto.EnvEncryptor;
import io.phat4j.core.crypto.EnvVar;
import io.phat4j.core.crypto.X25519PublicKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code encrypt-env}: encrypts env vars to an app's X25519 key in dstack's format. */
@Command(
    name = "encrypt-env",
    mixinStandardHelpOptions = true,
    header = "Encrypts env vars to an app's env-encrypt public key and prints the result as hex.",
    description = {
      "The format is dstack's, byte-compatible with @phala/dstack-sdk; the output is one "
          + "line of lowercase hex. KEY=VALUE arguments are taken literally (the shell already "
          + "did the quoting); --env-file follows dotenv rules. Keys must match "
          + "[A-Za-z_][A-Za-z0-9_]*."
    })
final class EncryptEnvCommand implements Callable<Integer> {
  @Option(names = "--public-key", required = true, paramLabel = "HEX",
      description = "The app's X25519 env-encrypt public key (32 bytes, hex, optional 0x).")
  String publicKey;

  @Option(names = "--env-file", paramLabel = "PATH",
      description = "A dotenv file of KEY=VALUE lines (# comments, optional export and quotes).")
  Path envFile;

  @Parameters(paramLabel = "KEY=VALUE", arity = "0..*", description = "Env vars, after those of --env-file.")
  List<String> assignments = new ArrayList<>();

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    X25519PublicKey key = X25519PublicKey.fromHex("--public-key", publicKey);
    List<EnvVar> vars = EnvInputs.read(envFile, assignments);
    if (vars.isEmpty()) {
      throw CliException.usage("no env vars given: pass KEY=VALUE arguments or --env-file");
    }
    spec.commandLine().getOut().println(EnvEncryptor.create(key).encrypt(vars).hex());
    return Main.OK;
  }
}
