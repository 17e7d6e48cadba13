package io.phat4j.attestation.app;

import io.phat4j.attestation.app.internal.EvidenceJson;
import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.ratls.RaTlsCertificate;
import io.phat4j.core.DecodeException;
import io.phat4j.core.dstack.guest.GuestQuote;
import io.phat4j.core.dstack.guest.VmConfig;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The evidence an app presents: a TDX quote, its event log, and (for the OS-image link) the VM
 * configuration, optionally with the app-compose text and RA-TLS certificate facts.
 *
 * <p>Build it with a typed factory for the source at hand, or let {@link #fromJson(byte[])} detect
 * the JSON shape. The factories check only that the quote parses; everything else (event log,
 * VM config, measurements) is checked by {@link AppVerifier}, which reports a problem there as a
 * failed link instead of refusing the input. Nothing here is trusted until verified.
 *
 * <p>Immutable and thread-safe.
 */
public final class AppEvidence {
  private final EvidenceFormat format;
  private final byte[] quote;
  private final @Nullable String eventLogJson;
  private final @Nullable String vmConfigJson;
  private final @Nullable String appCompose;
  private final @Nullable RaTlsBinding raTls;
  private final @Nullable GpuAttestation gpu;

  private AppEvidence(
      EvidenceFormat format,
      byte[] quote,
      @Nullable String eventLogJson,
      @Nullable String vmConfigJson,
      @Nullable String appCompose,
      @Nullable RaTlsBinding raTls) {
    this(format, quote, eventLogJson, vmConfigJson, appCompose, raTls, null);
  }

  private AppEvidence(
      EvidenceFormat format,
      byte[] quote,
      @Nullable String eventLogJson,
      @Nullable String vmConfigJson,
      @Nullable String appCompose,
      @Nullable RaTlsBinding raTls,
      @Nullable GpuAttestation gpu) {
    this.format = Objects.requireNonNull(format, "format");
    this.quote = Objects.requireNonNull(quote, "quote").clone();
    Quote.parse(this.quote);
    this.eventLogJson = eventLogJson;
    this.vmConfigJson = vmConfigJson == null || vmConfigJson.isEmpty() ? null : vmConfigJson;
    this.appCompose = appCompose;
    this.raTls = raTls;
    this.gpu = gpu;
  }

  /**
   * Evidence from its parts.
   *
   * @param format where it came from
   * @param quote the raw TDX quote
   * @param eventLogJson the event log (a JSON array, or a JSON string holding one), or null if none
   * @param vmConfigJson the VM configuration JSON, or null if none was given
   * @return the evidence
   * @throws io.phat4j.attestation.dcap.QuoteFormatException if the quote does not parse
   */
  public static AppEvidence of(
      EvidenceFormat format, byte[] quote, @Nullable String eventLogJson, @Nullable String vmConfigJson) {
    return new AppEvidence(format, quote, eventLogJson, vmConfigJson, null, null);
  }

  /**
   * Evidence from a raw quote, its event log and optionally the VM configuration.
   *
   * @param quote the raw TDX quote
   * @param eventLogJson the event log JSON
   * @param vmConfigJson the VM configuration JSON, or null
   * @return the evidence
   * @throws io.phat4j.attestation.dcap.QuoteFormatException if the quote does not parse
   */
  public static AppEvidence ofQuote(byte[] quote, String eventLogJson, @Nullable String vmConfigJson) {
    return of(EvidenceFormat.QUOTE, quote, Objects.requireNonNull(eventLogJson, "eventLogJson"), vmConfigJson);
  }

  /**
   * Evidence from the guest agent's v0 {@code GetQuote} response.
   *
   * @param quote the parsed response
   * @return the evidence
   */
  public static AppEvidence fromGuestQuote(GuestQuote quote) {
    VmConfig vm = quote.vmConfig();
    return of(EvidenceFormat.GUEST_GET_QUOTE, quote.quote(), quote.eventLogJson(), vm == null ? null : vm.json());
  }

  /**
   * Evidence from dstack-verifier's request JSON: {@code {quote, event_log, vm_config}} or
   * {@code {attestation}}. As dstack-verifier does, a present {@code attestation} wins and the
   * top-level fields are ignored, so a separately supplied config cannot influence it.
   *
   * @param json the request body
   * @return the evidence
   * @throws DecodeException if the JSON does not have that shape
   */
  public static AppEvidence fromVerifierRequest(byte[] json) {
    return EvidenceJson.verifierRequest(json);
  }

  /**
   * Evidence from a versioned dstack attestation: the guest agent's v1 {@code Attest} bytes (SCALE
   * v0 or msgpack v1), with the VM configuration it embeds.
   *
   * @param attestation the attestation bytes
   * @return the evidence
   * @throws DecodeException if the bytes are not such an attestation
   */
  public static AppEvidence fromAttestation(byte[] attestation) {
    return EvidenceJson.attestation(Objects.requireNonNull(attestation, "attestation"), EvidenceFormat.GUEST_ATTEST);
  }

  /**
   * Evidence from an RA-TLS certificate: the quote, event log and VM configuration its extensions
   * carry, and whether the quote's report data binds the certificate's key (checked by the
   * {@link LinkResult#RA_TLS} link).
   *
   * @param certificate the parsed certificate
   * @return the evidence, with format {@link EvidenceFormat#RA_TLS_CERTIFICATE}
   */
  public static AppEvidence fromCertificate(RaTlsCertificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    return of(EvidenceFormat.RA_TLS_CERTIFICATE, certificate.quote(), certificate.eventLogJson(), certificate.vmConfigJson())
        .withRaTls(new RaTlsBinding(
            certificate.reportDataBound(),
            certificate.wireFormat().wireName(),
            io.phat4j.core.Hex.encode(certificate.publicKeyDer())));
  }

  /**
   * Evidence from JSON of any supported shape: dstack-verifier's request, the guest agent's
   * {@code GetQuote} or {@code Attest} response (also as the devnet serves them).
   *
   * @param json the JSON text
   * @return the evidence, with {@link #format()} saying which shape was found
   * @throws DecodeException if no supported shape matches
   */
  public static AppEvidence fromJson(byte[] json) {
    return EvidenceJson.detect(json);
  }

  /**
   * Evidence from JSON text of any supported shape.
   *
   * @param json the JSON text
   * @return the evidence
   * @throws DecodeException if no supported shape matches
   */
  public static AppEvidence fromJson(String json) {
    return fromJson(Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns a copy carrying the app-compose text, so the app-identity link also checks that its
   * hash is the compose hash the CVM booted with.
   *
   * @param appCompose the exact app-compose JSON text
   * @return the new evidence
   */
  public AppEvidence withAppCompose(String appCompose) {
    return new AppEvidence(format, quote, eventLogJson, vmConfigJson, Objects.requireNonNull(appCompose), raTls, gpu);
  }

  /**
   * Returns a copy carrying the RA-TLS facts of the certificate this evidence came from.
   *
   * @param binding the certificate facts
   * @return the new evidence, with format {@link EvidenceFormat#RA_TLS_CERTIFICATE}
   */
  public AppEvidence withRaTls(RaTlsBinding binding) {
    return new AppEvidence(
        EvidenceFormat.RA_TLS_CERTIFICATE, quote, eventLogJson, vmConfigJson, appCompose, Objects.requireNonNull(binding), gpu);
  }

  /**
   * Returns a copy with another format label.
   *
   * @param format the source to name in the report
   * @return the new evidence
   */
  public AppEvidence withFormat(EvidenceFormat format) {
    return new AppEvidence(format, quote, eventLogJson, vmConfigJson, appCompose, raTls, gpu);
  }

  /**
   * Returns a copy carrying the app's GPU evidence, for {@link GpuEvidenceLink}.
   *
   * @param gpu the NVIDIA payload and the nonce it was made for
   * @return the new evidence
   */
  public AppEvidence withGpuAttestation(GpuAttestation gpu) {
    return new AppEvidence(format, quote, eventLogJson, vmConfigJson, appCompose, raTls, Objects.requireNonNull(gpu, "gpu"));
  }

  /**
   * Returns the GPU evidence, if supplied.
   *
   * @return the GPU attestation, or null
   */
  public @Nullable GpuAttestation gpuAttestation() {
    return gpu;
  }

  /**
   * Returns where the evidence came from.
   *
   * @return the format
   */
  public EvidenceFormat format() {
    return format;
  }

  /**
   * Returns the raw quote.
   *
   * @return a copy
   */
  public byte[] quote() {
    return quote.clone();
  }

  /**
   * Returns the event log JSON as given.
   *
   * @return the text, or null if the evidence has none
   */
  public @Nullable String eventLogJson() {
    return eventLogJson;
  }

  /**
   * Returns the VM configuration JSON as given.
   *
   * @return the text, or null if the evidence has none
   */
  public @Nullable String vmConfigJson() {
    return vmConfigJson;
  }

  /**
   * Returns the app-compose text, if supplied.
   *
   * @return the text, or null
   */
  public @Nullable String appCompose() {
    return appCompose;
  }

  /**
   * Returns the RA-TLS certificate facts, if the evidence came from a certificate.
   *
   * @return the facts, or null
   */
  public @Nullable RaTlsBinding raTls() {
    return raTls;
  }

  @Override
  public String toString() {
    return "AppEvidence["
        + format
        + ", quote="
        + quote.length
        + " bytes"
        + (eventLogJson == null ? ", no event log" : "")
        + (vmConfigJson == null ? ", no vm_config" : "")
        + (appCompose == null ? "" : ", app-compose")
        + (gpu == null ? "" : ", gpu")
        + "]";
  }
}
