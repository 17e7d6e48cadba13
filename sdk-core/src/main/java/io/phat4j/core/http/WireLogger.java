package io.phat4j.core.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link HttpTransport} writes its wire log, one line per call.
 *
 * <p>The default, {@link #slf4j()}, logs at DEBUG to the SLF4J logger {@value #LOGGER_NAME}. Lines
 * handed to a wire logger have already been redacted. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface WireLogger {
  /** The SLF4J logger name used by {@link #slf4j()}. */
  String LOGGER_NAME = "io.phat4j.wire";

  /**
   * Writes one line of the wire log.
   *
   * @param line a redacted log line
   */
  void log(String line);

  /**
   * Tells whether lines would be written at all, so the transport can skip formatting them.
   *
   * @return {@code true} unless the destination drops everything (the default)
   */
  default boolean enabled() {
    return true;
  }

  /**
   * Returns the default logger: SLF4J logger {@value #LOGGER_NAME} at DEBUG level.
   *
   * @return a wire logger writing to SLF4J
   */
  static WireLogger slf4j() {
    Logger logger = LoggerFactory.getLogger(LOGGER_NAME);
    return new WireLogger() {
      @Override
      public void log(String line) {
        logger.debug("{}", line);
      }

      @Override
      public boolean enabled() {
        return logger.isDebugEnabled();
      }

      @Override
      public String toString() {
        return "WireLogger.slf4j(" + LOGGER_NAME + ")";
      }
    };
  }
}
