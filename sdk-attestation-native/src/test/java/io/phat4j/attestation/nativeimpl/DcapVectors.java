package io.phat4j.attestation.nativeimpl;

import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.CryptoBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** The DCAP vectors of sdk-attestation (added to this module's test resources by the pom). */
final class DcapVectors {
  private DcapVectors() {}

  static Path root() {
    try {
      return Path.of(DcapVectors.class.getResource("/dcap").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> names() {
    try (Stream<Path> s = Files.list(root())) {
      return s.filter(p -> Files.isRegularFile(p.resolve("quote.bin"))).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String vector, String file) {
    Path p = root().resolve(vector).resolve(file);
    try {
      return Files.exists(p) ? Files.readAllBytes(p) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] quote(String vector) {
    return bytes(vector, "quote.bin");
  }

  static byte[] collateralJson(String vector) {
    return bytes(vector, "collateral.json");
  }

  static QuoteCollateral collateral(String vector) {
    return QuoteCollateral.fromJson(collateralJson(vector));
  }

  static Instant time(String vector) {
    return Instant.ofEpochSecond(Long.parseLong(new String(bytes(vector, "time.txt"), StandardCharsets.US_ASCII).trim()));
  }

  static boolean shouldSucceed(String vector) {
    return new String(bytes(vector, "expected.json"), StandardCharsets.UTF_8).matches("(?s).*\"should_succeed\"\\s*:\\s*true.*");
  }

  static QuoteVerifier verifier(String vector, CryptoBackend backend) {
    QuoteVerifier.Builder b = QuoteVerifier.builder().cryptoBackend(backend);
    byte[] root = bytes(vector, "root_ca.der");
    if (root != null) {
      b.trustAnchor(root);
    }
    return b.build();
  }
}
