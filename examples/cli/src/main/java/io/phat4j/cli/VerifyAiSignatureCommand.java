package io.phat4j.cli;

import io.phat4j.ai.ResponseSignature;
import io.phat4j.ai.SigningAlgorithm;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verify-ai-signature}: checks a confidential-AI response signature. */
@Command(
    name = "verify-ai-signature",
    mixinStandardHelpOptions = true,
    header = "Checks a confidential-AI response signature over a text.",
    description = {
      "The signature comes from GET /v1/signature/{chat_id}. ecdsa: EIP-191 personal_sign, "
          + "65-byte r||s||v, the signer's address is recovered and compared case-insensitively. "
          + "ed25519: raw 64-byte signature, --signing-address is the 32-byte public key.",
      "Prints 'valid' and exits 0 when the signature is valid for that key, exits 1 "
          + "otherwise."
    })
final class VerifyAiSignatureCommand implements Callable<Integer> {
  @Option(names = "--text", required = true, paramLabel = "TEXT",
      description = "The signed text, e.g. <sha256(request)>:<sha256(response)>.")
  String text;

  @Option(names = "--signature", required = true, paramLabel = "HEX", description = "The signature hex (0x optional).")
  String signature;

  @Option(names = "--signing-address", required = true, paramLabel = "ADDR",
      description = "The Ethereum address (ecdsa) or Ed25519 public key hex (ed25519).")
  String signingAddress;

  @Option(names = "--algo", required = true, paramLabel = "ALGO", description = "ecdsa or ed25519.")
  String algo;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    SigningAlgorithm algorithm;
    try {
      algorithm = SigningAlgorithm.fromWireName(algo);
    } catch (io.phat4j.core.DecodeException e) {
      throw CliException.usage("--algo must be ecdsa or ed25519, got '" + algo + "'");
    }
    if (!new ResponseSignature(text, signature, signingAddress, algorithm).isValid()) {
      throw CliException.rejected("the signature is not valid for " + signingAddress);
    }
    spec.commandLine().getOut().println("valid");
    return Main.OK;
  }
}
