package io.phat4j.core.dstack;

import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The dstack compose hash: SHA-256 of the exact bytes of {@code app-compose.json}.
 *
 * <p>The guest measures the file as deployed, so a verifier must hash the {@code app_compose}
 * string it received verbatim; two serialisations of the same object hash differently. The
 * default app id is the first {@value AppId#LENGTH} bytes of this hash.
 *
 * <p>Thread-safe: all methods are static and pure.
 */
public final class ComposeHash {
  private ComposeHash() {}

  /**
   * Hashes the exact bytes of an {@code app-compose.json}.
   *
   * @param exactBytes the file's bytes, exactly as deployed
   * @return SHA-256 of the bytes
   */
  public static Bytes32 of(byte[] exactBytes) {
    return Bytes32.of(sha256(Objects.requireNonNull(exactBytes, "exactBytes")));
  }

  /**
   * Derives the default app id from a compose hash.
   *
   * @param composeHash the compose hash
   * @return its first {@value AppId#LENGTH} bytes
   */
  public static AppId appId(Bytes32 composeHash) {
    return AppId.of(Arrays.copyOf(composeHash.toByteArray(), AppId.LENGTH));
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JCA algorithm", e);
    }
  }
}
