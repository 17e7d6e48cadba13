package io.phat4j.core.dstack;

import io.phat4j.core.CryptoException;

/**
 * A quote's {@code mr_config_id} is not what the app's compose hash, app id and key provider (and,
 * for version 3, the rest of the dstack config document) produce: the quote was made for another
 * configuration.
 */
public class MrConfigIdMismatchException extends CryptoException {
  private static final long serialVersionUID = 1L;

  private final int layout;

  /**
   * Creates the exception.
   *
   * @param layout the version byte of the quote's {@code mr_config_id} (1, 2, 3, or another value
   *     this SDK does not know)
   * @param problem what did not match
   */
  public MrConfigIdMismatchException(int layout, String problem) {
    super("mr_config_id (layout " + layout + "): " + problem);
    this.layout = layout;
  }

  /**
   * Returns the version byte of the quote's {@code mr_config_id}.
   *
   * @return the layout, 1 to 3 for the known ones
   */
  public int layout() {
    return layout;
  }
}
