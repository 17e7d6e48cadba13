package io.phat4j.attestation.ratls;

import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.attestation.ratls.internal.AttestationDecoder;
import io.phat4j.attestation.ratls.internal.CertificateReader;
import io.phat4j.attestation.ratls.internal.DecodedAttestation;
import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An RA-TLS certificate chain as dstack issues it (v0 {@code GetTlsKey}, v1 {@code IssueCert}, the
 * gateway): the leaf's public key, the attestation its extensions carry (TDX quote, event log, VM
 * config) and whether that attestation binds the key.
 *
 * <p>dstack binds a certificate's key for every wire format the same way: the attestation's report
 * data must be {@code SHA-512("ratls-cert:" ‖ SubjectPublicKeyInfo DER)} (its
 * {@code QuoteContentType::RaTlsCert}), and the quote must carry that report data. The SCALE v0
 * and msgpack v1 attestations state the report data themselves, so both must agree with the
 * quote; the legacy extensions take it from the quote. {@link #reportDataBound()} is true only when
 * all of this holds; {@link #requireBound()} throws, naming the link.
 *
 * <p>Parsing checks structure only: nothing here verifies the quote's signature, the event log or
 * the app's identity (that is the app verifier's work), nor the chain's issuer. The app id,
 * special usage and app info extensions are claims of the certificate's issuer, not evidence.
 *
 * <p>Immutable and thread-safe. Byte arrays are copied in and out.
 */
public final class RaTlsCertificate {
  private static final byte[] BINDING_TAG = "ratls-cert:".getBytes(StandardCharsets.US_ASCII);

  private final List<X509Certificate> chain;
  private final byte[] leafDer;
  private final Bytes32 fingerprint;
  private final byte[] publicKeyDer;
  private final DecodedAttestation attestation;
  private final byte[] quoteReportData;
  private final byte[] expectedReportData;
  private final byte @Nullable [] appId;
  private final @Nullable String specialUsage;
  private final byte @Nullable [] appInfo;
  private final String eventLogJson;
  private final @Nullable String vmConfigJson;

  private RaTlsCertificate(List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      throw new RaTlsCertificateException("certificate chain", "is empty", null);
    }
    if (chain.size() > CertificateReader.MAX_CHAIN) {
      throw new RaTlsCertificateException("certificate chain", "more than " + CertificateReader.MAX_CHAIN + " certificates", null);
    }
    this.chain = List.copyOf(chain);
    X509Certificate leaf = this.chain.get(0);
    try {
      this.leafDer = leaf.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new RaTlsCertificateException("certificate chain", "the leaf does not encode", e);
    }
    this.fingerprint = Bytes32.of(digest("SHA-256", leafDer));
    this.publicKeyDer = CertificateReader.subjectPublicKeyInfo(leaf);
    this.appId = CertificateReader.extension(leaf, RaTlsExtension.APP_ID);
    byte[] usage = CertificateReader.extension(leaf, RaTlsExtension.SPECIAL_USAGE);
    this.specialUsage = usage == null ? null : utf8(usage);
    this.appInfo = CertificateReader.extension(leaf, RaTlsExtension.APP_INFO);
    this.attestation = readAttestation(leaf);
    this.quoteReportData = quoteReportData(attestation);
    this.expectedReportData = expectedReportData(publicKeyDer);
    this.eventLogJson = AttestationDecoder.eventLogJson(attestation.eventLog());
    this.vmConfigJson = AttestationDecoder.vmConfigJson(attestation.config());
  }

  /**
   * Parses a PEM chain (leaf first), e.g. the {@code certificate_chain} of {@code GetTlsKey}.
   *
   * @param pem the PEM text, at most 4 MiB and 16 certificates
   * @return the certificate
   * @throws RaTlsCertificateException if the chain or an RA-TLS extension is malformed or missing
   */
  public static RaTlsCertificate parsePem(String pem) {
    Objects.requireNonNull(pem, "pem");
    return new RaTlsCertificate(CertificateReader.pemChain(pem));
  }

  /**
   * Parses a PEM chain from bytes (UTF-8 or ASCII).
   *
   * @param pem the PEM bytes, at most 4 MiB
   * @return the certificate
   * @throws RaTlsCertificateException if the chain or an RA-TLS extension is malformed or missing
   */
  public static RaTlsCertificate parsePem(byte[] pem) {
    Objects.requireNonNull(pem, "pem");
    if (pem.length > CertificateReader.MAX_PEM_CHARS) {
      throw new RaTlsCertificateException("certificate chain",
          "PEM of " + pem.length + " bytes exceeds the bound of " + CertificateReader.MAX_PEM_CHARS, null);
    }
    return parsePem(new String(pem, StandardCharsets.ISO_8859_1));
  }

  /**
   * Parses a DER-encoded leaf certificate (no chain).
   *
   * @param der the certificate's DER encoding
   * @return the certificate
   * @throws RaTlsCertificateException if the certificate or an RA-TLS extension is malformed or missing
   */
  public static RaTlsCertificate parseDer(byte[] der) {
    Objects.requireNonNull(der, "der");
    return new RaTlsCertificate(List.of(CertificateReader.der(der, 0)));
  }

  /**
   * Reads a chain the JDK already parsed, e.g. a TLS peer's chain (leaf first).
   *
   * @param chain the certificates, leaf first
   * @return the certificate
   * @throws RaTlsCertificateException if an RA-TLS extension is malformed or missing
   */
  public static RaTlsCertificate of(List<X509Certificate> chain) {
    Objects.requireNonNull(chain, "chain");
    return new RaTlsCertificate(chain);
  }

  /**
   * Reads a chain the JDK already parsed (leaf first).
   *
   * @param chain the certificates, leaf first
   * @return the certificate
   * @throws RaTlsCertificateException if an RA-TLS extension is malformed or missing
   */
  public static RaTlsCertificate of(X509Certificate... chain) {
    return of(List.of(chain));
  }

  /**
   * Returns dstack's report data for a public key: {@code SHA-512("ratls-cert:" ‖ spki)}, the
   * same rule for v0, v1 and legacy certificates.
   *
   * @param subjectPublicKeyInfo the DER SubjectPublicKeyInfo
   * @return the 64-byte report data
   */
  public static byte[] expectedReportData(byte[] subjectPublicKeyInfo) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-512");
      md.update(BINDING_TAG);
      md.update(subjectPublicKeyInfo);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is missing from the JDK", e);
    }
  }

  private static DecodedAttestation readAttestation(X509Certificate leaf) {
    byte[] att = CertificateReader.extension(leaf, RaTlsExtension.ATTESTATION);
    if (att != null) {
      try {
        return AttestationDecoder.decode(att);
      } catch (DecodeException e) {
        throw new RaTlsCertificateException(RaTlsExtension.ATTESTATION, e.getMessage(), e);
      }
    }
    byte[] quote = CertificateReader.extension(leaf, RaTlsExtension.TDX_QUOTE);
    if (quote == null) {
      throw new RaTlsCertificateException(RaTlsExtension.ATTESTATION,
          "missing (and no legacy " + RaTlsExtension.TDX_QUOTE + "): the certificate carries no attestation", null);
    }
    byte[] log = CertificateReader.extension(leaf, RaTlsExtension.EVENT_LOG);
    if (log == null) {
      throw new RaTlsCertificateException(RaTlsExtension.EVENT_LOG, "missing beside the legacy TDX quote", null);
    }
    byte[] reportData = tdReport(quote, RaTlsExtension.TDX_QUOTE).reportData();
    try {
      return AttestationDecoder.legacy(quote, CertificateReader.legacyEventLog(log), reportData);
    } catch (DecodeException e) {
      if (e instanceof RaTlsCertificateException r) {
        throw r;
      }
      throw new RaTlsCertificateException(RaTlsExtension.EVENT_LOG, e.getMessage(), e);
    }
  }

  private static byte[] quoteReportData(DecodedAttestation att) {
    RaTlsExtension ext = att.format() == AttestationWireFormat.LEGACY_QUOTE_EXTENSIONS
        ? RaTlsExtension.TDX_QUOTE : RaTlsExtension.ATTESTATION;
    return tdReport(att.quote(), ext).reportData();
  }

  private static TdReport tdReport(byte[] quote, RaTlsExtension ext) {
    try {
      if (Quote.parse(quote).body() instanceof TdReport td) {
        return td;
      }
      throw new RaTlsCertificateException(ext, "the quote is not a TDX quote", null);
    } catch (DecodeException e) {
      if (e instanceof RaTlsCertificateException r) {
        throw r;
      }
      throw new RaTlsCertificateException(ext, "quote: " + e.getMessage(), e);
    }
  }

  private static String utf8(byte[] raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RaTlsCertificateException(RaTlsExtension.SPECIAL_USAGE, "not UTF-8", e);
    }
  }

  private static byte[] digest(String alg, byte[] data) {
    try {
      return MessageDigest.getInstance(alg).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(alg + " is missing from the JDK", e);
    }
  }

  /**
   * Returns the chain, leaf first.
   *
   * @return the certificates
   */
  public List<X509Certificate> chain() {
    return chain;
  }

  /**
   * Returns the leaf certificate (the one whose key the TLS peer holds).
   *
   * @return the leaf
   */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  /**
   * Returns the SHA-256 of the leaf's DER encoding: the key under which verdicts are cached.
   *
   * @return the fingerprint
   */
  public Bytes32 fingerprint() {
    return fingerprint;
  }

  /**
   * Returns the leaf's DER encoding.
   *
   * @return a copy of the encoding
   */
  public byte[] leafDer() {
    return leafDer.clone();
  }

  /**
   * Returns the leaf's SubjectPublicKeyInfo, DER, exactly as the certificate holds it.
   *
   * @return a copy of the key
   */
  public byte[] publicKeyDer() {
    return publicKeyDer.clone();
  }

  /**
   * Returns how the attestation is carried.
   *
   * @return the wire format
   */
  public AttestationWireFormat wireFormat() {
    return attestation.format();
  }

  /**
   * Returns the TDX quote the certificate carries.
   *
   * @return a copy of the quote bytes
   */
  public byte[] quote() {
    return attestation.quote().clone();
  }

  /**
   * Returns the event log as JSON, in dstack's {@code TdxEvent} form (hex digests and payloads).
   * dstack strips boot-time payloads and runtime-event digests before embedding it in a
   * certificate, so RTMR3 is replayed from the runtime events' names and payloads.
   *
   * @return the JSON array text
   */
  public String eventLogJson() {
    return eventLogJson;
  }

  /**
   * Returns the VM config JSON the attestation carries (the nested {@code vm_config} of a
   * sys-config, or the config itself).
   *
   * @return the JSON text, or null when the attestation carries no config
   */
  public @Nullable String vmConfigJson() {
    return vmConfigJson;
  }

  /**
   * Returns the attestation's raw config string (empty when none).
   *
   * @return the config
   */
  public String config() {
    return attestation.config();
  }

  /**
   * Returns the report data the attestation declares (v0/v1), or the quote's (legacy).
   *
   * @return a copy of the 64 bytes
   */
  public byte[] attestationReportData() {
    return attestation.reportData().clone();
  }

  /**
   * Returns the report data in the quote's TD report.
   *
   * @return a copy of the 64 bytes
   */
  public byte[] quoteReportData() {
    return quoteReportData.clone();
  }

  /**
   * Returns the report data that would bind this certificate's key.
   *
   * @return a copy of {@code SHA-512("ratls-cert:" ‖ publicKeyDer())}
   */
  public byte[] expectedReportData() {
    return expectedReportData.clone();
  }

  /**
   * Returns whether the attestation binds this certificate's key: the quote's report data, and
   * the attestation's own, equal {@link #expectedReportData()} (compared in constant time).
   *
   * @return true when bound
   */
  public boolean reportDataBound() {
    return bindingProblem() == null;
  }

  /**
   * Throws unless {@link #reportDataBound()}.
   *
   * @throws RaTlsVerificationException naming {@link RaTlsLink#KEY_BINDING} and what differs
   */
  public void requireBound() {
    String problem = bindingProblem();
    if (problem != null) {
      throw new RaTlsVerificationException(RaTlsLink.KEY_BINDING, problem, null);
    }
  }

  private @Nullable String bindingProblem() {
    boolean declared = MessageDigest.isEqual(expectedReportData, attestation.reportData());
    boolean quoted = MessageDigest.isEqual(attestation.reportData(), quoteReportData);
    if (!declared) {
      return "the " + wireFormat().wireName() + " attestation's report data is not SHA-512(\"ratls-cert:\" || the leaf's"
          + " public key): the certificate's key is not bound to the quote";
    }
    if (!quoted) {
      return "the quote's report data differs from the report data the " + wireFormat().wireName() + " attestation declares";
    }
    return null;
  }

  /**
   * Returns the app id extension (an issuer claim), usually 20 bytes.
   *
   * @return a copy, or null when absent
   */
  public byte @Nullable [] appIdExtension() {
    return appId == null ? null : appId.clone();
  }

  /**
   * Returns the special usage extension (an issuer claim), e.g. {@code app:custom}.
   *
   * @return the usage, or null when absent
   */
  public @Nullable String specialUsage() {
    return specialUsage;
  }

  /**
   * Returns the app info extension's raw msgpack (an issuer claim of KMS-issued certificates).
   *
   * @return a copy, or null when absent
   */
  public byte @Nullable [] appInfoExtension() {
    return appInfo == null ? null : appInfo.clone();
  }

  /**
   * Returns whether each certificate of the chain is signed by the next one.
   *
   * @return true for a single certificate or a chain whose signatures all verify
   */
  public boolean chainSignaturesValid() {
    for (int i = 0; i + 1 < chain.size(); i++) {
      if (!signedBy(chain.get(i), chain.get(i + 1))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether the last certificate of the chain is self-signed.
   *
   * @return true when it verifies under its own key
   */
  public boolean lastSelfSigned() {
    X509Certificate last = chain.get(chain.size() - 1);
    return signedBy(last, last);
  }

  private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
    try {
      cert.verify(issuer.getPublicKey());
      return cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Describes the certificate without its bulk (fingerprint, format, binding). */
  @Override
  public String toString() {
    return "RaTlsCertificate[subject=" + leaf().getSubjectX500Principal().getName()
        + ", fingerprint=" + fingerprint.hex()
        + ", format=" + wireFormat().wireName()
        + ", reportDataBound=" + reportDataBound()
        + ", appIdExtension=" + (appId == null ? "none" : Hex.encode(appId)) + "]";
  }
}
