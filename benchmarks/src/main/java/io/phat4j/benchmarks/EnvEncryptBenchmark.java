package io.phat4j.benchmarks;

import io.phat4j.core.crypto.EncryptedEnv;
import io.phat4j.core.crypto.EnvEncryptor;
import io.phat4j.core.crypto.EnvVar;
import io.phat4j.core.crypto.X25519PrivateKey;
import io.phat4j.core.crypto.X25519PublicKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * dstack env encryption throughput: {@link EnvEncryptor#encrypt(List)} with the two env vars of
 * the shared test vector, a fresh random ephemeral key and IV per operation (the real cost).
 *
 * <p>Baselines in the same run: {@code jdkXdhBaseline} does the same encryption with only the JDK
 * (XDH key pair generation and key agreement, AES-GCM), and {@code rawX25519Agreement} is one
 * BouncyCastle X25519 scalar multiplication, a lower bound for one half of the work.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EnvEncrypt -f 1 -wi 3 -i 5 -t 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvEncryptBenchmark {
  private static final List<EnvVar> VARS =
      List.of(EnvVar.of("FOO", "bar"), EnvVar.of("API_KEY", "sk-test-1234"));

  private EnvEncryptor encryptor;
  private byte[] recipientRaw;
  private PublicKey recipientJdk;
  private KeyPairGenerator jdkGenerator;
  private SecureRandom random;
  private byte[] scalar;
  private byte[] plaintext;

  /** Builds the recipient key in both representations. */
  @Setup
  public void setUp() throws GeneralSecurityException {
    X25519PublicKey recipient = X25519PrivateKey.generate().publicKey();
    encryptor = EnvEncryptor.create(recipient);
    recipientRaw = recipient.toByteArray();
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = recipientRaw[31 - i];
    }
    recipientJdk =
        KeyFactory.getInstance("XDH")
            .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
    jdkGenerator = KeyPairGenerator.getInstance("X25519");
    random = new SecureRandom();
    scalar = new byte[32];
    random.nextBytes(scalar);
    plaintext =
        "{\"env\":[{\"key\":\"FOO\",\"value\":\"bar\"},{\"key\":\"API_KEY\",\"value\":\"sk-test-1234\"}]}"
            .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One full env encryption with phat4j (BouncyCastle X25519, JDK AES-GCM).
   *
   * @return the ciphertext, so the JIT cannot drop the work
   */
  @Benchmark
  public EncryptedEnv phat4jEncrypt() {
    return encryptor.encrypt(VARS);
  }

  /**
   * The same encryption with the JDK's XDH provider instead of BouncyCastle.
   *
   * @return the output blob
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] jdkXdhBaseline() throws GeneralSecurityException {
    KeyPair eph = jdkGenerator.generateKeyPair();
    KeyAgreement ka = KeyAgreement.getInstance("XDH");
    ka.init(eph.getPrivate());
    ka.doPhase(recipientJdk, true);
    byte[] shared = ka.generateSecret();
    byte[] iv = new byte[12];
    random.nextBytes(iv);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(shared, "AES"), new GCMParameterSpec(128, iv));
    byte[] ct = c.doFinal(plaintext);
    byte[] u = ((XECPublicKey) eph.getPublic()).getU().toByteArray();
    byte[] out = new byte[44 + ct.length];
    for (int i = 0; i < Math.min(u.length, 32); i++) {
      out[i] = u[u.length - 1 - i]; // little-endian u-coordinate
    }
    System.arraycopy(iv, 0, out, 32, 12);
    System.arraycopy(ct, 0, out, 44, ct.length);
    return out;
  }

  /**
   * One raw BouncyCastle X25519 scalar multiplication (no key generation, no AES).
   *
   * @return the shared secret
   */
  @Benchmark
  public byte[] rawX25519Agreement() {
    byte[] shared = new byte[32];
    X25519.scalarMult(scalar, 0, recipientRaw, 0, shared, 0);
    return shared;
  }
}
