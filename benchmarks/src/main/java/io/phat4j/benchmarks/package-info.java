/** JMH benchmarks for phat4j's hot paths. */
package io.phat4j.benchmarks;
