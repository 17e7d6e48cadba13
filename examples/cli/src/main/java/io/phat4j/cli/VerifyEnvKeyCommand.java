package io.phat4j.cli;

import io.phat4j.core.Hex;
import io.phat4j.core.crypto.EnvKeySignatureVerifier;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.crypto.X25519PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verify-env-key}: checks the KMS signature on an app's env-encrypt public key. */
@Command(
    name = "verify-env-key",
    mixinStandardHelpOptions = true,
    header = "Checks the KMS signature over an app's env-encrypt public key and prints the signer.",
    description = {
      "The signer's key is printed as 0x + 66 hex. With --timestamp the signature is v1 "
          + "(freshness checked), without it legacy. With --expected-kms-key a different signer "
          + "is rejected (exit 1)."
    })
final class VerifyEnvKeyCommand implements Callable<Integer> {
  @Option(names = "--app-id", required = true, paramLabel = "HEX", description = "The app id (hex).")
  String appId;

  @Option(names = "--public-key", required = true, paramLabel = "HEX",
      description = "The env-encrypt X25519 public key that was signed (32 bytes, hex).")
  String publicKey;

  @Option(names = "--signature", required = true, paramLabel = "HEX",
      description = "The 65-byte signature r||s||v (signature_v1 with --timestamp, else the legacy signature).")
  String signature;

  @Option(names = "--timestamp", paramLabel = "S", description = "The signed unix time (selects the v1 message).")
  Long timestamp;

  @Option(names = "--now", paramLabel = "S", description = "Verification time in unix seconds (default: the clock).")
  Long now;

  @Option(names = "--max-age", paramLabel = "S", description = "Maximum age of a v1 timestamp (default: 300).")
  Long maxAge;

  @Option(names = "--expected-kms-key", paramLabel = "HEX",
      description = "The trusted KMS root secp256k1 key (compressed or uncompressed hex).")
  String expectedKmsKey;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // Usage first: option values are checked before any input is decoded.
    Instant at = now == null ? null : Inputs.time("--now", now);
    if (maxAge != null && (maxAge < 0 || maxAge > Inputs.MAX_TIME)) {
      throw CliException.usage("--max-age must be from 0 to " + Inputs.MAX_TIME + " seconds");
    }
    byte[] app = Hex.decode("--app-id", appId);
    X25519PublicKey key = X25519PublicKey.fromHex("--public-key", publicKey);
    byte[] sig = Hex.decode("--signature", signature);
    if (timestamp == null && (now != null || maxAge != null)) {
      throw CliException.usage("--now and --max-age apply to v1 signatures: add --timestamp");
    }
    Secp256k1PublicKey signer =
        timestamp == null
            ? EnvKeySignatureVerifier.recoverSignerLegacy(app, key, sig)
            : EnvKeySignatureVerifier.recoverSignerV1(app, key, timestamp, sig);
    // Without --expected-kms-key the check runs against the recovered key itself: that keeps the
    // freshness rules in one place; the trust decision is then the caller's, on the printed key.
    Secp256k1PublicKey trusted =
        expectedKmsKey == null ? signer : Secp256k1PublicKey.fromHex("--expected-kms-key", expectedKmsKey);
    EnvKeySignatureVerifier.Builder verifier = EnvKeySignatureVerifier.builder().trustedKmsKey(trusted);
    if (now != null) {
      verifier.clock(Clock.fixed(at, ZoneOffset.UTC));
    }
    if (maxAge != null) {
      verifier.maxAge(Duration.ofSeconds(maxAge));
    }
    Secp256k1PublicKey verified =
        timestamp == null
            ? verifier.build().verifyLegacy(app, key, sig)
            : verifier.build().verifyV1(app, key, timestamp, sig);
    spec.commandLine().getOut().println(verified.compressedHex0x());
    return Main.OK;
  }
}
