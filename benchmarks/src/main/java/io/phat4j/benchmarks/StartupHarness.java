package io.phat4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Time from JVM start to the first verified quote, in a fresh process per sample: starts
 * {@link FirstQuoteApp} as a child JVM and measures the wall time from just before the process is
 * started to the moment its {@code verified} line arrives (what a service's first request waits
 * for, process creation included).
 *
 * <p>Two variants run alternately, sample by sample (A B A B ...), so a drift in machine speed
 * touches both alike: without an AOT cache, and with one ({@code -XX:AOTCache}) made by a training
 * run of the same app beforehand — the JDK 25 recipe docs/performance.md describes for services.
 * Printed: each pair, the medians, and the median of per-pair ratios (with/without), for wall time
 * and for the child's CPU time up to the line (user + system, all its threads, read from the OS when
 * the line arrives; 10 ms resolution on Linux), which a loaded machine disturbs less.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.phat4j.benchmarks.StartupHarness
 * [pairs=11] [backend=auto] [vector=tdx_v4_phala_sample] [jvm flags for both children...]}. The AOT
 * cache is written to {@code target/first-quote.aot} (made anew on each run).
 */
public final class StartupHarness {
  private StartupHarness() {}

  /**
   * Runs the harness.
   *
   * @param args pairs, backend, vector, then JVM flags for both children (all optional)
   * @throws Exception if a child cannot be started or fails
   */
  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    String backend = args.length > 1 ? args[1] : "auto";
    String vector = args.length > 2 ? args[2] : "tdx_v4_phala_sample";
    List<String> flags = args.length > 3 ? Arrays.asList(args).subList(3, args.length) : List.of();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The jar this class came from: the children run the same one (the cache is tied to it).
    String classPath = Path.of(StartupHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toAbsolutePath().toString();
    Path aot = Path.of("target", "first-quote.aot").toAbsolutePath();
    Files.createDirectories(aot.getParent());
    Files.deleteIfExists(aot);

    // The training run: the app once, as it will run, recording into the cache.
    List<String> train = child(java, flags, List.of("-XX:AOTCacheOutput=" + aot), classPath, vector, backend);
    Process p = new ProcessBuilder(train).redirectErrorStream(true).start();
    String trainingOutput = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0 || !Files.exists(aot)) {
      throw new IllegalStateException("training run failed:\n" + trainingOutput);
    }

    List<String> without = child(java, flags, List.of(), classPath, vector, backend);
    // AOTMode=on: fail rather than silently measure a JVM that could not use the cache.
    List<String> with = child(java, flags, List.of("-XX:AOTCache=" + aot, "-XX:AOTMode=on"), classPath, vector, backend);
    System.out.println("without: " + String.join(" ", without));
    System.out.println("with:    " + String.join(" ", with));
    System.out.println("load average before: " + loadAverage());
    time(without); // warm-up of the file cache, one of each
    time(with);
    double[][] a = new double[2][pairs];
    double[][] b = new double[2][pairs];
    double[][] ratio = new double[2][pairs];
    for (int i = 0; i < pairs; i++) {
      double[] x;
      double[] y;
      if (i % 2 == 1) {
        y = time(with);
        x = time(without);
      } else {
        x = time(without);
        y = time(with);
      }
      for (int k = 0; k < 2; k++) {
        a[k][i] = x[k];
        b[k][i] = y[k];
        ratio[k][i] = x[k] > 0 ? y[k] / x[k] : Double.NaN;
      }
      System.out.printf(Locale.ROOT, "pair %2d  without %.3f s (CPU %.2f s)  with AOT %.3f s (CPU %.2f s)  with/without %.3f%n",
          i + 1, x[0], x[1], y[0], y[1], ratio[0][i]);
    }
    System.out.println("load average after: " + loadAverage());
    System.out.printf(Locale.ROOT,
        "first verified quote, wall: median without AOT cache %.3f s, with %.3f s, median of per-pair with/without %.3f (%d pairs, backend %s)%n",
        median(a[0]), median(b[0]), median(ratio[0]), pairs, backend);
    System.out.printf(Locale.ROOT,
        "first verified quote, CPU:  median without AOT cache %.3f s, with %.3f s, median of per-pair with/without %.3f%n",
        median(a[1]), median(b[1]), median(ratio[1]));
  }

  private static List<String> child(String java, List<String> flags, List<String> aotFlags, String classPath,
      String vector, String backend) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(flags);
    command.addAll(aotFlags);
    command.addAll(List.of("-cp", classPath, FirstQuoteApp.class.getName(), vector, backend));
    return command;
  }

  /**
   * Seconds from starting the child to its {@code verified} line, and the CPU seconds the child had
   * used by then; the child must then exit 0.
   */
  private static double[] time(List<String> command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    double seconds = -1;
    double cpu = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (seconds < 0 && line.startsWith("verified ")) {
          seconds = (System.nanoTime() - start) / 1e9;
          cpu = p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        }
      }
    }
    int code = p.waitFor();
    if (code != 0 || seconds < 0) {
      throw new IllegalStateException("child failed (exit " + code + "): " + String.join(" ", command));
    }
    return new double[] {seconds, cpu};
  }

  private static double median(double[] values) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static String loadAverage() {
    try {
      String s = Files.readString(Path.of("/proc/loadavg"));
      String[] f = s.split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
