package io.phat4j.attestation.dcap.pcs;

import io.phat4j.attestation.dcap.CollateralSource;
import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.TeeType;
import io.phat4j.attestation.dcap.pcs.internal.CrlBody;
import io.phat4j.attestation.dcap.pcs.internal.IssuerChainHeader;
import io.phat4j.attestation.dcap.pcs.internal.SignedJsonBody;
import io.phat4j.core.PhalaServiceException;
import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpRequest;
import io.phat4j.core.http.HttpResponse;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.internal.Redaction;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a quote's collateral from Intel PCS or a PCCS (API v4) and assembles a {@link
 * QuoteCollateral}.
 *
 * {@snippet :
 * try (PcsCollateralClient pcs = PcsCollateralClient.builder().phalaPccs().build()) {
 *   QuoteCollateral collateral = pcs.collateralFor(Quote.parse(quoteBytes));
 * }
 * }
 *
 * <p>Per quote it makes four GET requests:
 *
 * <ul>
 *   <li>{@code /sgx/certification/v4/pckcrl?ca=processor|platform&encoding=der}: the CRL of the CA
 *       that issued the quote's PCK certificate; chain from {@code SGX-PCK-CRL-Issuer-Chain}.
 *   <li>the root CA CRL: {@code /sgx/certification/v4/rootcacrl} on a PCCS, or Intel's CRL
 *       distribution point for the {@linkplain Builder#intelPcs() Intel PCS preset} (see {@link
 *       Builder#rootCaCrlUrl}); DER, hex or PEM bodies are accepted.
 *   <li>{@code /{sgx|tdx}/certification/v4/tcb?fmspc=<FMSPC>}: TCB info; chain from {@code
 *       TCB-Info-Issuer-Chain} (or the v3 name {@code SGX-TCB-Info-Issuer-Chain}).
 *   <li>{@code /{sgx|tdx}/certification/v4/qe/identity?update=standard}: QE identity; chain from
 *       {@code SGX-Enclave-Identity-Issuer-Chain}.
 * </ul>
 *
 * <p>The signed TCB info and QE identity are kept as the exact text the server sent, so their
 * signatures stay valid. Nothing is verified here: hand the result to the verifier. Wrap the client
 * in a {@link CachingCollateralSource} so that each platform's collateral is fetched once per
 * validity period rather than once per quote.
 *
 * <p>Errors: a non-2xx status throws {@link PhalaServiceException} (status, {@code Request-ID},
 * Intel's {@code Error-Code}); a malformed body or a missing header throws {@link
 * io.phat4j.core.DecodeException} naming the endpoint and the field; I/O failures throw {@link
 * io.phat4j.core.PhalaTransportException} from the transport.
 *
 * <p>Immutable and thread-safe. {@link #close()} closes the transport only if this client built it.
 */
public final class PcsCollateralClient implements CollateralSource, AutoCloseable {
  /** Intel's Provisioning Certification Service. */
  public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com");
  /** Phala Network's public PCCS, the default of Phala's own verifiers. */
  public static final URI PHALA_PCCS = URI.create("https://pccs.phala.network");
  /** Intel's CRL distribution point for the Intel SGX Root CA (Intel PCS serves no rootcacrl path). */
  public static final URI INTEL_ROOT_CA_CRL = URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");
  /** The request header carrying an Intel PCS API key. */
  public static final String API_KEY_HEADER = "Ocp-Apim-Subscription-Key";

  private static final Logger LOG = LoggerFactory.getLogger(PcsCollateralClient.class);
  private static final String V4 = "/certification/v4/";
  private static final String REQUEST_ID = "Request-ID";
  private static final String ERROR_CODE = "Error-Code";
  private static final String ERROR_MESSAGE = "Error-Message";
  private static final int MAX_DETAILS = 512;

  private final String baseUrl;
  private final URI rootCaCrlUrl;
  private final @Nullable SecretString apiKey;
  private final HttpTransport transport;
  private final boolean ownsTransport;

  private PcsCollateralClient(Builder b, HttpTransport transport, boolean ownsTransport) {
    this.baseUrl = stripSlash(Objects.requireNonNull(b.baseUrl, "baseUrl").toString());
    this.rootCaCrlUrl = b.rootCaCrlUrl != null ? b.rootCaCrlUrl
        : baseUrl.equals(INTEL_PCS.toString()) ? INTEL_ROOT_CA_CRL
        : URI.create(baseUrl + "/sgx" + V4 + "rootcacrl");
    this.apiKey = b.apiKey;
    this.transport = transport;
    this.ownsTransport = ownsTransport;
  }

  /**
   * Starts a builder; set a base URL or a preset.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the collateral for a quote: its TEE type, its PCK certificate's FMSPC and issuing CA.
   *
   * @param quote the parsed quote
   * @return freshly fetched collateral
   * @throws io.phat4j.core.DecodeException if the quote carries no PCK chain, or a response is malformed
   * @throws PhalaServiceException if the server answers with a non-2xx status
   * @throws io.phat4j.core.PhalaTransportException if a request fails
   */
  @Override
  public QuoteCollateral collateralFor(Quote quote) {
    return fetch(CollateralKey.of(quote));
  }

  /**
   * Fetches the collateral for a TEE type, FMSPC and PCK CA, e.g. to pre-load a cache.
   *
   * @param key what to fetch
   * @return freshly fetched collateral
   * @throws io.phat4j.core.DecodeException if a response is malformed
   * @throws PhalaServiceException if the server answers with a non-2xx status
   * @throws io.phat4j.core.PhalaTransportException if a request fails
   */
  public QuoteCollateral fetch(CollateralKey key) {
    String tee = key.teeType() == TeeType.TDX ? "tdx" : "sgx";
    LOG.debug("fetching collateral for {} from {}", key, baseUrl);

    String pckCrlName = "pcs pckcrl";
    HttpResponse pckCrl = get(pckCrlName,
        URI.create(baseUrl + "/sgx" + V4 + "pckcrl?ca=" + key.pckCaType().queryValue() + "&encoding=der"));
    String pckCrlChain = IssuerChainHeader.read(pckCrlName, pckCrl, "SGX-PCK-CRL-Issuer-Chain");
    byte[] pckCrlDer = CrlBody.toDer(pckCrlName, pckCrl.body());

    String rootName = "pcs rootcacrl";
    byte[] rootCrlDer = CrlBody.toDer(rootName, get(rootName, rootCaCrlUrl).body());

    String tcbName = "pcs " + tee + " tcb";
    HttpResponse tcb = get(tcbName, URI.create(baseUrl + "/" + tee + V4 + "tcb?fmspc=" + key.fmspc()));
    String tcbChain = IssuerChainHeader.read(tcbName, tcb, "TCB-Info-Issuer-Chain", "SGX-TCB-Info-Issuer-Chain");
    SignedJsonBody tcbInfo = SignedJsonBody.parse(tcbName, tcb.body(), "tcbInfo");

    String qeName = "pcs " + tee + " qe/identity";
    HttpResponse qe = get(qeName, URI.create(baseUrl + "/" + tee + V4 + "qe/identity?update=standard"));
    String qeChain = IssuerChainHeader.read(qeName, qe, "SGX-Enclave-Identity-Issuer-Chain");
    SignedJsonBody qeIdentity = SignedJsonBody.parse(qeName, qe.body(), "enclaveIdentity");

    return new QuoteCollateral(pckCrlChain, rootCrlDer, pckCrlDer, tcbChain, tcbInfo.signedText(),
        tcbInfo.signature(), qeChain, qeIdentity.signedText(), qeIdentity.signature(), null);
  }

  /**
   * Returns the base URL requests go to.
   *
   * @return the URL, without a trailing slash
   */
  public URI baseUrl() {
    return URI.create(baseUrl);
  }

  /**
   * Returns where the root CA CRL is fetched from.
   *
   * @return the URL
   */
  public URI rootCaCrlUrl() {
    return rootCaCrlUrl;
  }

  /** Closes the transport if this client built it; an injected transport stays open. */
  @Override
  public void close() {
    if (ownsTransport) {
      transport.close();
    }
  }

  @Override
  public String toString() {
    return "PcsCollateralClient{baseUrl=" + Redaction.safeUrl(baseUrl) + ", rootCaCrlUrl=" + Redaction.safeUrl(rootCaCrlUrl.toString())
        + (apiKey != null ? ", apiKey=" + apiKey : "") + '}';
  }

  private HttpResponse get(String endpoint, URI url) {
    HttpRequest.Builder request = HttpRequest.builder("GET", url);
    if (apiKey != null && sameOrigin(url)) {
      request.secretHeader(API_KEY_HEADER, apiKey.reveal());
    }
    HttpResponse response = transport.execute(request.build());
    if (!response.isSuccessful()) {
      throw new PhalaServiceException(endpoint + " request to " + Redaction.safePath(url) + " failed", response.status(),
          response.header(ERROR_CODE), response.header(REQUEST_ID), details(response));
    }
    return response;
  }

  /** The API key is for the PCS host only, never for a CRL distribution point elsewhere. */
  private boolean sameOrigin(URI url) {
    URI base = URI.create(baseUrl);
    return Objects.equals(base.getScheme(), url.getScheme())
        && Objects.equals(base.getHost(), url.getHost())
        && base.getPort() == url.getPort();
  }

  private static @Nullable String details(HttpResponse response) {
    String message = response.header(ERROR_MESSAGE);
    if (message != null) {
      return message;
    }
    byte[] body = response.body();
    if (body.length == 0) {
      return null;
    }
    String text = new String(body, 0, Math.min(body.length, MAX_DETAILS), StandardCharsets.UTF_8);
    return body.length > MAX_DETAILS ? text + "…" : text;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Configures a {@link PcsCollateralClient}. Not thread-safe; build one client and share it. */
  public static final class Builder {
    private @Nullable URI baseUrl;
    private @Nullable URI rootCaCrlUrl;
    private @Nullable SecretString apiKey;
    private @Nullable HttpTransport transport;

    private Builder() {}

    /**
     * Uses Intel's PCS ({@link #INTEL_PCS}); the root CA CRL then comes from {@link #INTEL_ROOT_CA_CRL}.
     *
     * @return this builder
     */
    public Builder intelPcs() {
      return baseUrl(INTEL_PCS);
    }

    /**
     * Uses Phala Network's PCCS ({@link #PHALA_PCCS}).
     *
     * @return this builder
     */
    public Builder phalaPccs() {
      return baseUrl(PHALA_PCCS);
    }

    /**
     * Uses any PCS or PCCS that serves the v4 API under this URL.
     *
     * @param baseUrl e.g. {@code https://pccs.example:8081}; paths {@code /sgx|tdx/certification/v4/…} are appended
     * @return this builder
     * @throws IllegalArgumentException if the URL is not absolute http(s), or has a query or fragment
     */
    public Builder baseUrl(URI baseUrl) {
      String scheme = Objects.requireNonNull(baseUrl, "baseUrl").getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
          || baseUrl.getHost() == null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
        throw new IllegalArgumentException("base URL must be an absolute http(s) URL without query: " + Redaction.safeUrl(baseUrl.toString()));
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Fetches the root CA CRL from this URL instead of the default ({@code <base>/sgx/certification/v4/rootcacrl},
     * or Intel's distribution point for the Intel PCS preset).
     *
     * @param url the URL of a DER, hex or PEM CRL
     * @return this builder
     */
    public Builder rootCaCrlUrl(URI url) {
      this.rootCaCrlUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * Sends an Intel PCS API key as {@value #API_KEY_HEADER} (to the base URL's host only). It is
     * redacted from logs and {@code toString()}. The collateral endpoints work without one.
     *
     * @param apiKey the subscription key
     * @return this builder
     */
    public Builder apiKey(SecretString apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * Sends requests over this transport. It stays the caller's: {@link #close()} does not close
     * it. Without one the client builds (and closes) its own with default settings.
     *
     * @param transport a shared transport
     * @return this builder
     */
    public Builder transport(HttpTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if no base URL was set
     */
    public PcsCollateralClient build() {
      if (baseUrl == null) {
        throw new IllegalStateException("set baseUrl(...), intelPcs() or phalaPccs()");
      }
      return transport != null
          ? new PcsCollateralClient(this, transport, false)
          : new PcsCollateralClient(this, HttpTransport.create(), true);
    }
  }
}
