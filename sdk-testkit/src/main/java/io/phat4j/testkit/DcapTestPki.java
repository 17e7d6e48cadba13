package io.phat4j.testkit;

import io.phat4j.core.CryptoException;
import io.phat4j.core.Hex;
import io.phat4j.testkit.internal.DeterministicContentSigner;
import io.phat4j.testkit.internal.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.jspecify.annotations.Nullable;

/**
 * A self-made Intel-DCAP-shaped PKI for tests and local development: a root CA, a PCK CA
 * (Platform or Processor), a TCB signing certificate, PCK leaf certificates with the Intel SGX
 * extension, CRLs, and signatures over TCB Info and QE identity JSON.
 *
 * <p>The structure mirrors Intel's: same certificate profiles (key usage, basic constraints, key
 * identifiers, CRL distribution points, 20-byte serials, P-256 with ECDSA/SHA-256) but subjects say
 * "phat4j Test", so nothing issued here can be confused with Intel's. Use {@link #rootCaDer()} as
 * the verifier's trust anchor.
 *
 * <p>With a {@linkplain Builder#seed seed} and a fixed {@linkplain Builder#clock clock}, every key,
 * serial, certificate, CRL and signature is byte-for-byte reproducible (keys are derived from the
 * seed, ECDSA nonces follow RFC 6979). A long-lived environment (a local devnet) that wants the
 * same trust anchor across restarts while using the system clock should pass a seed and a fixed
 * {@linkplain Builder#caValidity CA validity}: keys and CA certificates then no longer depend on
 * the start time. Immutable and thread-safe. Never a production trust root.
 */
public final class DcapTestPki {
  private static final String CRL_BASE = "https://pccs.phat4j.invalid/sgx/certification/v4/";

  private final byte[] seed;
  private final Instant now;
  private final PckCaKind pckCaKind;
  private final String namePrefix;
  private final Instant caNotBefore;
  private final Instant caNotAfter;
  private final TestSigningKey rootKey;
  private final TestSigningKey pckCaKey;
  private final TestSigningKey tcbSigningKey;
  private final X500Name rootName;
  private final X500Name pckCaName;
  private final X509Certificate root;
  private final X509Certificate pckCa;
  private final X509Certificate tcbSigning;

  private DcapTestPki(Builder b) {
    this.seed = b.seed != null ? b.seed.clone() : randomSeed();
    this.now = b.clock.instant().truncatedTo(ChronoUnit.SECONDS);
    this.pckCaKind = b.pckCaKind;
    this.namePrefix = b.namePrefix;
    this.caNotBefore = b.caNotBefore != null ? b.caNotBefore : now.minus(Duration.ofDays(365));
    this.caNotAfter = b.caNotAfter != null ? b.caNotAfter : now.plus(Duration.ofDays(3650));
    this.rootKey = key("root-ca");
    this.pckCaKey = key("pck-ca");
    this.tcbSigningKey = key("tcb-signing");
    this.rootName = name(b.namePrefix + " SGX Root CA");
    this.pckCaName = name(b.namePrefix + " SGX PCK " + pckCaKind.nameWord() + " CA");
    X500Name tcbName = name(b.namePrefix + " SGX TCB Signing");
    this.root = issue(rootName, rootKey, rootName, rootKey, serial("root-ca"), caNotBefore, caNotAfter,
        caProfile(1), CRL_BASE + "rootcacrl", null);
    this.pckCa = issue(rootName, rootKey, pckCaName, pckCaKey, serial("pck-ca"), caNotBefore, caNotAfter,
        caProfile(0), CRL_BASE + "rootcacrl", null);
    this.tcbSigning = issue(rootName, rootKey, tcbName, tcbSigningKey, serial("tcb-signing"), caNotBefore,
        caNotAfter, endEntityProfile(), CRL_BASE + "rootcacrl", null);
  }

  /**
   * Starts a builder: random seed, the system UTC clock, a Platform PCK CA.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the instant the PKI treats as "now" (the clock's reading at build time, in seconds);
   * default validity windows are centred on it, so it is a good verification time.
   *
   * @return the instant
   */
  public Instant now() {
    return now;
  }

  /**
   * Returns which PCK CA this PKI has.
   *
   * @return Platform or Processor
   */
  public PckCaKind pckCaKind() {
    return pckCaKind;
  }

  /**
   * Returns the self-signed root CA certificate.
   *
   * @return the certificate
   */
  public X509Certificate rootCertificate() {
    return root;
  }

  /**
   * Returns the root CA certificate as DER, the trust anchor to give the verifier (the
   * {@code root_ca.der} of a vector folder).
   *
   * @return a fresh array
   */
  public byte[] rootCaDer() {
    return encoded(root);
  }

  /**
   * Returns the PCK CA certificate (issued by the root).
   *
   * @return the certificate
   */
  public X509Certificate pckCaCertificate() {
    return pckCa;
  }

  /**
   * Returns the TCB signing certificate (issued by the root; signs TCB Info and QE identity).
   *
   * @return the certificate
   */
  public X509Certificate tcbSigningCertificate() {
    return tcbSigning;
  }

  /**
   * Returns the TCB signing key, for callers that sign their own JSON text.
   *
   * @return the key
   */
  public TestSigningKey tcbSigningKey() {
    return tcbSigningKey;
  }

  /**
   * Returns the TCB Info / QE identity issuer chain as PEM: TCB signing certificate, then root.
   *
   * @return the PEM chain
   */
  public String tcbIssuerChainPem() {
    return Pem.certificate(encoded(tcbSigning)) + Pem.certificate(encoded(root));
  }

  /**
   * Returns the PCK CRL issuer chain as PEM: PCK CA, then root.
   *
   * @return the PEM chain
   */
  public String pckCrlIssuerChainPem() {
    return Pem.certificate(encoded(pckCa)) + Pem.certificate(encoded(root));
  }

  /**
   * Issues a PCK leaf certificate with the given SGX extension and default options (valid from
   * {@link #now()} minus 30 days for 7 years, not a CA).
   *
   * @param extension the SGX extension values
   * @return the certificate and its key
   */
  public PckCredential issuePck(SgxExtensionSpec extension) {
    return newPck(extension).issue();
  }

  /**
   * Starts a PCK certificate request, to choose validity, a distinct key label or the (invalid)
   * CA flag.
   *
   * @param extension the SGX extension values
   * @return a request builder
   */
  public PckRequest newPck(SgxExtensionSpec extension) {
    return new PckRequest(Objects.requireNonNull(extension, "extension"));
  }

  /**
   * Issues the root CA CRL (issuer: root) as DER.
   *
   * @param spec dates and revoked serials
   * @return the DER CRL
   */
  public byte[] rootCaCrl(CrlSpec spec) {
    return crl(rootName, rootKey, root, spec);
  }

  /**
   * Issues the PCK CRL (issuer: the PCK CA) as DER.
   *
   * @param spec dates and revoked serials
   * @return the DER CRL
   */
  public byte[] pckCrl(CrlSpec spec) {
    return crl(pckCaName, pckCaKey, pckCa, spec);
  }

  /**
   * Signs a JSON text with the TCB signing key, exactly as given.
   *
   * @param json the exact text (UTF-8 bytes are signed)
   * @return the text and its raw r ‖ s signature in hex
   */
  public SignedJson signJson(String json) {
    return new SignedJson(json, Hex.encode(tcbSigningKey.signRaw(json.getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * Serialises and signs a TCB Info document.
   *
   * @param tcbInfo the document
   * @return the exact text and signature
   */
  public SignedJson sign(TcbInfoSpec tcbInfo) {
    return signJson(tcbInfo.toJson());
  }

  /**
   * Serialises and signs a QE identity document.
   *
   * @param qeIdentity the document
   * @return the exact text and signature
   */
  public SignedJson sign(QeIdentitySpec qeIdentity) {
    return signJson(qeIdentity.toJson());
  }

  /**
   * Derives a further key from this PKI's seed (e.g. an attestation key); equal labels give equal
   * keys.
   *
   * @param label what the key is for
   * @return the key
   */
  public TestSigningKey key(String label) {
    return TestSigningKey.derive(seed, label);
  }

  /**
   * Derives deterministic filler bytes from this PKI's seed (for measurements, PPIDs and the like).
   *
   * @param label what the bytes are for
   * @param length how many bytes, at most 32
   * @return the bytes
   */
  public byte[] deriveBytes(String label, int length) {
    MessageDigest sha = sha256();
    sha.update(seed);
    sha.update((byte) 1);
    sha.update(label.getBytes(StandardCharsets.UTF_8));
    byte[] digest = sha.digest();
    if (length > digest.length) {
      byte[] out = new byte[length];
      for (int i = 0; i < length; i += digest.length) {
        byte[] block = deriveBytes(label + "#" + i, 32);
        System.arraycopy(block, 0, out, i, Math.min(32, length - i));
      }
      return out;
    }
    return Arrays.copyOf(digest, length);
  }

  private BigInteger serial(String label) {
    byte[] b = deriveBytes("serial:" + label, 20);
    b[0] &= 0x7f;
    b[0] |= 0x01; // keep 20 significant bytes, like Intel's serials
    return new BigInteger(1, b);
  }

  private X509Certificate issue(X500Name issuer, TestSigningKey issuerKey, X500Name subject, TestSigningKey subjectKey,
      BigInteger serial, Instant notBefore, Instant notAfter, Profile profile, String crlUrl,
      @Nullable SgxExtensionSpec sgx) {
    try {
      SubjectPublicKeyInfo spki = subjectKey.subjectPublicKeyInfo();
      BcX509ExtensionUtils utils = new BcX509ExtensionUtils();
      X509v3CertificateBuilder cb = new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
          Date.from(notAfter), subject, spki);
      AuthorityKeyIdentifier aki = utils.createAuthorityKeyIdentifier(issuerKey.subjectPublicKeyInfo());
      cb.addExtension(Extension.authorityKeyIdentifier, false,
          new AuthorityKeyIdentifier(aki.getKeyIdentifierObject().getOctets()));
      GeneralNames uri = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl));
      cb.addExtension(Extension.cRLDistributionPoints, false,
          new CRLDistPoint(new DistributionPoint[] {
              new DistributionPoint(new DistributionPointName(uri), null, null)}));
      SubjectKeyIdentifier ski = utils.createSubjectKeyIdentifier(spki);
      cb.addExtension(Extension.subjectKeyIdentifier, false, ski);
      cb.addExtension(Extension.keyUsage, true, new KeyUsage(profile.keyUsage()));
      cb.addExtension(Extension.basicConstraints, true, profile.basicConstraints());
      if (sgx != null) {
        cb.addExtension(new ASN1ObjectIdentifier(SgxExtensionSpec.OID), false, sgx.toDer());
      }
      X509CertificateHolder holder = cb.build(new DeterministicContentSigner(issuerKey));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (IOException | CertificateException e) {
      throw new CryptoException("cannot issue the test certificate " + subject, e);
    }
  }

  private byte[] crl(X500Name issuer, TestSigningKey issuerKey, X509Certificate issuerCert, CrlSpec spec) {
    try {
      X509v2CRLBuilder cb = new X509v2CRLBuilder(issuer, Date.from(spec.thisUpdate()));
      if (spec.nextUpdate() != null) {
        cb.setNextUpdate(Date.from(spec.nextUpdate()));
      }
      for (BigInteger serial : spec.revokedSerials()) {
        cb.addCRLEntry(serial, Date.from(spec.thisUpdate()), CRLReason.keyCompromise);
      }
      cb.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(issuerCert.getPublicKey().getEncoded());
      AuthorityKeyIdentifier aki = new BcX509ExtensionUtils().createAuthorityKeyIdentifier(spki);
      cb.addExtension(Extension.authorityKeyIdentifier, false,
          new AuthorityKeyIdentifier(aki.getKeyIdentifierObject().getOctets()));
      return cb.build(new DeterministicContentSigner(issuerKey)).getEncoded();
    } catch (IOException e) {
      throw new CryptoException("cannot issue the test CRL of " + issuer, e);
    }
  }

  private static Profile caProfile(int pathLength) {
    return new Profile(KeyUsage.keyCertSign | KeyUsage.cRLSign, new BasicConstraints(pathLength));
  }

  private static Profile endEntityProfile() {
    return new Profile(KeyUsage.digitalSignature | KeyUsage.nonRepudiation, new BasicConstraints(false));
  }

  private record Profile(int keyUsage, BasicConstraints basicConstraints) {}

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.CN, commonName)
        .addRDN(BCStyle.O, "phat4j Test PKI")
        .addRDN(BCStyle.L, "Nowhere")
        .addRDN(BCStyle.ST, "CA")
        .addRDN(BCStyle.C, "US")
        .build();
  }

  private static byte[] encoded(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new CryptoException("cannot encode a test certificate", e);
    }
  }

  private static byte[] randomSeed() {
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return s;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new CryptoException("SHA-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "DcapTestPki[root=" + root.getSubjectX500Principal().getName() + ", now=" + now + "]";
  }

  /** A request for one PCK leaf certificate; not thread-safe. */
  public final class PckRequest {
    private final SgxExtensionSpec extension;
    private String keyLabel = "pck-leaf";
    private Instant notBefore = now.minus(Duration.ofDays(30));
    private Instant notAfter = now.plus(Duration.ofDays(7 * 365));
    private boolean caFlag;

    private PckRequest(SgxExtensionSpec extension) {
      this.extension = extension;
    }

    /**
     * Sets the label the PCK key (and serial) are derived from; distinct labels give distinct
     * certificates. Default {@code "pck-leaf"}.
     *
     * @param label the label
     * @return this request
     */
    public PckRequest keyLabel(String label) {
      this.keyLabel = Objects.requireNonNull(label, "label");
      return this;
    }

    /**
     * Sets the validity window (e.g. an expired one).
     *
     * @param notBefore start of validity
     * @param notAfter end of validity
     * @return this request
     */
    public PckRequest validity(Instant notBefore, Instant notAfter) {
      this.notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
      this.notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /**
     * Marks the leaf as a CA (basicConstraints cA=TRUE, keyCertSign), which a verifier must reject
     * as "CA used as end entity".
     *
     * @param caFlag whether to set the CA flag
     * @return this request
     */
    public PckRequest caFlag(boolean caFlag) {
      this.caFlag = caFlag;
      return this;
    }

    /**
     * Issues the certificate under the PCK CA.
     *
     * @return the certificate and its key
     */
    public PckCredential issue() {
      TestSigningKey leafKey = key(keyLabel);
      Profile profile = caFlag ? caProfile(0) : endEntityProfile();
      // The serial depends on everything that differs between certificates, so two different
      // certificates of one PKI never share a serial (CRL lookups are by serial).
      String serialLabel = keyLabel + ":" + Hex.encode(extension.toDer()) + ":" + caFlag + ":"
          + notBefore.getEpochSecond() + ":" + notAfter.getEpochSecond();
      X509Certificate cert = DcapTestPki.this.issue(pckCaName, pckCaKey,
          name(namePrefix + " SGX PCK Certificate"), leafKey, serial(serialLabel), notBefore, notAfter,
          profile, CRL_BASE + "pckcrl?ca=" + pckCaKind.queryValue() + "&encoding=der", extension);
      byte[] der = encoded(cert);
      String chain = Pem.certificate(der) + Pem.certificate(encoded(pckCa)) + Pem.certificate(encoded(root));
      return new PckCredential(cert, der, leafKey, extension, chain);
    }
  }

  /** Builds a {@link DcapTestPki}; not thread-safe. */
  public static final class Builder {
    private byte @Nullable [] seed;
    private Clock clock = Clock.systemUTC();
    private PckCaKind pckCaKind = PckCaKind.PLATFORM;
    private String namePrefix = "phat4j Test";
    private @Nullable Instant caNotBefore;
    private @Nullable Instant caNotAfter;

    private Builder() {}

    /**
     * Makes every key and serial derive from this seed (reproducible output).
     *
     * @param seed any bytes
     * @return this builder
     */
    public Builder seed(byte[] seed) {
      this.seed = seed.clone();
      return this;
    }

    /**
     * Makes every key and serial derive from this text (reproducible output).
     *
     * @param seed any text, e.g. the test's name
     * @return this builder
     */
    public Builder seed(String seed) {
      return seed(seed.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets the clock that defines {@link DcapTestPki#now()}; use a fixed clock for reproducible
     * output.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Chooses the PCK CA kind (Platform by default).
     *
     * @param kind the kind
     * @return this builder
     */
    public Builder pckCaKind(PckCaKind kind) {
      this.pckCaKind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Sets the prefix of every subject common name (default {@code "phat4j Test"}, giving e.g.
     * "phat4j Test SGX Root CA").
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder namePrefix(String prefix) {
      this.namePrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * Sets the validity window of the root CA, PCK CA and TCB signing certificates (default: one
     * year before now to ten years after).
     *
     * @param notBefore start of validity
     * @param notAfter end of validity
     * @return this builder
     */
    public Builder caValidity(Instant notBefore, Instant notAfter) {
      this.caNotBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
      this.caNotAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /**
     * Builds the PKI (generates keys and certificates).
     *
     * @return the PKI
     */
    public DcapTestPki build() {
      return new DcapTestPki(this);
    }
  }
}
