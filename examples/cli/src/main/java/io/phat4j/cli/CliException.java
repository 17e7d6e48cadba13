package io.phat4j.cli;

/** A failure with a chosen exit code and a message for stderr. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  static CliException rejected(String message) {
    return new CliException(Main.REJECTED, message);
  }

  static CliException usage(String message) {
    return new CliException(Main.USAGE, message);
  }
}
