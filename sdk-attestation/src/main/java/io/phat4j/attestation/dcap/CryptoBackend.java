package io.phat4j.attestation.dcap;

import java.util.Locale;

/**
 * Which implementation of the verifier's ECDSA P-256 and SHA-2 operations to use.
 *
 * <p>The native backend calls the system's OpenSSL 3 {@code libcrypto} through the Foreign
 * Function &amp; Memory API; it needs Java 22+ and the {@code phat4j-attestation-native} artifact on
 * the class path. Both backends give the same verdict for every input.
 */
public enum CryptoBackend {
  /** Native when it loads and passes its self-test, otherwise pure Java (the default). */
  AUTO,
  /** BouncyCastle's P-256 and the JDK's SHA-2; works everywhere. */
  PURE_JAVA,
  /** OpenSSL through FFM; building a verifier fails if it is unavailable. */
  NATIVE;

  /** The system property that sets the default backend: {@code auto}, {@code pure} or {@code native}. */
  public static final String PROPERTY = "phat4j.crypto.backend";

  /** The system property with an explicit path to {@code libcrypto} for the native backend. */
  public static final String LIBCRYPTO_PROPERTY = "phat4j.crypto.libcrypto";

  /**
   * Parses a backend name as the system property and the CLI spell it.
   *
   * @param name {@code auto}, {@code pure} (or {@code pure_java}, {@code pure-java}) or {@code native}, any case
   * @return the backend
   * @throws IllegalArgumentException for any other name
   */
  public static CryptoBackend parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> AUTO;
      case "pure", "pure_java", "pure-java", "java" -> PURE_JAVA;
      case "native" -> NATIVE;
      default -> throw new IllegalArgumentException("unknown crypto backend '" + name + "' (expected auto, pure or native)");
    };
  }

  /**
   * Returns the backend named by the {@value #PROPERTY} system property, or {@link #AUTO}.
   *
   * @return the configured default
   * @throws IllegalArgumentException if the property holds an unknown name
   */
  public static CryptoBackend fromSystemProperty() {
    String v = System.getProperty(PROPERTY);
    return v == null || v.isBlank() ? AUTO : parse(v);
  }
}
