package io.phat4j.cli;

import io.phat4j.attestation.dcap.CryptoBackend;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The {@code --backend pure|native|auto} option the quote commands share (a picocli mixin). */
final class BackendOption {
  @Option(names = "--backend", paramLabel = "pure|native|auto", converter = BackendConverter.class,
      description = {"Crypto backend for signatures and hashes (default: auto, or the system property "
          + "phat4j.crypto.backend).",
          "native: OpenSSL 3 libcrypto via FFM (Java 22+), fails if unavailable; auto: native if it loads."})
  @Nullable CryptoBackend backend;

  /** Parses the option value as {@link CryptoBackend#parse} does. */
  static final class BackendConverter implements ITypeConverter<CryptoBackend> {
    @Override
    public CryptoBackend convert(String value) {
      return CryptoBackend.parse(value);
    }
  }
}
