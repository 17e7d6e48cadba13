package io.phat4j.cli;

import io.phat4j.core.Hex;
import io.phat4j.core.crypto.EnvDecryptor;
import io.phat4j.core.crypto.X25519PrivateKey;
import java.nio.charset.StandardCharsets;
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
    description = {
      "Reads encrypted env hex from stdin, decrypts it with the app's X25519 private key and",
      "prints the plaintext JSON ({\"env\":[{\"key\":…,\"value\":…}]})."
    })
final class DecryptEnvCommand implements Callable<Integer> {
  @Option(names = "--private-key", required = true, paramLabel = "HEX",
      description = "The app's X25519 env-decrypt private key (32 bytes, hex).")
  String privateKey;

  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Override
  public Integer call() {
    X25519PrivateKey key = X25519PrivateKey.fromHex(privateKey);
    String hex = new String(Inputs.readAll(main.stdin(), "stdin"), StandardCharsets.US_ASCII).strip();
    if (hex.isEmpty()) {
      throw CliException.rejected("stdin is empty: expected the encrypted env as hex");
    }
    byte[] json = EnvDecryptor.create(key).decryptJson(Hex.decode("stdin", hex));
    spec.commandLine().getOut().println(new String(json, StandardCharsets.UTF_8));
    return Main.OK;
  }
}
