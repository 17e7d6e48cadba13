package io.phat4j.attestation.os.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** SHA-256 / SHA-384 helpers and the RTMR extend rule. */
public final class Digests {
  private Digests() {}

  /** SHA-384 of the bytes. */
  public static byte[] sha384(byte[] data) {
    return digest("SHA-384").digest(data);
  }

  /** SHA-256 of the bytes. */
  public static byte[] sha256(byte[] data) {
    return digest("SHA-256").digest(data);
  }

  /** A fresh SHA-384 instance, for streaming input. */
  public static MessageDigest newSha384() {
    return digest("SHA-384");
  }

  /**
   * Replays a register: starts at 48 zero bytes and, for each entry, sets the value to
   * SHA-384(value ‖ entry).
   */
  public static byte[] replay(List<byte[]> log) {
    byte[] mr = new byte[48];
    MessageDigest md = digest("SHA-384");
    for (byte[] entry : log) {
      md.update(mr);
      md.update(entry);
      mr = md.digest();
    }
    return mr;
  }

  /** UTF-16LE without a byte-order mark. */
  public static byte[] utf16le(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " is required by every Java platform", e);
    }
  }
}
