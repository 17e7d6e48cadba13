package io.phat4j.attestation.nativeimpl;

import io.phat4j.attestation.dcap.internal.EcPublicKey;
import io.phat4j.attestation.dcap.internal.Ecdsa;
import io.phat4j.attestation.dcap.internal.EcdsaBackend;
import io.phat4j.core.Hex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Known answers the native backend must reproduce before it is used: a fixed P-256 key, message
 * and signature (generated once with the OpenSSL CLI), which must verify, and three corruptions of
 * them, which must not; plus the FIPS 180-2 "abc" digests.
 */
final class SelfTest {
  private static final byte[] KEY = Hex.decode("kat_key",
      "4b53fe90a99ce951a6d09ade11c77f3bcc7b782b4efc0eaa1829de44dadd058d"
          + "93b3f00b10ab46e928f17eadc0cd03df319f61e21c2de83872d60b475a57373b");
  private static final byte[] MESSAGE = "phat4j native backend known-answer test".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SIGNATURE = Hex.decode("kat_signature",
      "c9fed87fbf35992e7690a4775b28bd93cf2438a90db76aa91a0c3c8778064da4"
          + "ab7d560d1b89bf680708db0170883c8d759b703c05625be0f6ee0384bf448660");
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHA256_ABC = Hex.decode("sha256_abc",
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  private static final byte[] SHA384_ABC = Hex.decode("sha384_abc",
      "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
          + "8086072ba1e7cc2358baeca134c825a7");

  private SelfTest() {}

  /**
   * Runs the known-answer test.
   *
   * @throws IllegalStateException naming the first wrong answer
   */
  static void run(EcdsaBackend backend) {
    EcPublicKey key = Ecdsa.rawKey(KEY, 0);
    check(backend.verifyRaw(key, MESSAGE, 0, MESSAGE.length, SIGNATURE, 0), "valid raw signature rejected");
    byte[] der = Ecdsa.derSignature(
        new java.math.BigInteger(1, java.util.Arrays.copyOfRange(SIGNATURE, 0, 32)),
        new java.math.BigInteger(1, java.util.Arrays.copyOfRange(SIGNATURE, 32, 64)));
    check(backend.verifyDer(key, MESSAGE, der), "valid DER signature rejected");
    byte[] badMessage = MESSAGE.clone();
    badMessage[0] ^= 1;
    check(!backend.verifyRaw(key, badMessage, 0, badMessage.length, SIGNATURE, 0), "signature over another message accepted");
    byte[] badSignature = SIGNATURE.clone();
    badSignature[63] ^= 1;
    check(!backend.verifyRaw(key, MESSAGE, 0, MESSAGE.length, badSignature, 0), "corrupted signature accepted");
    byte[] otherKey = KEY.clone();
    otherKey[0] ^= 1;
    EcPublicKey wrongKey;
    try {
      wrongKey = Ecdsa.rawKey(otherKey, 0);
    } catch (IllegalArgumentException e) {
      wrongKey = null;
    }
    if (wrongKey != null) {
      check(!backend.verifyRaw(wrongKey, MESSAGE, 0, MESSAGE.length, SIGNATURE, 0), "signature accepted under another key");
    }
    check(MessageDigest.isEqual(backend.sha256(ABC, 0, ABC.length), SHA256_ABC), "wrong SHA-256 of \"abc\"");
    check(MessageDigest.isEqual(backend.sha384(ABC, 0, ABC.length), SHA384_ABC), "wrong SHA-384 of \"abc\"");
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("native crypto self-test failed: " + what);
    }
  }
}
