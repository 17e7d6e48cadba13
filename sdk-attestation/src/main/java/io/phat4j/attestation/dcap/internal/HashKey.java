package io.phat4j.attestation.dcap.internal;

import java.util.Arrays;

/**
 * A cache key made of bytes that identify the value: a SHA-256 digest, or a raw public key.
 *
 * @param digest the identifying bytes (not copied; callers pass a fresh array)
 */
public record HashKey(byte[] digest) {
  @Override
  public boolean equals(Object o) {
    return o instanceof HashKey k && Arrays.equals(digest, k.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "HashKey[" + io.phat4j.core.Hex.encode(digest) + "]";
  }
}
