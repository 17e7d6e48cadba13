package io.phat4j.attestation.ratls;

import io.phat4j.core.CryptoException;
import io.phat4j.core.dstack.guest.DstackGuestClient;
import io.phat4j.core.dstack.guest.GuestApiVersion;
import io.phat4j.core.dstack.guest.TlsKey;
import io.phat4j.core.dstack.guest.TlsKeyRequest;
import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.jspecify.annotations.Nullable;

/**
 * A JSSE key manager that presents one RA-TLS certificate: the key and chain the dstack guest agent
 * issued to this app ({@code IssueCert} on v1 agents, {@code GetTlsKey} on v0). Inside an enclave,
 * give it to {@link RaTls.Builder#keyManager} so app-to-app calls are attested both ways, or use
 * it as a server's key.
 *
 * <p>The private key stays in memory only; {@code toString()} never shows it. Thread-safe.
 */
public final class RaTlsKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "ratls";

  private final PrivateKey privateKey;
  private final X509Certificate[] chain;
  private final RaTlsCertificate certificate;

  private RaTlsKeyManager(PrivateKey privateKey, RaTlsCertificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
    this.chain = certificate.chain().toArray(X509Certificate[]::new);
  }

  /**
   * Asks the guest agent for a fresh RA-TLS key and certificate (v1 {@code IssueCert} when the agent
   * serves v1, else v0 {@code GetTlsKey}), with RA-TLS, server and client usage.
   *
   * @param guest the guest agent client
   * @param subject the certificate's subject (e.g. the app's host name)
   * @return the key manager
   * @throws io.phat4j.core.dstack.guest.GuestAgentException if the agent fails
   * @throws RaTlsCertificateException if the returned chain is not an RA-TLS certificate
   */
  public static RaTlsKeyManager fromGuestAgent(DstackGuestClient guest, String subject) {
    TlsKeyRequest request = TlsKeyRequest.builder(subject).altName(subject).raTls(true).serverAuth(true).clientAuth(true).build();
    return fromGuestAgent(guest, request);
  }

  /**
   * Asks the guest agent for a key and certificate as requested (v1 {@code IssueCert} when the
   * agent serves v1, else v0 {@code GetTlsKey}). The request should ask for RA-TLS.
   *
   * @param guest the guest agent client
   * @param request what the certificate holds
   * @return the key manager
   */
  public static RaTlsKeyManager fromGuestAgent(DstackGuestClient guest, TlsKeyRequest request) {
    Objects.requireNonNull(guest, "guest");
    Objects.requireNonNull(request, "request");
    TlsKey key = guest.apiVersion() == GuestApiVersion.V1 ? guest.v1().issueCert(request) : guest.getTlsKey(request);
    return of(key);
  }

  /**
   * Wraps a key and chain the guest agent returned.
   *
   * @param key the PKCS#8 PEM key and the PEM chain, leaf first
   * @return the key manager
   * @throws CryptoException if the key does not parse or is not the leaf certificate's key
   * @throws RaTlsCertificateException if the chain is not an RA-TLS certificate
   */
  public static RaTlsKeyManager of(TlsKey key) {
    Objects.requireNonNull(key, "key");
    RaTlsCertificate cert = RaTlsCertificate.parsePem(String.join("\n", key.certificateChain()));
    PrivateKey pk = privateKey(key.privateKeyPem().reveal());
    requireMatch(pk, cert.leaf());
    return new RaTlsKeyManager(pk, cert);
  }

  /** Signs a fixed message with the key and verifies it with the leaf's key: they must be a pair. */
  private static void requireMatch(PrivateKey key, X509Certificate leaf) {
    String alg = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new CryptoException("unsupported TLS key algorithm " + key.getAlgorithm(), null);
    };
    byte[] probe = "phat4j RA-TLS key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try {
      java.security.Signature signer = java.security.Signature.getInstance(alg);
      signer.initSign(key);
      signer.update(probe);
      byte[] sig = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance(alg);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(probe);
      if (!verifier.verify(sig)) {
        throw new CryptoException("the private key does not belong to the leaf certificate", null);
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new CryptoException("the private key does not belong to the leaf certificate", e);
    }
  }

  private static PrivateKey privateKey(String pem) {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PrivateKeyInfo info) {
        return conv.getPrivateKey(info);
      }
      if (o instanceof PEMKeyPair pair) {
        return conv.getKeyPair(pair).getPrivate();
      }
      throw new CryptoException("the TLS key is not a PEM private key", null);
    } catch (IOException | RuntimeException e) {
      if (e instanceof CryptoException c) {
        throw c;
      }
      // The message of a PEM parser may quote input; never pass it on.
      throw new CryptoException("the TLS key does not parse as a PEM private key", null);
    }
  }

  /**
   * Returns the certificate this key manager presents.
   *
   * @return the RA-TLS certificate
   */
  public RaTlsCertificate certificate() {
    return certificate;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal @Nullable [] issuers) {
    return new String[] {ALIAS};
  }

  @Override
  public String chooseClientAlias(String @Nullable [] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
    return ALIAS;
  }

  @Override
  public String chooseEngineClientAlias(String @Nullable [] keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return ALIAS;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal @Nullable [] issuers) {
    return new String[] {ALIAS};
  }

  @Override
  public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
    return keyType.equals(privateKey.getAlgorithm()) ? ALIAS : null;
  }

  @Override
  public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return keyType.equals(privateKey.getAlgorithm()) ? ALIAS : null;
  }

  @Override
  public X509Certificate @Nullable [] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public @Nullable PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? privateKey : null;
  }

  @Override
  public String toString() {
    return "RaTlsKeyManager[" + certificate + "]";
  }
}
