package io.phat4j.cli;

import io.phat4j.core.dstack.AppCompose;
import io.phat4j.core.dstack.ComposeHash;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code compose-hash}: the compose hash of an app-compose.json. */
@Command(
    name = "compose-hash",
    mixinStandardHelpOptions = true,
    header = "Prints the compose hash (SHA-256, lowercase hex) of an app-compose.json.",
    description = {
      "By default the exact file bytes are hashed: that is what the enclave measures. "
          + "--canonical hashes @phala/dstack-sdk getComposeHash's serialisation instead (sorted "
          + "keys, compact); --normalize adds its normalisation rules."
    })
final class ComposeHashCommand implements Callable<Integer> {
  @Option(names = "--canonical", description = "Hash the canonical (JS SDK) serialisation, not the exact bytes.")
  boolean canonical;

  @Option(names = "--normalize", description = "With --canonical: apply getComposeHash's normalisation first.")
  boolean normalize;

  @Parameters(paramLabel = "FILE", description = "The app-compose.json file.")
  Path file;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (normalize && !canonical) {
      throw CliException.usage("--normalize applies only with --canonical");
    }
    byte[] bytes = Inputs.readFile(InputKind.JSON, "FILE", file);
    String hash =
        canonical
            ? AppCompose.parse(bytes).canonicalComposeHash(normalize).hex()
            : ComposeHash.of(bytes).hex();
    spec.commandLine().getOut().println(hash);
    return Main.OK;
  }
}
