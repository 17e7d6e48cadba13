package io.phat4j.attestation.ratls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.attestation.ratls.internal.CertificateReader;
import io.phat4j.core.CryptoException;
import io.phat4j.core.SecretString;
import io.phat4j.core.dstack.guest.TlsKey;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;

class RaTlsKeyManagerTest {
  private static final RaTlsCertificate FIXTURE = RaTlsCertificate.parsePem(TestCerts.resource(TestCerts.FIXTURE));

  private static String pem(Object o) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o instanceof java.security.PrivateKey k ? new JcaPKCS8Generator(k, null) : o);
    }
    return w.toString();
  }

  private static X509Certificate leafFor(KeyPair k) {
    return TestCerts.leaf(k.getPublic(), TestCerts.ecKey(),
        Map.of(RaTlsExtension.ATTESTATION, CertificateReader.extension(FIXTURE.leaf(), RaTlsExtension.ATTESTATION)));
  }

  @Test
  void of_matchingKey_presentsTheChainUnderOneAlias() throws Exception {
    KeyPair k = TestCerts.ecKey();
    X509Certificate leaf = leafFor(k);
    RaTlsKeyManager km = RaTlsKeyManager.of(new TlsKey(SecretString.of(pem(k.getPrivate())), List.of(pem(leaf))));
    String alias = km.chooseServerAlias("EC", null, null);
    assertThat(alias).isNotNull();
    assertThat(km.getCertificateChain(alias)).containsExactly(leaf);
    assertThat(km.getPrivateKey(alias)).isEqualTo(k.getPrivate());
    assertThat(km.chooseServerAlias("RSA", null, null)).isNull();
    assertThat(km.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void of_anotherKeyOrGarbage_isRefusedWithoutEchoingTheKey() throws Exception {
    X509Certificate leaf = leafFor(TestCerts.ecKey());
    String otherKey = pem(TestCerts.ecKey().getPrivate());
    assertThatThrownBy(() -> RaTlsKeyManager.of(new TlsKey(SecretString.of(otherKey), List.of(pem(leaf)))))
        .isInstanceOf(CryptoException.class).hasMessageContaining("does not belong");
    String junk = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LW1hdGVyaWFs\n-----END PRIVATE KEY-----\n";
    assertThatThrownBy(() -> RaTlsKeyManager.of(new TlsKey(SecretString.of(junk), List.of(pem(leaf)))))
        .isInstanceOf(CryptoException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2VjcmV0"));
  }
}
