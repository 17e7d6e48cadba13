package io.phat4j.testkit;

/** Which PCK CA issues the PCK certificates: Intel has a Platform CA and a Processor CA. */
public enum PckCaKind {
  /** The PCK Platform CA (multi-package server platforms, TDX hosts). */
  PLATFORM("Platform", "platform"),
  /** The PCK Processor CA (single-package platforms). */
  PROCESSOR("Processor", "processor");

  private final String nameWord;
  private final String queryValue;

  PckCaKind(String nameWord, String queryValue) {
    this.nameWord = nameWord;
    this.queryValue = queryValue;
  }

  /**
   * Returns the word used in the CA's common name ("Platform" or "Processor").
   *
   * @return the word
   */
  public String nameWord() {
    return nameWord;
  }

  /**
   * Returns the value of the PCS {@code ca=} query parameter for this CA's CRL.
   *
   * @return {@code "platform"} or {@code "processor"}
   */
  public String queryValue() {
    return queryValue;
  }
}
