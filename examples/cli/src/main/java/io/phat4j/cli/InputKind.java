package io.phat4j.cli;

import java.util.Locale;

/**
 * The kinds of input the CLI reads from files and stdin, each with a size cap.
 *
 * <p>A cap is the most bytes one input of that kind may hold; anything longer is refused before it
 * is parsed (exit 2). Each cap can be raised or lowered with the system property
 * {@code phat4j.max-bytes.<kind>} (e.g. {@code -Dphat4j.max-bytes.event-log=33554432}) or the
 * environment variable {@code PHAT4J_MAX_BYTES_<KIND>} (e.g. {@code PHAT4J_MAX_BYTES_EVENT_LOG});
 * the property wins. The defaults are far above any real input and far below a 256 MiB heap.
 */
enum InputKind {
  /** A raw DCAP quote (real ones are 5–10 KiB). */
  QUOTE("a quote", 1L << 20),
  /**
   * App evidence for verify-app: a dstack-verifier request, a guest-agent or cloud attestation, or an
   * RA-TLS certificate chain (real ones are 20–100 KiB, with the OS image's measurement inside).
   */
  EVIDENCE("app evidence", 4L << 20),
  /** Pinned OS-image reference values (phat4j-os-reference-values/1 JSON). */
  REFERENCE_VALUES("reference values", 4L << 20),
  /** QuoteCollateralV3 JSON (real ones are 20–60 KiB). */
  COLLATERAL("collateral", 16L << 20),
  /** A dstack event log or GetQuote response. */
  EVENT_LOG("an event log", 16L << 20),
  /** A dotenv file. */
  ENV_FILE("an env file", 1L << 20),
  /** Encrypted env hex on stdin. */
  ENCRYPTED_ENV("encrypted env", 4L << 20),
  /** An NVIDIA GPU evidence payload. */
  GPU_PAYLOAD("a GPU payload", 16L << 20),
  /** All files of a RIM directory together. */
  RIM("RIM files", 16L << 20),
  /** A DER certificate (trust anchor). */
  CERTIFICATE("a certificate", 64L << 10),
  /** A private key file. */
  KEY("a key file", 64L << 10),
  /** Any other JSON or text file: app-compose.json, a saved AI report, a docker-compose file. */
  JSON("a JSON or text file", 16L << 20);

  private final String what;
  private final long defaultCap;

  InputKind(String what, long defaultCap) {
    this.what = what;
    this.defaultCap = defaultCap;
  }

  /** What one input of this kind is called in messages, e.g. "a quote". */
  String what() {
    return what;
  }

  /** The built-in cap in bytes. */
  long defaultCap() {
    return defaultCap;
  }

  /** The system property that overrides the cap, e.g. {@code phat4j.max-bytes.event-log}. */
  String property() {
    return "phat4j.max-bytes." + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The environment variable that overrides the cap, e.g. {@code PHAT4J_MAX_BYTES_EVENT_LOG}. */
  String envVar() {
    return "PHAT4J_MAX_BYTES_" + name();
  }

  /** The cap in force: the property, else the environment variable, else the default. */
  long cap() {
    String value = System.getProperty(property());
    String source = property();
    if (value == null) {
      value = System.getenv(envVar());
      source = envVar();
    }
    if (value == null) {
      return defaultCap;
    }
    try {
      long cap = Long.parseLong(value.strip());
      if (cap >= 0 && cap < Integer.MAX_VALUE - 8) {
        return cap;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw CliException.usage(source + " must be a byte count from 0 to " + (Integer.MAX_VALUE - 9));
  }
}
