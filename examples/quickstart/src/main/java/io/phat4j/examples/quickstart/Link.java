package io.phat4j.examples.quickstart;

/** One link of the chain of trust from a committed result back to genuine hardware, in check order. */
public enum Link {
  /** The TDX quote verifies (DCAP) under the trust anchor the caller named. */
  QUOTE("quote"),
  /** The event log replays to the quote's RTMR0–3. */
  RTMR("rtmr"),
  /** MRTD and RTMR0–2 are those of the OS image the VM config names, on its VM shape (computed from vm_config.tdx_measurement). */
  OS_IMAGE("os-image"),
  /** The app-compose document hashes to the measured compose hash, and the measured app id is the app's. */
  COMPOSE("compose"),
  /** The announced attestor key was issued to the app by the KMS root published on chain. */
  KMS("kms"),
  /** The app's DstackApp contract allows the measured compose hash. */
  ALLOWLIST("allowlist"),
  /** The result was committed by the attested app's attestor, which holds the anchor's role. */
  ATTESTOR("attestor"),
  /** The result read is the result the attestor committed. */
  RESULT("result");

  private final String label;

  Link(String label) {
    this.label = label;
  }

  /**
   * Returns the short name used in the report and in {@code --tamper}.
   *
   * @return e.g. {@code quote}
   */
  public String label() {
    return label;
  }
}
