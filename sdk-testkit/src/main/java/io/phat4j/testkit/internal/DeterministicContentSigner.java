package io.phat4j.testkit.internal;

import io.phat4j.testkit.TestSigningKey;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;

/**
 * Adapts a {@link TestSigningKey} to BouncyCastle's certificate and CRL builders, so X.509
 * signatures are deterministic (RFC 6979) like every other signature of the test PKI.
 */
public final class DeterministicContentSigner implements ContentSigner {
  private static final AlgorithmIdentifier ECDSA_SHA256 =
      new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

  private final TestSigningKey key;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  /**
   * Creates a one-shot signer.
   *
   * @param key the issuer key
   */
  public DeterministicContentSigner(TestSigningKey key) {
    this.key = key;
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return ECDSA_SHA256;
  }

  @Override
  public OutputStream getOutputStream() {
    return buffer;
  }

  @Override
  public byte[] getSignature() {
    return key.signDer(buffer.toByteArray());
  }
}
