package io.phat4j.cli;

/** Placeholder entry point, replaced by the picocli command tree. */
public final class Main {
  private Main() {}

  /**
   * Runs the CLI.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.out.println("phat4j");
  }
}
