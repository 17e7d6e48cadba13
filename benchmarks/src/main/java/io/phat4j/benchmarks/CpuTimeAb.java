package io.phat4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Before/after comparison that stays meaningful on a busy machine (not a JMH benchmark): loads
 * {@link QuoteVerifyBenchmark} from two builds of {@code benchmarks.jar}, each in its own class
 * loader in the same JVM, and runs one of its benchmark methods in alternating rounds, timing each
 * round in the thread's CPU time. Other processes then slow both builds alike, and the per-round
 * ratio of their quotes per CPU-second is what is reported. JMH (see {@code docs/benchmarks.md})
 * remains the reference for absolute figures on an idle machine.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * io.phat4j.benchmarks.CpuTimeAb cold|warm pure|native VECTOR QUOTES_PER_ROUND ROUNDS OLD.jar NEW.jar}
 */
public final class CpuTimeAb {
  private CpuTimeAb() {}

  /**
   * Runs the comparison.
   *
   * @param args mode, backend, vector, quotes per round, rounds, old jar, new jar
   * @throws ReflectiveOperationException if a jar has no usable QuoteVerifyBenchmark
   * @throws MalformedURLException if a jar path is invalid
   */
  public static void main(String[] args) throws ReflectiveOperationException, MalformedURLException {
    if (args.length != 7) {
      System.err.println("usage: CpuTimeAb cold|warm pure|native VECTOR QUOTES_PER_ROUND ROUNDS OLD.jar NEW.jar");
      System.exit(2);
    }
    int perRound = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    Build[] builds = {load(args, Path.of(args[5])), load(args, Path.of(args[6]))};
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    double[][] rates = new double[2][rounds];
    // Two unrecorded rounds first, so both builds are compiled by the JIT before anything counts.
    for (int r = -2; r < rounds; r++) {
      for (int b = 0; b < 2; b++) {
        long start = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) {
          builds[b].run();
        }
        long used = cpu.getCurrentThreadCpuTime() - start;
        if (r >= 0) {
          rates[b][r] = perRound / (used / 1e9);
        }
      }
    }
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ratios[r] = rates[1][r] / rates[0][r];
    }
    for (int b = 0; b < 2; b++) {
      System.out.printf(Locale.ROOT, "%s %s %s %s: median %.0f quotes per CPU-second%n",
          args[0], args[1], args[2], args[5 + b], median(rates[b]));
    }
    System.out.printf(Locale.ROOT, "new/old per round: median %.3f (min %.3f, max %.3f)%n",
        median(ratios), Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0));
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static Build load(String[] args, Path jar) throws ReflectiveOperationException, MalformedURLException {
    // The platform loader as parent: nothing of phat4j is shared between the two builds.
    ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    Class<?> type = loader.loadClass(QuoteVerifyBenchmark.class.getName());
    Object bench = type.getConstructor().newInstance();
    type.getField("backend").set(bench, args[1]);
    type.getField("vector").set(bench, args[2]);
    type.getMethod("setUp").invoke(bench);
    return new Build(bench, type.getMethod(args[0]));
  }

  /** One build's benchmark state and the method to run. */
  private record Build(Object bench, Method method) {
    void run() throws ReflectiveOperationException {
      method.invoke(bench);
    }
  }
}
