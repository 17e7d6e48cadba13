package io.phat4j.attestation.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.attestation.gpu.internal.NvidiaHttp;
import io.phat4j.core.SecretString;
import io.phat4j.core.http.HttpRequest;
import io.phat4j.core.http.HttpResponse;
import io.phat4j.core.http.HttpTransport;
import io.phat4j.core.http.internal.Redaction;
import io.phat4j.core.json.PhalaJson;
import java.net.URI;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Fetches RIMs from NVIDIA's RIM service ({@code GET https://rim.attestation.nvidia.com/v1/rim/<id>},
 * a JSON object whose {@code rim} field is the base64 of the SWID XML), and keeps every RIM found
 * in memory: RIMs are signed, immutable documents, and {@link GpuEvidenceVerifier} checks each
 * one's signature and chain whatever its source, so the cache weakens nothing.
 *
 * <p>A 404 means NVIDIA has no RIM by that id: {@link #find} is then empty and the verifier reports
 * the RIM as not available. Other HTTP statuses throw {@link NvidiaServiceException}, a body that
 * is not the expected JSON throws {@link GpuEvidenceFormatException}, and a transport failure
 * {@link io.phat4j.core.PhalaTransportException}; the verifier turns each into a failed {@code
 * *-rim-fetched} check. Immutable and thread-safe; closing closes the transport when this source
 * created it.
 */
public final class HttpRimSource implements RimSource, AutoCloseable {
  /** NVIDIA's RIM service. */
  public static final URI NVIDIA_RIM_SERVICE = URI.create("https://rim.attestation.nvidia.com");
  /** A letter, then letters, digits, dots, dashes, underscores ({@code NV_GPU_DRIVER_GH100_550.90.07}). */
  private static final Pattern RIM_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]{0,127}");

  private final String baseUrl;
  private final NvidiaHttp http;
  private final @Nullable SecretString serviceKey;
  private final RimSource cached;

  private HttpRimSource(Builder b) {
    this.baseUrl = NvidiaHttp.base(b.baseUrl);
    this.http = NvidiaHttp.using(b.transport);
    this.serviceKey = b.serviceKey;
    this.cached = RimSource.caching(this::fetch);
  }

  /**
   * Returns a builder for NVIDIA's RIM service.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the RIM XML, from memory when it was fetched before.
   *
   * @param rimId the RIM id (see {@link GpuEvidenceVerifier#driverRimId(SpdmMeasurementReport,
   *     GpuArch)} and {@link GpuEvidenceVerifier#vbiosRimId(SpdmMeasurementReport)})
   * @return the XML bytes, or empty when the service has no such RIM (404)
   * @throws GpuEvidenceFormatException if the id or the answer is malformed
   * @throws NvidiaServiceException on another HTTP error status
   * @throws io.phat4j.core.PhalaTransportException if the service cannot be reached
   */
  @Override
  public Optional<byte[]> find(String rimId) {
    if (!RIM_ID.matcher(rimId).matches()) {
      throw new GpuEvidenceFormatException("rim_id", "not a RIM id: '" + rimId + "'", null);
    }
    return cached.find(rimId);
  }

  private Optional<byte[]> fetch(String rimId) {
    HttpResponse r = http.execute(NvidiaHttp.withServiceKey(
        HttpRequest.builder("GET", URI.create(baseUrl + "/v1/rim/" + rimId)), serviceKey).build());
    if (r.status() == 404) {
      return Optional.empty();
    }
    NvidiaHttp.requireSuccess("RIM service GET /v1/rim/" + rimId, r);
    JsonNode body = PhalaJson.readTree("rim_response", r.body());
    JsonNode rim = body.get("rim");
    if (rim == null || !rim.isTextual() || rim.asText().isEmpty()) {
      throw new GpuEvidenceFormatException("rim_response.rim", "missing or not a base64 string", null);
    }
    JsonNode id = body.get("id");
    if (id != null && id.isTextual() && !id.asText().equals(rimId)) {
      throw new GpuEvidenceFormatException("rim_response.id", "the service answered for '" + id.asText()
          + "', not '" + rimId + "'", null);
    }
    try {
      return Optional.of(Base64.getDecoder().decode(rim.asText().replaceAll("\\s", "")));
    } catch (IllegalArgumentException e) {
      throw new GpuEvidenceFormatException("rim_response.rim", "not valid base64", e);
    }
  }

  /** Closes the transport if this source created it. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "HttpRimSource[" + Redaction.safeUrl(baseUrl) + "]";
  }

  /** Builds an {@link HttpRimSource}. */
  public static final class Builder {
    private URI baseUrl = NVIDIA_RIM_SERVICE;
    private @Nullable HttpTransport transport;
    private @Nullable SecretString serviceKey;

    private Builder() {}

    /**
     * Sets the service base URL (without {@code /v1/rim}).
     *
     * @param baseUrl the base URL
     * @return this builder
     */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * Uses a shared transport (not closed by this source).
     *
     * @param transport the transport
     * @return this builder
     */
    public Builder transport(HttpTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Sets an NVIDIA attestation service key, sent as a bearer token and never logged (optional).
     *
     * @param key the key
     * @return this builder
     */
    public Builder serviceKey(SecretString key) {
      this.serviceKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Builds the source.
     *
     * @return the source; close it when done if it created its transport
     */
    public HttpRimSource build() {
      return new HttpRimSource(this);
    }
  }
}
