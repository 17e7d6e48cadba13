package io.phat4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A quote vector bundled with the benchmarks ({@code /vectors/NAME/}): the quote, its collateral
 * JSON and the time it verifies at. One loader for every benchmark and harness.
 *
 * @param quote the raw quote
 * @param collateralJson the {@code QuoteCollateralV3} JSON
 * @param time the verification time
 */
record QuoteVector(byte[] quote, byte[] collateralJson, Instant time) {
  /** Bundled resources are small; a cap keeps a wrong path from reading something huge. */
  private static final int MAX_RESOURCE_BYTES = 16 << 20;

  static QuoteVector load(String vector) {
    String dir = "/vectors/" + vector + "/";
    long seconds = Long.parseLong(new String(resource(dir + "time.txt"), StandardCharsets.US_ASCII).strip());
    return new QuoteVector(resource(dir + "quote.bin"), resource(dir + "collateral.json"), Instant.ofEpochSecond(seconds));
  }

  /** Reads a bundled resource, at most {@value #MAX_RESOURCE_BYTES} bytes. */
  static byte[] resource(String path) {
    try (InputStream in = QuoteVector.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing benchmark resource " + path);
      }
      byte[] data = in.readNBytes(MAX_RESOURCE_BYTES + 1);
      if (data.length > MAX_RESOURCE_BYTES) {
        throw new IllegalStateException("benchmark resource " + path + " is over " + MAX_RESOURCE_BYTES + " bytes");
      }
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
