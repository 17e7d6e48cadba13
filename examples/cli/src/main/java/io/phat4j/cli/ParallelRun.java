package io.phat4j.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs the same task on several threads at once and times the part they run together: every
 * thread warms up, all wait at a barrier, then each runs the task N times; the time is from the
 * barrier to the last thread's end. With one thread it runs on the calling thread.
 *
 * <p>It also sums the CPU time the threads spent in the timed part. On a shared machine, where two
 * threads may get no more CPU than one, the work done per CPU-second still shows contention: it
 * falls when threads wait on each other or fight over cache lines, and stays put when they do not.
 */
final class ParallelRun {
  private ParallelRun() {}

  /** Wall seconds of the timed part, and the CPU seconds all threads spent in it. */
  record Timing(double seconds, double cpuSeconds) {}

  /**
   * Runs {@code task} {@code warmup} then {@code iterations} times on each of {@code threads}
   * threads and times the timed part.
   *
   * @throws RuntimeException the first failure of any thread (after all have stopped)
   */
  static Timing time(int threads, int warmup, int iterations, Runnable task) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    if (threads == 1) {
      repeat(task, warmup);
      long cpuStart = cpu.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      repeat(task, iterations);
      return new Timing((System.nanoTime() - start) / 1e9, (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9);
    }
    LongAdder cpuNanos = new LongAdder();
    AtomicReference<Long> startedAt = new AtomicReference<>();
    CyclicBarrier ready = new CyclicBarrier(threads, () -> startedAt.set(System.nanoTime()));
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          repeat(task, warmup);
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
        try {
          ready.await(); // every thread arrives, failed or not, so none waits for ever
        } catch (InterruptedException | BrokenBarrierException e) {
          failure.compareAndSet(null, new IllegalStateException("a worker thread was interrupted", e));
          return;
        }
        long cpuStart = cpu.getCurrentThreadCpuTime();
        try {
          if (failure.get() == null) {
            repeat(task, iterations);
          }
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
        cpuNanos.add(cpu.getCurrentThreadCpuTime() - cpuStart);
      }, "bench-verify-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    long end = System.nanoTime();
    if (failure.get() != null) {
      throw failure.get();
    }
    return new Timing((end - startedAt.get()) / 1e9, cpuNanos.sum() / 1e9);
  }

  private static void repeat(Runnable task, int times) {
    for (int i = 0; i < times; i++) {
      task.run();
    }
  }
}
