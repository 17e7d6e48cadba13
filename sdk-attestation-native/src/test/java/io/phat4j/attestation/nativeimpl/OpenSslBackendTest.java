package io.phat4j.attestation.nativeimpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.attestation.dcap.internal.EcPublicKey;
import io.phat4j.attestation.dcap.internal.Ecdsa;
import io.phat4j.attestation.dcap.internal.PureJavaBackend;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class OpenSslBackendTest {
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());
  private static final OpenSslBackend NATIVE = (OpenSslBackend) new OpenSslBackendProvider().load(null);
  private static final PureJavaBackend PURE = PureJavaBackend.INSTANCE;

  /** A fresh key pair: private scalar and the public key as raw X‖Y. */
  private record Pair(BigInteger d, byte[] raw) {}

  private static Pair pair(long seed) {
    BigInteger d = new BigInteger(255, new java.util.Random(seed)).add(BigInteger.ONE);
    ECPoint q = DOMAIN.getG().multiply(d).normalize();
    byte[] enc = q.getEncoded(false);
    return new Pair(d, Arrays.copyOfRange(enc, 1, 65));
  }

  private static byte[] signRaw(BigInteger d, byte[] msg) throws Exception {
    ECDSASigner s = new ECDSASigner();
    s.init(true, new ECPrivateKeyParameters(d, DOMAIN));
    BigInteger[] rs = s.generateSignature(MessageDigest.getInstance("SHA-256").digest(msg));
    byte[] out = new byte[64];
    byte[] r = rs[0].toByteArray();
    byte[] sv = rs[1].toByteArray();
    System.arraycopy(r, Math.max(0, r.length - 32), out, 32 - Math.min(32, r.length), Math.min(32, r.length));
    System.arraycopy(sv, Math.max(0, sv.length - 32), out, 64 - Math.min(32, sv.length), Math.min(32, sv.length));
    return out;
  }

  @Test
  void load_systemLibcrypto_describesOpenSsl3() {
    assertThat(NATIVE.isNative()).isTrue();
    assertThat(NATIVE.description()).startsWith("native (OpenSSL 3.").contains("libcrypto");
  }

  @Test
  void load_missingFile_failsNamingThePath() {
    assertThatThrownBy(() -> new OpenSslBackendProvider().load("/nonexistent/libcrypto.so.3"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("libcrypto not found at /nonexistent/libcrypto.so.3");
  }

  @Test
  void sha_randomInputsAndSlices_matchJdk() throws Exception {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 300; i++) {
      byte[] data = new byte[rnd.nextInt(0, 10_000)];
      rnd.nextBytes(data);
      int off = data.length == 0 ? 0 : rnd.nextInt(0, data.length);
      int len = rnd.nextInt(0, data.length - off + 1);
      assertThat(NATIVE.sha256(data, off, len)).isEqualTo(PURE.sha256(data, off, len));
      assertThat(NATIVE.sha384(data, off, len)).isEqualTo(PURE.sha384(data, off, len));
    }
  }

  @Test
  void verifyRaw_validAndCorruptedSignatures_sameVerdictAsPureJava() throws Exception {
    SplittableRandom rnd = new SplittableRandom(11);
    int valid = 0;
    for (int i = 0; i < 200; i++) {
      Pair p = pair(i);
      EcPublicKey key = Ecdsa.rawKey(p.raw(), 0);
      byte[] msg = new byte[rnd.nextInt(1, 2000)];
      rnd.nextBytes(msg);
      byte[] sig = signRaw(p.d(), msg);
      // embed message and signature at offsets, as in a quote
      byte[] buf = new byte[msg.length + 64 + 10];
      System.arraycopy(msg, 0, buf, 5, msg.length);
      System.arraycopy(sig, 0, buf, 5 + msg.length, 64);
      int mode = i % 4;
      if (mode == 1) {
        buf[5 + rnd.nextInt(msg.length)] ^= (byte) (1 << rnd.nextInt(8));
      } else if (mode == 2) {
        buf[5 + msg.length + rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
      }
      boolean expected = PURE.verifyRaw(key, buf, 5, msg.length, buf, 5 + msg.length);
      assertThat(NATIVE.verifyRaw(key, buf, 5, msg.length, buf, 5 + msg.length)).as("case %d", i).isEqualTo(expected);
      if (expected) {
        valid++;
      }
    }
    assertThat(valid).isBetween(90, 110);
  }

  @Test
  void verify_edgeCaseSignatures_sameVerdictAsPureJava() throws Exception {
    Pair p = pair(99);
    EcPublicKey key = Ecdsa.rawKey(p.raw(), 0);
    byte[] msg = "edge".getBytes();
    byte[] good = signRaw(p.d(), msg);
    BigInteger n = DOMAIN.getN();
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(good, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(good, 32, 64));
    byte[][] raws = {
      new byte[64], // r = s = 0
      raw(BigInteger.ZERO, s), raw(r, BigInteger.ZERO), raw(n, s), raw(r, n), raw(r.add(n).mod(BigInteger.TWO.pow(256)), s),
      raw(r, n.subtract(s)), // the other valid s (ECDSA malleability): both must agree
      Arrays.copyOf(good, 63),
    };
    for (byte[] sig : raws) {
      boolean expected = PURE.verifyRaw(key, msg, 0, msg.length, sig, 0);
      assertThat(NATIVE.verifyRaw(key, msg, 0, msg.length, sig, 0)).isEqualTo(expected);
    }
    byte[] der = Ecdsa.derSignature(r, s);
    byte[] longForm = new byte[der.length + 1];
    longForm[0] = 0x30;
    longForm[1] = (byte) 0x81;
    longForm[2] = der[1];
    System.arraycopy(der, 2, longForm, 3, der.length - 2);
    byte[] trailing = Arrays.copyOf(der, der.length + 1);
    byte[][] ders = {der, longForm, trailing, new byte[0], new byte[] {0x30, 0x00}, Arrays.copyOf(der, der.length - 1)};
    boolean anyValid = false;
    for (byte[] d : ders) {
      boolean expected = PURE.verifyDer(key, msg, d);
      anyValid |= expected;
      assertThat(NATIVE.verifyDer(key, msg, d)).isEqualTo(expected);
    }
    assertThat(anyValid).isTrue();
    assertThat(NATIVE.verifyDer(key, msg, der)).isTrue();
  }

  @Test
  void verifyRaw_offsetOutOfRange_throwsBeforeNativeCall() {
    Pair p = pair(5);
    EcPublicKey key = Ecdsa.rawKey(p.raw(), 0);
    byte[] sig = new byte[64];
    assertThatThrownBy(() -> NATIVE.verifyRaw(key, new byte[10], 5, 10, sig, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void verifyRaw_manyThreads_agreeWithPureJava() throws Exception {
    Pair p = pair(3);
    EcPublicKey key = Ecdsa.rawKey(p.raw(), 0);
    byte[] msg = "threads".getBytes();
    byte[] sig = signRaw(p.d(), msg);
    byte[] bad = sig.clone();
    bad[0] ^= 1;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 400; i++) {
        boolean wantValid = i % 2 == 0;
        results.add(pool.submit(() -> NATIVE.verifyRaw(key, msg, 0, msg.length, wantValid ? sig : bad, 0) == wantValid));
      }
      for (var f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static byte[] raw(BigInteger r, BigInteger s) {
    byte[] out = new byte[64];
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    int rl = Math.min(32, rb.length);
    int sl = Math.min(32, sb.length);
    System.arraycopy(rb, rb.length - rl, out, 32 - rl, rl);
    System.arraycopy(sb, sb.length - sl, out, 64 - sl, sl);
    return out;
  }
}
