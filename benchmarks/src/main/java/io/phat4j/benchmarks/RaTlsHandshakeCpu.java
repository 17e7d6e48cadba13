package io.phat4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The handshakes of {@link RaTlsHandshakeBenchmark} timed in CPU time, which stays meaningful on a
 * busy machine (wall-clock JMH figures there mostly measure the scheduler). Runs the three modes in
 * interleaved rounds and reports, per handshake, the median over rounds of the client thread's CPU
 * time (where RA-TLS verification runs) and of the whole process's CPU time (client, server and JVM
 * threads).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.phat4j.benchmarks.RaTlsHandshakeCpu
 * HANDSHAKES_PER_ROUND ROUNDS}
 */
public final class RaTlsHandshakeCpu {
  private RaTlsHandshakeCpu() {}

  private interface Handshake {
    int run() throws Exception;
  }

  /**
   * Runs the measurement.
   *
   * @param args handshakes per round, rounds
   * @throws Exception if the devnet or a handshake fails
   */
  public static void main(String[] args) throws Exception {
    int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    RaTlsHandshakeBenchmark b = new RaTlsHandshakeBenchmark();
    b.setUp();
    try {
      String[] names = {"plainTls", "raTlsWarm", "raTlsCold"};
      Handshake[] modes = {b::plainTls, b::raTlsWarm, b::raTlsCold};
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      double[][] thread = new double[modes.length][rounds];
      double[][] process = new double[modes.length][rounds];
      for (Handshake m : modes) { // warm-up: JIT, caches
        for (int i = 0; i < perRound; i++) {
          m.run();
        }
      }
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < modes.length; k++) {
          long t0 = threads.getCurrentThreadCpuTime();
          long p0 = os.getProcessCpuTime();
          for (int i = 0; i < perRound; i++) {
            modes[k].run();
          }
          thread[k][r] = (threads.getCurrentThreadCpuTime() - t0) / 1000.0 / perRound;
          process[k][r] = (os.getProcessCpuTime() - p0) / 1000.0 / perRound;
        }
      }
      System.out.printf(Locale.ROOT, "%-10s %22s %22s%n", "mode", "client thread us/hs", "process us/hs");
      for (int k = 0; k < modes.length; k++) {
        System.out.printf(Locale.ROOT, "%-10s %22.1f %22.1f%n", names[k], median(thread[k]), median(process[k]));
      }
      System.out.printf(Locale.ROOT, "warm / plain: client thread %.3f, process %.3f%n",
          median(thread[1]) / median(thread[0]), median(process[1]) / median(process[0]));
    } finally {
      b.tearDown();
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
