package io.phat4j.attestation.dcap;

import static io.phat4j.attestation.dcap.FailureReason.*;

import io.phat4j.attestation.dcap.internal.BoundedCache;
import io.phat4j.attestation.dcap.internal.Crl;
import io.phat4j.attestation.dcap.internal.CryptoBackends;
import io.phat4j.attestation.dcap.internal.EcPublicKey;
import io.phat4j.attestation.dcap.internal.Ecdsa;
import io.phat4j.attestation.dcap.internal.EcdsaBackend;
import io.phat4j.attestation.dcap.internal.HashKey;
import io.phat4j.attestation.dcap.internal.Le;
import io.phat4j.attestation.dcap.internal.ParsedCertificate;
import io.phat4j.attestation.dcap.internal.Pem;
import io.phat4j.attestation.dcap.internal.TrustAnchor;
import io.phat4j.attestation.dcap.internal.VerifiedChain;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Intel DCAP quotes (SGX v3, TDX v4/v5) against collateral, following dcap-qvl's
 * algorithm with the stricter checks of its Rust implementation (0.5.2): CRLs must cover every
 * certificate's issuer, be signed and unexpired; QE vendor ID and 32-byte QE auth data are
 * required; TCB levels are matched in canonical order; TDX module identity is checked. Unsigned
 * encoding details (PEM text, unused bytes inside declared sizes, the PCK CRL issuer chain) are as
 * lax as in dcap-qvl unless {@link Builder#strictEncoding(boolean)} is set.
 *
 * <p>The result says whether the quote is genuine and what its TCB status is; whether that status
 * is acceptable is decided by a {@link VerificationPolicy}.
 *
 * <p>Immutable and thread-safe. Work that depends only on the collateral (parsing, signatures,
 * certificate chains, CRLs) and verified PCK chains are cached by content hash in bounded LRU
 * caches, so a warm verifier does only the per-quote work; time-dependent checks are always
 * repeated.
 */
public final class QuoteVerifier {
  /** SHA-256 fingerprint of the Intel SGX Root CA certificate, the default trust anchor. */
  public static final String INTEL_ROOT_CA_SHA256 = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QuoteVerifier.class);
  private static final byte[] INTEL_QE_VENDOR_ID = Hex.decode("qe_vendor_id", "939a7233f79c4ca9940a0db3957f0607");
  private static final int ECDSA_P256 = 2;
  private static final String HEX_UPPER = "0123456789ABCDEF";
  private static final ASN1ObjectIdentifier PCK_EXTENSION_OID = new ASN1ObjectIdentifier(PckExtension.OID);

  private final TrustAnchor anchor;
  private final TrustAnchorInfo anchorInfo;
  private final Clock clock;
  private final boolean allowDebug;
  private final boolean allowServiceTd;
  private final boolean strictEncoding;
  private final BoundedCache<HashKey, Prepared> collateralCache;
  private final BoundedCache<HashKey, PckChain> pckCache;
  // Decoded attestation keys: a QE keeps its key across quotes, and BouncyCastle keeps its
  // precomputed multiples on the decoded point, so reusing the point makes the next verify cheaper.
  private final BoundedCache<HashKey, EcPublicKey> attestationKeyCache;
  private final EcdsaBackend backend;
  private final CryptoBackendInfo backendInfo;
  private volatile @Nullable LastSeen lastSeen;

  private QuoteVerifier(Builder b) {
    this.anchor = b.anchor != null ? b.anchor : IntelRoot.ANCHOR;
    String fingerprint = Hex.encode(anchor.fingerprint());
    this.anchorInfo = new TrustAnchorInfo(anchor.holder().getSubject().toString(), fingerprint,
        fingerprint.equals(INTEL_ROOT_CA_SHA256));
    if (!anchorInfo.intelRoot()) {
      LOG.warn("QuoteVerifier trusts {}", anchorInfo.describe());
    }
    this.clock = b.clock;
    this.allowDebug = b.allowDebug;
    this.allowServiceTd = b.allowServiceTd;
    this.strictEncoding = b.strictEncoding;
    this.collateralCache = new BoundedCache<>(b.cacheSize);
    this.pckCache = new BoundedCache<>(b.cacheSize);
    this.attestationKeyCache = new BoundedCache<>(b.cacheSize);
    CryptoBackends.Resolved r = CryptoBackends.resolve(
        b.cryptoBackend != null ? b.cryptoBackend : CryptoBackend.fromSystemProperty(),
        b.nativeLibrary == null ? null : b.nativeLibrary.toString());
    this.backend = r.backend();
    this.backendInfo = r.info();
  }

  /**
   * Returns a builder (defaults: Intel SGX Root CA, system UTC clock, debug and service TDs rejected,
   * dcap-qvl-compatible encoding checks, cache of 64 entries).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a quote at the verifier's clock time.
   *
   * @param quote the raw quote
   * @param collateral the collateral for the quote's platform
   * @return the verified quote with its TCB status
   * @throws QuoteVerificationException if any step fails; {@link QuoteVerificationException#reason()} says which
   */
  public VerifiedQuote verify(byte[] quote, QuoteCollateral collateral) {
    return verify(quote, collateral, clock.instant());
  }

  /**
   * Verifies a quote with collateral from a source, at the verifier's clock time.
   *
   * @param quote the raw quote
   * @param source where to get the collateral
   * @return the verified quote with its TCB status
   * @throws QuoteVerificationException if any step fails
   */
  public VerifiedQuote verify(byte[] quote, CollateralSource source) {
    Quote q = parse(quote);
    return verify(q, source.collateralFor(q), clock.instant());
  }

  /**
   * Verifies a quote at a given time.
   *
   * @param quote the raw quote
   * @param collateral the collateral for the quote's platform
   * @param now the verification time
   * @return the verified quote with its TCB status
   * @throws QuoteVerificationException if any step fails
   */
  public VerifiedQuote verify(byte[] quote, QuoteCollateral collateral, Instant now) {
    return verify(parse(quote), collateral, now);
  }

  /**
   * Returns the SHA-256 fingerprint of the trust anchor.
   *
   * @return lowercase hex
   */
  public String trustAnchorFingerprint() {
    return Hex.encode(anchor.fingerprint());
  }

  /**
   * Returns which root this verifier trusts, as every {@link VerifiedQuote} reports it.
   *
   * @return the anchor's subject, fingerprint and whether it is Intel's root
   */
  public TrustAnchorInfo trustAnchor() {
    return anchorInfo;
  }

  /**
   * Returns the cache counters.
   *
   * @return a snapshot of hits and misses
   */
  public CacheStats cacheStats() {
    return new CacheStats(collateralCache.hits(), collateralCache.misses(), pckCache.hits(), pckCache.misses());
  }

  /**
   * Returns which crypto backend this verifier uses and, if {@link CryptoBackend#AUTO} fell back to pure Java, why.
   *
   * @return the backend description
   */
  public CryptoBackendInfo cryptoBackendInfo() {
    return backendInfo;
  }

  private EcPublicKey attestationKey(byte[] buf, int offset) {
    HashKey raw = new HashKey(Arrays.copyOfRange(buf, offset, offset + 64));
    EcPublicKey key = attestationKeyCache.get(raw);
    if (key == null) {
      try {
        key = Ecdsa.rawKey(buf, offset);
      } catch (IllegalArgumentException e) {
        throw new QuoteVerificationException(QUOTE_SIGNATURE, "attestation key is not a P-256 point", e);
      }
      attestationKeyCache.put(raw, key);
    }
    return key;
  }

  private Quote parse(byte[] quote) {
    try {
      Quote q = Quote.parse(quote);
      if (strictEncoding) {
        q.requireDeclaredSizesUsedExactly();
      }
      return q;
    } catch (QuoteFormatException e) {
      throw new QuoteVerificationException(QUOTE_FORMAT, e.getMessage(), e);
    }
  }

  private VerifiedQuote verify(Quote q, QuoteCollateral col, Instant now) {
    Objects.requireNonNull(col, "collateral");
    Objects.requireNonNull(now, "now");
    try {
      return verifyChecked(q, col, now);
    } catch (QuoteVerificationException e) {
      throw e;
    } catch (RuntimeException e) {
      // Fail closed: a library rejecting corrupt input in an unexpected place is still a failed verification.
      throw new QuoteVerificationException(MALFORMED_INPUT, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private VerifiedQuote verifyChecked(Quote q, QuoteCollateral col, Instant now) {
    TeeType tee = q.teeType();
    int version = q.version();
    if (tee == TeeType.SGX && version != 3) {
      throw new QuoteVerificationException(UNSUPPORTED_VERSION, "SGX TEE quote must have version 3", "got " + version, null);
    }
    if (tee == TeeType.TDX && version != 4 && version != 5) {
      throw new QuoteVerificationException(UNSUPPORTED_VERSION, "TDX TEE quote must have version 4 or 5", "got " + version, null);
    }
    if (!Arrays.equals(q.header().qeVendorId(), INTEL_QE_VENDOR_ID)) {
      throw new QuoteVerificationException(QE_VENDOR_ID, Hex.encode(q.header().qeVendorId()), null);
    }
    if (q.header().attestationKeyType() != ECDSA_P256) {
      throw new QuoteVerificationException(ATTESTATION_KEY_TYPE, "type " + q.header().attestationKeyType(), null);
    }
    Prepared p = prepared(col);

    TcbInfo tcb = p.tcbInfo;
    if (now.isBefore(tcb.issueDate())) {
      throw new QuoteVerificationException(TCB_INFO_NOT_YET_VALID, "issued " + tcb.issueDate() + ", now " + now, null);
    }
    if (now.isAfter(tcb.nextUpdate())) {
      throw new QuoteVerificationException(TCB_INFO_EXPIRED, "next update " + tcb.nextUpdate() + ", now " + now, null);
    }
    p.tcbChain.checkTime(now);
    QeIdentity qe = p.qeIdentity;
    if (now.isBefore(qe.issueDate())) {
      throw new QuoteVerificationException(QE_IDENTITY_NOT_YET_VALID, "issued " + qe.issueDate() + ", now " + now, null);
    }
    if (now.isAfter(qe.nextUpdate())) {
      throw new QuoteVerificationException(QE_IDENTITY_EXPIRED, "next update " + qe.nextUpdate() + ", now " + now, null);
    }
    p.qeChain.checkTime(now);
    boolean qeFits = tee == TeeType.SGX
        ? qe.id().equals("QE") && qe.version() == 2
        : qe.id().equals("TD_QE") && (qe.version() == 2 || qe.version() == 3);
    if (!qeFits) {
      throw new QuoteVerificationException(QE_IDENTITY_TYPE, "id " + qe.id() + " version " + qe.version() + " for " + tee, null);
    }

    if (col.pckCertificateChain() == null && q.certificationDataType() != Quote.CERT_TYPE_PCK_CHAIN) {
      throw new QuoteVerificationException(PCK_CERT_FORMAT,
          "Unsupported DCAP PCK cert format: " + q.certificationDataType(), "and the collateral has no pck_certificate_chain", null);
    }
    PckChain pck = pckChain(q, col.pckCertificateChain(), p);
    pck.chain.checkTime(now);
    QuoteVerificationException crlIssuer = p.pckCrlIssuerProblem;
    if (crlIssuer != null) {
      String prefix = crlIssuer.dcapQvlMessage() + ": ";
      String detail = crlIssuer.getMessage().startsWith(prefix) ? crlIssuer.getMessage().substring(prefix.length()) : null;
      throw new QuoteVerificationException(crlIssuer.reason(), crlIssuer.dcapQvlMessage(), detail, crlIssuer);
    }

    byte[] buf = q.buffer();
    SgxReport qeReport = q.qeReport();
    if (!backend.verifyRaw(pck.chain.leafKey(), buf, qeReport.offset(), SgxReport.SIZE, buf, q.qeReportSignatureOffset())) {
      throw new QuoteVerificationException(QE_REPORT_SIGNATURE, null, null);
    }
    if (q.qeAuthDataLength() != 32) {
      throw new QuoteVerificationException(QE_AUTH_DATA, "expected 32 bytes, got " + q.qeAuthDataLength(), null);
    }
    MessageDigest md = Ecdsa.sha256();
    md.update(buf, q.attestationKeyOffset(), 64);
    md.update(buf, q.qeAuthDataOffset(), q.qeAuthDataLength());
    byte[] binding = md.digest();
    if (!MessageDigest.isEqual(binding, Arrays.copyOfRange(buf, qeReport.offset() + 320, qeReport.offset() + 352))) {
      throw new QuoteVerificationException(QE_REPORT_BINDING, null, null);
    }
    IsvSvnLevel qeLevel = checkQeIdentity(qeReport, qe);

    EcPublicKey attestationKey = attestationKey(buf, q.attestationKeyOffset());
    if (!backend.verifyRaw(attestationKey, buf, 0, q.signedLength(), buf, q.signatureOffset())) {
      throw new QuoteVerificationException(QUOTE_SIGNATURE, null, null);
    }

    if (pck.extension == null) {
      throw new QuoteVerificationException(PCK_EXTENSION, pck.extensionError, null);
    }
    PckExtension ext = pck.extension;
    if (!ext.fmspcEquals(p.fmspc)) {
      throw new QuoteVerificationException(FMSPC_MISMATCH, "PCK " + ext.fmspcHex() + ", TCB info " + tcb.fmspc(), null);
    }
    if (tee == TeeType.TDX && !tcb.id().equals("TDX")) {
      throw new QuoteVerificationException(TCB_INFO_TYPE, "TDX quote with non-TDX TCB info in the collateral", "id " + tcb.id(), null);
    }
    if (tee == TeeType.SGX && !tcb.id().equals("SGX")) {
      throw new QuoteVerificationException(TCB_INFO_TYPE, "SGX quote with non-SGX TCB info in the collateral", "id " + tcb.id(), null);
    }

    TdReport td = q.body() instanceof TdReport t ? t : null;
    TcbLevel platform = matchPlatform(p.sortedLevels, ext.cpuSvn(), ext.pceSvn(), td);
    IsvSvnLevel module = td == null ? null : checkTdxModule(td, tcb);
    Merged m = merge(platform, module, qeLevel);
    checkAttributes(q.body(), allowDebug, allowServiceTd);
    Instant issued = tcb.issueDate().isBefore(qe.issueDate()) ? tcb.issueDate() : qe.issueDate();
    return new VerifiedQuote(tee, m.status(), m.advisoryIds(), m.platformStatus(), m.platformAdvisoryIds(),
        qeLevel.status(), qeLevel.advisoryIds(), ext, q, now, issued, tcb.tcbEvaluationDataNumber(), anchorInfo);
  }

  /** The merged TCB evaluation: platform (with TDX module) and overall. */
  record Merged(TcbStatus platformStatus, List<String> platformAdvisoryIds, TcbStatus status, List<String> advisoryIds) {}

  /** Merges platform, TDX module and QE levels: the worst status; advisories in that order without repeats. */
  static Merged merge(TcbLevel platform, @Nullable IsvSvnLevel module, IsvSvnLevel qeLevel) {
    TcbStatus platformStatus = platform.status();
    List<String> platformAdvisories = new ArrayList<>(platform.advisoryIds());
    if (module != null) {
      platformStatus = platformStatus.worse(module.status());
      addNew(platformAdvisories, module.advisoryIds());
    }
    TcbStatus status = platformStatus.worse(qeLevel.status());
    List<String> advisories = new ArrayList<>(platformAdvisories);
    addNew(advisories, qeLevel.advisoryIds());
    if (!status.isValid()) {
      throw new QuoteVerificationException(TCB_STATUS_REVOKED, "TCB status is invalid: " + status.wireName(), null, null);
    }
    return new Merged(platformStatus, List.copyOf(platformAdvisories), status, List.copyOf(advisories));
  }

  private static void addNew(List<String> into, List<String> more) {
    for (String id : more) {
      if (!into.contains(id)) {
        into.add(id);
      }
    }
  }

  /** Checks the QE report against the QE identity and returns the QE's TCB level. */
  static IsvSvnLevel checkQeIdentity(SgxReport r, QeIdentity qe) {
    if (!MessageDigest.isEqual(r.mrSigner().toByteArray(), Hex.decode("mrsigner", qe.mrsigner()))) {
      throw new QuoteVerificationException(QE_IDENTITY_MISMATCH, "QE MRSIGNER mismatch",
          "expected " + qe.mrsigner() + ", got " + r.mrSigner().hex(), null);
    }
    if (r.debug()) {
      throw new QuoteVerificationException(QE_IDENTITY_MISMATCH, "Debug mode is enabled", "the quoting enclave is a debug enclave", null);
    }
    if (r.isvProdId() != qe.isvProdId()) {
      throw new QuoteVerificationException(QE_IDENTITY_MISMATCH, "QE ISVPRODID mismatch",
          "expected " + qe.isvProdId() + ", got " + r.isvProdId(), null);
    }
    long misc = Le.u32(Hex.decode("miscselect", qe.miscselect()), 0);
    long miscMask = Le.u32(Hex.decode("miscselectMask", qe.miscselectMask()), 0);
    if ((r.miscSelect() & miscMask) != (misc & miscMask)) {
      throw new QuoteVerificationException(QE_IDENTITY_MISMATCH, "QE MISCSELECT mismatch", null, null);
    }
    byte[] attrs = r.attributes();
    byte[] want = Hex.decode("attributes", qe.attributes());
    byte[] mask = Hex.decode("attributesMask", qe.attributesMask());
    for (int i = 0; i < 16; i++) {
      if ((attrs[i] & mask[i]) != (want[i] & mask[i])) {
        throw new QuoteVerificationException(QE_IDENTITY_MISMATCH, "QE ATTRIBUTES mismatch at byte " + i, null, null);
      }
    }
    for (IsvSvnLevel level : qe.tcbLevels()) {
      if (r.isvSvn() >= level.isvSvn()) {
        return level;
      }
    }
    int min = qe.tcbLevels().stream().mapToInt(IsvSvnLevel::isvSvn).min().orElse(0);
    throw new QuoteVerificationException(QE_TCB_LEVEL,
        "QE ISVSVN " + r.isvSvn() + " is below minimum required " + min, null, null);
  }

  /** Returns the first level (in the given order) the platform's SVNs satisfy. */
  static TcbLevel matchPlatform(List<TcbLevel> levels, byte[] cpuSvn, int pceSvn, @Nullable TdReport td) {
    byte[] teeTcbSvn = td == null ? null : td.teeTcbSvn();
    for (TcbLevel level : levels) {
      List<Integer> sgx = level.sgxComponents();
      if (sgx.isEmpty()) {
        throw new QuoteVerificationException(TCB_COMPONENTS, "No SGX components in the TCB info", null, null);
      }
      if (sgx.size() != cpuSvn.length) {
        throw new QuoteVerificationException(TCB_COMPONENTS, "SGX TCB level has " + sgx.size() + " components, expected 16", null);
      }
      if (teeTcbSvn != null) {
        List<Integer> tdx = level.tdxComponents();
        if (tdx.isEmpty()) {
          throw new QuoteVerificationException(TCB_COMPONENTS, "No TDX components in the TCB info", null, null);
        }
        if (tdx.size() != teeTcbSvn.length) {
          throw new QuoteVerificationException(TCB_COMPONENTS, "TDX TCB level has " + tdx.size() + " components, expected 16", null);
        }
      }
      if (pceSvn < level.pceSvn() || !atLeast(cpuSvn, sgx) || (teeTcbSvn != null && !atLeast(teeTcbSvn, level.tdxComponents()))) {
        continue;
      }
      return level;
    }
    throw new QuoteVerificationException(NO_MATCHING_TCB_LEVEL, null, null);
  }

  private static boolean atLeast(byte[] svns, List<Integer> minimum) {
    for (int i = 0; i < svns.length; i++) {
      if ((svns[i] & 0xff) < minimum.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** Checks the TDX module signer and attributes; returns the module's TCB level, or null when the TCB info has none for it. */
  static @Nullable IsvSvnLevel checkTdxModule(TdReport td, TcbInfo tcb) {
    TdxModuleIdentity module = tcb.tdxModule();
    if (module == null) {
      throw new QuoteVerificationException(TDX_MODULE_IDENTITY, "TDX module not found", "the TDX TCB info has no tdxModule", null);
    }
    byte[] teeTcbSvn = td.teeTcbSvn();
    int major = teeTcbSvn[1] & 0xff;
    TdxModuleIdentity expected = module;
    if (major > 0 && !tcb.tdxModuleIdentities().isEmpty()) {
      String id = "TDX_" + HEX_UPPER.charAt(major >>> 4) + HEX_UPPER.charAt(major & 0xf);
      expected = null;
      for (TdxModuleIdentity m : tcb.tdxModuleIdentities()) {
        if (m.id().equalsIgnoreCase(id)) {
          expected = m;
          break;
        }
      }
      if (expected == null) {
        throw new QuoteVerificationException(TDX_MODULE_IDENTITY, "TDX module identity not found", id, null);
      }
    }
    if (!MessageDigest.isEqual(td.mrSignerSeam().toByteArray(), Hex.decode("mrsigner", expected.mrSigner()))) {
      throw new QuoteVerificationException(TDX_MODULE_IDENTITY, "MRSIGNERSEAM mismatch",
          "expected " + expected.mrSigner() + ", got " + td.mrSignerSeam().hex(), null);
    }
    byte[] attrs = td.seamAttributes();
    byte[] want = Hex.decode("attributes", expected.attributes());
    byte[] mask = Hex.decode("attributesMask", expected.attributesMask());
    for (int i = 0; i < 8; i++) {
      if ((attrs[i] & mask[i]) != (want[i] & mask[i]) || (attrs[i] & ~mask[i]) != 0) {
        throw new QuoteVerificationException(TDX_MODULE_IDENTITY, "SEAMATTRIBUTES mismatch", Hex.encode(attrs), null);
      }
    }
    if (expected.tcbLevels().isEmpty()) {
      return null;
    }
    int isvSvn = teeTcbSvn[0] & 0xff;
    for (IsvSvnLevel level : expected.tcbLevels()) {
      if (isvSvn >= level.isvSvn()) {
        return level;
      }
    }
    throw new QuoteVerificationException(TDX_MODULE_TCB, "module " + expected.id() + " ISVSVN " + isvSvn, null);
  }

  /** The report attribute checks dcap-qvl runs last: debug, reserved TD attributes, SEPT_VE_DISABLE, MRSERVICETD. */
  static void checkAttributes(ReportBody body, boolean allowDebug, boolean allowServiceTd) {
    if (body instanceof SgxReport sgx) {
      if (sgx.debug() && !allowDebug) {
        throw new QuoteVerificationException(DEBUG_ENABLED, "SGX ATTRIBUTES.DEBUG is set", null);
      }
      return;
    }
    TdReport td = (TdReport) body;
    if (!allowServiceTd && !td.mrServiceTdIsZero()) {
      throw new QuoteVerificationException(SERVICE_TD, "MRSERVICETD is not zero", null);
    }
    byte[] a = td.tdAttributes();
    if ((a[0] & 0xfe) != 0) {
      throw new QuoteVerificationException(TD_ATTRIBUTES, "TUD " + Hex.encode(new byte[] {a[0]}), null);
    }
    if ((a[0] & 0x01) != 0 && !allowDebug) {
      throw new QuoteVerificationException(DEBUG_ENABLED, "TDATTRIBUTES.DEBUG is set", null);
    }
    if (a[1] != 0 || a[2] != 0 || (a[3] & 0x2f) != 0 || a[4] != 0 || a[5] != 0 || a[6] != 0 || (a[7] & 0x7f) != 0) {
      throw new QuoteVerificationException(TD_ATTRIBUTES, "TDATTRIBUTES " + Hex.encode(a), null);
    }
    if ((a[3] & 0x10) == 0) {
      throw new QuoteVerificationException(SEPT_VE_DISABLED, "TDATTRIBUTES " + Hex.encode(a), null);
    }
  }

  private Prepared prepared(QuoteCollateral col) {
    // QuoteCollateral is immutable, so the same instance as last time needs no re-hashing.
    LastSeen seen = lastSeen;
    if (seen != null && seen.collateral() == col) {
      collateralCache.recordHit();
      return seen.prepared();
    }
    HashKey key = new HashKey(col.contentHash());
    Prepared p = collateralCache.get(key);
    if (p == null) {
      p = prepare(col);
      collateralCache.put(key, p);
    }
    if (collateralCache.enabled()) {
      lastSeen = new LastSeen(col, p);
    }
    return p;
  }

  /** The most recently used collateral instance and what was prepared from it. */
  private record LastSeen(QuoteCollateral collateral, Prepared prepared) {}

  private Prepared prepare(QuoteCollateral col) {
    Crl rootCrl = Crl.parse("root_ca_crl", col.rootCaCrl());
    Crl pckCrl = Crl.parse("pck_crl", col.pckCrl());
    List<Crl> crls = List.of(rootCrl, pckCrl);
    for (Crl crl : crls) {
      // Only a CRL the anchor signed may revoke it; a CRL with a bad signature fails later, in the chain check.
      // Serial first: a set lookup, where comparing two different names costs BouncyCastle a canonicalisation.
      if (crl.revoked().contains(anchor.holder().getSerialNumber())
          && crl.issuer().equals(anchor.holder().getSubject())
          && crl.signatureValid(anchor.key(), backend)) {
        throw new QuoteVerificationException(TRUST_ANCHOR, "the trust anchor is listed in " + crl.field(), null);
      }
    }
    // dcap-qvl carries pck_crl_issuer_chain without reading it; only strict encoding checks it.
    QuoteVerificationException pckCrlIssuerProblem = strictEncoding ? pckCrlIssuerProblem(col, pckCrl) : null;
    TcbInfo tcbInfo;
    try {
      tcbInfo = TcbInfo.parse(col.tcbInfo());
    } catch (DecodeException e) {
      throw new QuoteVerificationException(TCB_INFO_FORMAT, e.getMessage(), e);
    }
    VerifiedChain tcbChain = VerifiedChain.verify(
        certs("tcb_info_issuer_chain", col.tcbInfoIssuerChain()), anchor, crls, "Certificate chain is too short for TCB Info",
        backend);
    requireCollateralSigner(tcbChain, "TCB Info");
    byte[] tcbBytes = col.tcbInfo().getBytes(StandardCharsets.UTF_8);
    byte[] tcbSig = col.tcbInfoSignature();
    if (tcbSig.length != 64 || !backend.verifyRaw(tcbChain.leafKey(), tcbBytes, 0, tcbBytes.length, tcbSig, 0)) {
      throw new QuoteVerificationException(TCB_INFO_SIGNATURE, null, null);
    }
    QeIdentity qe;
    try {
      qe = QeIdentity.parse(col.qeIdentity());
    } catch (DecodeException e) {
      throw new QuoteVerificationException(QE_IDENTITY_FORMAT, e.getMessage(), e);
    }
    // Intel signs both documents with the same TCB signing chain: verify it once.
    VerifiedChain qeChain = col.qeIdentityIssuerChain().equals(col.tcbInfoIssuerChain())
        ? tcbChain
        : VerifiedChain.verify(certs("qe_identity_issuer_chain", col.qeIdentityIssuerChain()), anchor, crls,
            "Certificate chain is too short for QE Identity", backend);
    requireCollateralSigner(qeChain, "QE Identity");
    byte[] qeBytes = col.qeIdentity().getBytes(StandardCharsets.UTF_8);
    byte[] qeSig = col.qeIdentitySignature();
    if (qeSig.length != 64 || !backend.verifyRaw(qeChain.leafKey(), qeBytes, 0, qeBytes.length, qeSig, 0)) {
      throw new QuoteVerificationException(QE_IDENTITY_SIGNATURE, null, null);
    }
    List<TcbLevel> sorted = new ArrayList<>(tcbInfo.tcbLevels());
    sorted.sort(CANONICAL_ORDER);
    MessageDigest md = Ecdsa.sha256();
    md.update(col.rootCaCrl());
    md.update(col.pckCrl());
    return new Prepared(tcbInfo, List.copyOf(sorted), Hex.decode("fmspc", tcbInfo.fmspc()), tcbChain, qe, qeChain,
        crls, md.digest(), pckCrlIssuerProblem);
  }

  /**
   * Checks the PCK CRL's issuer chain (strict encoding only): it must chain to the anchor and its
   * first certificate must have signed the PCK CRL. dcap-qvl carries this field unchecked (the PCK
   * chain already names the CRL's issuer and the CRL's signature is checked against it), but
   * collateral naming a wrong or corrupt issuer is inconsistent. The verdict is kept and reported
   * right after the PCK chain step, where it belongs.
   */
  private @Nullable QuoteVerificationException pckCrlIssuerProblem(QuoteCollateral col, Crl pckCrl) {
    try {
      EcPublicKey issuer = VerifiedChain.verifyCaChain(
          certs("pck_crl_issuer_chain", col.pckCrlIssuerChain()), anchor, "pck_crl_issuer_chain", backend);
      if (!pckCrl.signatureValid(issuer, backend)) {
        return new QuoteVerificationException(CERT_CHAIN, "Failed to verify certificate chain",
            "pck_crl_issuer_chain does not start with the issuer of pck_crl", null);
      }
      return null;
    } catch (QuoteVerificationException e) {
      return e;
    }
  }

  /**
   * Refuses a TCB info or QE identity signer that is a PCK certificate (it carries the Intel SGX
   * extension). A PCK certificate chains to the same root as Intel's TCB Signing certificate, so
   * without this check a key extracted from one platform could sign collateral calling its own
   * platform UpToDate. dcap-qvl accepts any chain to the root here; Intel's root issues TCB Signing
   * directly, while test PKIs (dcap-qvl's suite) put an intermediate CA in between, so the rule is
   * about what the signer is, not how deep it sits.
   */
  private static void requireCollateralSigner(VerifiedChain chain, String document) {
    if (chain.leaf().getExtension(PCK_EXTENSION_OID) != null) {
      throw new QuoteVerificationException(CERT_CHAIN, "Failed to verify certificate chain",
          document + " signer " + chain.leaf().getSubject() + " is a PCK certificate", null);
    }
  }

  /** Highest SGX components first, then highest PCESVN, then highest TDX components, as dcap-qvl 0.5.2 sorts. */
  static final Comparator<TcbLevel> CANONICAL_ORDER = Comparator
      .comparing(TcbLevel::sgxComponents, QuoteVerifier::compareSvns).reversed()
      .thenComparing(Comparator.comparingInt(TcbLevel::pceSvn).reversed())
      .thenComparing(Comparator.comparing(TcbLevel::tdxComponents, QuoteVerifier::compareSvns).reversed());

  private static int compareSvns(List<Integer> a, List<Integer> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** The verified PCK chain from the collateral override or (hashed in place) from the quote. */
  private PckChain pckChain(Quote q, @Nullable String override, Prepared p) {
    MessageDigest md = Ecdsa.sha256();
    if (override != null) {
      md.update(override.getBytes(StandardCharsets.UTF_8));
    } else {
      md.update(q.buffer(), q.certificationDataOffset(), q.certificationDataLength());
    }
    md.update(p.crlDigest);
    HashKey key = new HashKey(md.digest());
    PckChain c = pckCache.get(key);
    if (c == null) {
      String pem = override != null ? override : Objects.requireNonNull(q.pckCertChainPem());
      List<ParsedCertificate> certs;
      try {
        certs = pemCertificates(pem);
      } catch (IOException e) {
        throw new QuoteVerificationException(PCK_CERT_FORMAT, "Failed to parse PCK certificate chain", e.getMessage(), e);
      }
      VerifiedChain chain = VerifiedChain.verify(certs, anchor, p.crls, "Certificate chain is too short in quote", backend);
      PckExtension ext = null;
      String error = null;
      try {
        ext = PckExtension.fromCertificate(chain.leaf());
      } catch (DecodeException e) {
        error = e.getMessage();
      }
      c = new PckChain(chain, ext, error);
      pckCache.put(key, c);
    }
    return c;
  }

  private List<ParsedCertificate> certs(String field, String pem) {
    try {
      return pemCertificates(pem);
    } catch (IOException e) {
      throw new QuoteVerificationException(COLLATERAL_FORMAT, field + " is not a valid PEM certificate chain", e);
    }
  }

  private List<ParsedCertificate> pemCertificates(String pem) throws IOException {
    return strictEncoding ? Pem.strictParsedCertificates(pem, anchor) : Pem.parsedCertificates(pem, anchor);
  }

  /** Everything derived from one collateral that does not depend on the quote or the time. */
  private record Prepared(
      TcbInfo tcbInfo,
      List<TcbLevel> sortedLevels,
      byte[] fmspc,
      VerifiedChain tcbChain,
      QeIdentity qeIdentity,
      VerifiedChain qeChain,
      List<Crl> crls,
      byte[] crlDigest,
      @Nullable QuoteVerificationException pckCrlIssuerProblem) {}

  /** A verified PCK chain and its leaf's SGX extension (or why it could not be parsed). */
  private record PckChain(VerifiedChain chain, @Nullable PckExtension extension, @Nullable String extensionError) {}

  /** The built-in Intel SGX Root CA, checked against its pinned fingerprint when first used. */
  private static final class IntelRoot {
    static final TrustAnchor ANCHOR = load();

    private static TrustAnchor load() {
      try (InputStream in = QuoteVerifier.class.getResourceAsStream("intel-sgx-root-ca.der")) {
        if (in == null) {
          throw new IllegalStateException("intel-sgx-root-ca.der resource is missing");
        }
        TrustAnchor a = TrustAnchor.of(in.readAllBytes());
        if (!Hex.encode(a.fingerprint()).equals(INTEL_ROOT_CA_SHA256)) {
          throw new IllegalStateException("built-in Intel SGX Root CA does not match its pinned fingerprint");
        }
        return a;
      } catch (IOException e) {
        throw new IllegalStateException("cannot load the built-in Intel SGX Root CA", e);
      }
    }
  }

  /** Builds a {@link QuoteVerifier}. Not thread-safe; the verifier it builds is. */
  public static final class Builder {
    private @Nullable TrustAnchor anchor;
    private Clock clock = Clock.systemUTC();
    private boolean allowDebug;
    private boolean allowServiceTd;
    private boolean strictEncoding;
    private int cacheSize = 64;
    private @Nullable CryptoBackend cryptoBackend;
    private @Nullable Path nativeLibrary;

    private Builder() {}

    /**
     * Chooses the crypto backend (default: the {@value CryptoBackend#PROPERTY} system property, else
     * {@link CryptoBackend#AUTO}). Every backend gives the same verdicts; the native one is faster.
     *
     * @param choice the backend
     * @return this builder
     */
    public Builder cryptoBackend(CryptoBackend choice) {
      this.cryptoBackend = Objects.requireNonNull(choice, "choice");
      return this;
    }

    /**
     * Loads the native backend's {@code libcrypto} from this file instead of searching the platform's
     * usual names (default: the {@value CryptoBackend#LIBCRYPTO_PROPERTY} system property).
     *
     * @param libcrypto the OpenSSL 3 libcrypto shared library
     * @return this builder
     */
    public Builder nativeLibrary(Path libcrypto) {
      this.nativeLibrary = Objects.requireNonNull(libcrypto, "libcrypto");
      return this;
    }

    /**
     * Uses another root certificate as trust anchor instead of the Intel SGX Root CA (e.g. a test PKI).
     *
     * @param der the DER-encoded self-signed P-256 root certificate
     * @return this builder
     * @throws DecodeException if it is not a P-256 certificate
     */
    public Builder trustAnchor(byte[] der) {
      try {
        this.anchor = TrustAnchor.of(der);
      } catch (IOException | IllegalArgumentException e) {
        throw new DecodeException("trust_anchor", -1, "is not a DER X.509 certificate with a P-256 key", e);
      }
      return this;
    }

    /**
     * Sets the clock used by {@link QuoteVerifier#verify(byte[], QuoteCollateral)}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Accepts debug enclaves and TDs (never a debug quoting enclave). Off by default.
     *
     * @param allow whether to accept them
     * @return this builder
     */
    public Builder allowDebug(boolean allow) {
      this.allowDebug = allow;
      return this;
    }

    /**
     * Accepts TD 1.5 reports with a non-zero MRSERVICETD. Off by default.
     *
     * @param allow whether to accept them
     * @return this builder
     */
    public Builder allowServiceTd(boolean allow) {
      this.allowServiceTd = allow;
      return this;
    }

    /**
     * Also rejects quotes and collateral whose unsigned encoding is not canonical. Off by default,
     * which gives dcap-qvl's verdicts: dcap-qvl accepts every input this option rejects.
     *
     * <p>None of these bytes is covered by a signature and none of the checks is needed for the
     * verdict to be sound (the trust anchor is pinned, every certificate and the PCK CRL are
     * verified by signature); they refuse inputs that were changed after issue without changing
     * what they attest. Strict encoding adds exactly three checks:
     * <ul>
     *   <li>every PEM chain (in the quote and the collateral) is strict RFC 7468 text: only
     *       {@code CERTIFICATE} blocks and line breaks between them (trailing line breaks and NUL
     *       terminators allowed), canonical base64 in lines of at most 76 characters, and each
     *       certificate canonical DER; otherwise {@link FailureReason#PCK_CERT_FORMAT} (the PCK
     *       chain) or {@link FailureReason#COLLATERAL_FORMAT} (the collateral's issuer chains);</li>
     *   <li>every size declared inside the quote's authentication data is used exactly
     *       ({@link Quote#declaredSizesUsedExactly()}), and a v4/v5 quote's outer certification
     *       data type is 6 (dcap-qvl reads the body as type 6 whatever it says); otherwise
     *       {@link FailureReason#QUOTE_FORMAT};</li>
     *   <li>{@code pck_crl_issuer_chain}, which dcap-qvl carries without reading, chains to the trust
     *       anchor and starts with the certificate that signed {@code pck_crl}; otherwise
     *       {@link FailureReason#CERT_CHAIN}, reported right after the PCK chain step.</li>
     * </ul>
     *
     * @param strict whether to add these checks
     * @return this builder
     */
    public Builder strictEncoding(boolean strict) {
      this.strictEncoding = strict;
      return this;
    }

    /**
     * Sets how many prepared collaterals and verified PCK chains are kept (each).
     *
     * @param entries the cache size; 0 disables caching
     * @return this builder
     */
    public Builder cacheSize(int entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("cache size must be >= 0");
      }
      this.cacheSize = entries;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return a thread-safe verifier
     * @throws NativeCryptoUnavailableException if {@link CryptoBackend#NATIVE} was chosen and cannot be loaded
     * @throws IllegalArgumentException if the {@value CryptoBackend#PROPERTY} system property names no backend
     */
    public QuoteVerifier build() {
      return new QuoteVerifier(this);
    }
  }
}
