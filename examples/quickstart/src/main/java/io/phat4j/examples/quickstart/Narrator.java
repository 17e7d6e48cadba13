package io.phat4j.examples.quickstart;

import java.io.PrintStream;
import java.util.Locale;

/** Prints the story: numbered steps with their wall time, indented details. */
final class Narrator {
  private final PrintStream out;
  private final long start = System.nanoTime();
  private long stepStart = start;
  private int step;

  Narrator(PrintStream out) {
    this.out = out;
  }

  void title(String text) {
    out.println(text);
  }

  void step(String text) {
    stepStart = System.nanoTime();
    step++;
    out.println();
    out.println("[" + step + "] " + text);
  }

  void detail(String text) {
    out.println("    " + text);
  }

  void tamper(String text) {
    out.println("    !! " + text);
  }

  /** Ends a step with how long it took. */
  void done(String text) {
    out.println("    " + text + " (" + seconds(System.nanoTime() - stepStart) + ")");
  }

  String total() {
    return seconds(System.nanoTime() - start);
  }

  void line(String text) {
    out.println(text);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }
}
