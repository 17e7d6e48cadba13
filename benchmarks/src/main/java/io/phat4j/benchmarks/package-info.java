/** JMH benchmarks for phat4j's hot paths, e.g. {@link io.phat4j.benchmarks.EnvEncryptBenchmark}. */
@NullMarked
package io.phat4j.benchmarks;

import org.jspecify.annotations.NullMarked;
