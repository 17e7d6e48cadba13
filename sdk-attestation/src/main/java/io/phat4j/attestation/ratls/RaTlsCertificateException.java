package io.phat4j.attestation.ratls;

import io.phat4j.core.DecodeException;
import org.jspecify.annotations.Nullable;

/**
 * An RA-TLS certificate chain could not be read: the PEM or DER is malformed, a required extension
 * is missing, or an extension's content does not decode. The message names the extension (its
 * name and OID) when one is at fault.
 */
public final class RaTlsCertificateException extends DecodeException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable RaTlsExtension extension;

  /**
   * Creates an error about one extension.
   *
   * @param extension the extension at fault
   * @param problem what is wrong with it
   * @param cause the underlying decoding failure, if any
   */
  public RaTlsCertificateException(RaTlsExtension extension, String problem, @Nullable Throwable cause) {
    super("RA-TLS extension " + extension, -1, problem, cause);
    this.extension = extension;
  }

  /**
   * Creates an error about the certificate chain itself (not one extension).
   *
   * @param field what was being read, e.g. {@code certificate chain}
   * @param problem what is wrong
   * @param cause the underlying failure, if any
   */
  public RaTlsCertificateException(String field, String problem, @Nullable Throwable cause) {
    super(field, -1, problem, cause);
    this.extension = null;
  }

  /**
   * Returns the extension at fault.
   *
   * @return the extension, or null when the chain itself is malformed
   */
  public @Nullable RaTlsExtension extension() {
    return extension;
  }
}
