package io.phat4j.examples.quickstart;

import io.phat4j.core.InvalidInputException;
import java.io.PrintStream;

/**
 * {@code java -jar quickstart.jar [--tamper=quote|os-image|compose|result|attestor]}: runs the quickstart
 * and exits 0 when the result verified, 1 when a link was rejected, 2 on a usage or run error.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the quickstart.
   *
   * @param args {@code --tamper=…} or nothing
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the quickstart and returns the exit code (for tests: no {@code System.exit}).
   *
   * @param args the arguments
   * @param out the story; its last line is the verdict
   * @param err usage and run errors
   * @return 0 verified, 1 rejected, 2 error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Tamper tamper = Tamper.NONE;
    try {
      for (String a : args) {
        if (a.startsWith("--tamper=")) {
          tamper = Tamper.parse(a.substring("--tamper=".length()));
        } else if (a.equals("--help") || a.equals("-h")) {
          out.println("usage: java -jar quickstart.jar [--tamper=quote|os-image|compose|result|attestor]");
          return 0;
        } else {
          throw new InvalidInputException("unknown argument " + a);
        }
      }
    } catch (InvalidInputException e) {
      err.println(e.getMessage());
      err.println("usage: java -jar quickstart.jar [--tamper=quote|os-image|compose|result|attestor]");
      return 2;
    }
    try {
      Quickstart.Verdict outcome = new Quickstart(tamper, out).run();
      out.println(outcome.lastLine());
      out.flush();
      return outcome.verified() ? 0 : 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted");
      return 2;
    } catch (RuntimeException e) {
      err.println("the quickstart could not run: " + e);
      return 2;
    }
  }
}
