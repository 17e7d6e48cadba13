package io.phat4j.cli;

import io.phat4j.core.Hex;
import io.phat4j.core.crypto.EnvDecryptor;
import io.phat4j.core.crypto.X25519PrivateKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code decrypt-env}: decrypts dstack-encrypted env vars read from stdin. */
@Command(
    name = "decrypt-env",
    mixinStandardHelpOptions = true,
    header = "Decrypts dstack-encrypted env vars read from stdin and prints them as JSON.",
    description = {
      "Reads the encrypted env hex from stdin, decrypts it with the app's X25519 private "
          + "key and prints the plaintext JSON ({\"env\":[{\"key\":…,\"value\":…}]}).",
      "The key comes from --private-key-file, else --private-key, else the environment "
          + "variable PHAT4J_PRIVATE_KEY. Prefer the file or the variable: an argument is visible "
          + "to every user of the machine (ps, /proc) and stays in the shell's history."
    })
final class DecryptEnvCommand implements Callable<Integer> {
  /** The environment variable holding the private key, as hex. */
  static final String KEY_ENV = "PHAT4J_PRIVATE_KEY";

  @Option(names = "--private-key", paramLabel = "HEX",
      description = "The app's X25519 env-decrypt private key (32 bytes, hex). Visible in ps and shell "
          + "history: prefer --private-key-file or PHAT4J_PRIVATE_KEY.")
  String privateKey;

  @Option(names = "--private-key-file", paramLabel = "FILE",
      description = "A file holding the private key as hex (surrounding whitespace ignored).")
  Path privateKeyFile;

  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Override
  public Integer call() {
    X25519PrivateKey key = X25519PrivateKey.fromHex(keyHex());
    String hex = new String(Inputs.readAll(main.stdin(), InputKind.ENCRYPTED_ENV, "stdin"), StandardCharsets.US_ASCII).strip();
    if (hex.isEmpty()) {
      throw CliException.rejected("stdin is empty: expected the encrypted env as hex");
    }
    byte[] json = EnvDecryptor.create(key).decryptJson(Hex.decode("stdin", hex));
    spec.commandLine().getOut().println(new String(json, StandardCharsets.UTF_8));
    return Main.OK;
  }

  /** The key's hex from exactly one source; never echoed in a message. */
  private String keyHex() {
    if (privateKey != null && privateKeyFile != null) {
      throw CliException.usage("give --private-key or --private-key-file, not both");
    }
    if (privateKeyFile != null) {
      return new String(Inputs.readFile(InputKind.KEY, "--private-key-file", privateKeyFile), StandardCharsets.US_ASCII)
          .strip();
    }
    if (privateKey != null) {
      return privateKey;
    }
    String fromEnv = System.getenv(KEY_ENV);
    if (fromEnv == null || fromEnv.isBlank()) {
      throw CliException.usage("no private key: use --private-key-file, " + KEY_ENV + " or --private-key");
    }
    return fromEnv.strip();
  }
}
