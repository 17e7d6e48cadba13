package io.phat4j.attestation.dcap.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The reference backend: BouncyCastle's low-level P-256 and the JDK's SHA-2. */
public final class PureJavaBackend implements EcdsaBackend {
  /** The one instance (stateless). */
  public static final PureJavaBackend INSTANCE = new PureJavaBackend();

  private PureJavaBackend() {}

  @Override
  public String description() {
    return "pure-java (BouncyCastle)";
  }

  @Override
  public boolean isNative() {
    return false;
  }

  @Override
  public boolean verifyRaw(EcPublicKey key, byte[] data, int off, int len, byte[] sig, int sigOff) {
    return Ecdsa.verifyRaw(key, data, off, len, sig, sigOff);
  }

  @Override
  public boolean verifyDer(EcPublicKey key, byte[] data, byte[] der) {
    return Ecdsa.verifyDer(key, data, der);
  }

  @Override
  public byte[] sha256(byte[] data, int off, int len) {
    return Ecdsa.sha256(data, off, len);
  }

  @Override
  public byte[] sha384(byte[] data, int off, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-384");
      md.update(data, off, len);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 is always available", e);
    }
  }

  @Override
  public String toString() {
    return description();
  }
}
