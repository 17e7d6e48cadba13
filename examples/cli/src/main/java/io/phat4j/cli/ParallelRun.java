package io.phat4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the same task on several threads at once and times the part they run together: every
 * thread warms up, all wait at a barrier, then each runs the task N times; the time is from the
 * barrier to the last thread's end. With one thread it runs on the calling thread.
 */
final class ParallelRun {
  private ParallelRun() {}

  /**
   * Runs {@code task} {@code warmup} then {@code iterations} times on each of {@code threads}
   * threads and returns the seconds the timed part took.
   *
   * @throws RuntimeException the first failure of any thread (after all have stopped)
   */
  static double time(int threads, int warmup, int iterations, Runnable task) {
    if (threads == 1) {
      repeat(task, warmup);
      long start = System.nanoTime();
      repeat(task, iterations);
      return (System.nanoTime() - start) / 1e9;
    }
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
        try {
          if (failure.get() == null) {
            repeat(task, iterations);
          }
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
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
    return (end - startedAt.get()) / 1e9;
  }

  private static void repeat(Runnable task, int times) {
    for (int i = 0; i < times; i++) {
      task.run();
    }
  }
}
