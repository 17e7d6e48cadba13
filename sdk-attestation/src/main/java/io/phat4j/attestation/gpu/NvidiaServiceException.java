package io.phat4j.attestation.gpu;

import io.phat4j.core.PhalaServiceException;
import org.jspecify.annotations.Nullable;

/**
 * One of NVIDIA's attestation services (NRAS, the RIM service, the OCSP responder) answered with a
 * non-success HTTP status. Transport failures (no answer at all) are {@link
 * io.phat4j.core.PhalaTransportException}s; a malformed answer is a {@link
 * GpuEvidenceFormatException}.
 */
public final class NvidiaServiceException extends PhalaServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a service error.
   *
   * @param service which service and call failed (e.g. {@code "NRAS POST /v3/attest/gpu"})
   * @param statusCode the HTTP status
   * @param details the response body as text, if any
   */
  public NvidiaServiceException(String service, int statusCode, @Nullable String details) {
    super(service + " failed", statusCode, null, null, details);
  }
}
