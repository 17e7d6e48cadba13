package io.phat4j.core.dstack.guest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to put in the certificate of a {@code GetTlsKey} (v0) or {@code IssueCert} (v1) call.
 *
 * <p>The agent generates a fresh key on every call; nothing here feeds it. Defaults: server auth
 * only, no RA-TLS quote extension, no validity bounds (the agent's defaults apply). {@code
 * notBefore}, {@code notAfter} and {@code withAppInfo} need dstack 0.5.7 or later.
 *
 * @param subject the certificate subject (common name)
 * @param altNames DNS subject alternative names
 * @param usageRaTls embed the TDX quote in the certificate (RA-TLS)
 * @param usageServerAuth allow TLS server authentication
 * @param usageClientAuth allow TLS client authentication
 * @param notBefore validity start, or {@code null}
 * @param notAfter validity end, or {@code null}
 * @param withAppInfo embed the app info extension
 */
public record TlsKeyRequest(
    String subject,
    List<String> altNames,
    boolean usageRaTls,
    boolean usageServerAuth,
    boolean usageClientAuth,
    @Nullable Instant notBefore,
    @Nullable Instant notAfter,
    boolean withAppInfo) {

  /**
   * Checks and copies the components.
   *
   * @param subject the subject
   * @param altNames the alternative names
   * @param usageRaTls RA-TLS
   * @param usageServerAuth server auth
   * @param usageClientAuth client auth
   * @param notBefore validity start
   * @param notAfter validity end
   * @param withAppInfo app info extension
   * @throws IllegalArgumentException if {@code notBefore} is not before {@code notAfter}
   */
  public TlsKeyRequest {
    Objects.requireNonNull(subject, "subject");
    altNames = List.copyOf(altNames);
    if (notBefore != null && notAfter != null && !notBefore.isBefore(notAfter)) {
      throw new IllegalArgumentException("notBefore must be before notAfter");
    }
  }

  /**
   * Starts a request for a subject.
   *
   * @param subject the certificate subject, e.g. {@code example.com}
   * @return a new builder
   */
  public static Builder builder(String subject) {
    return new Builder(subject);
  }

  /** Builds a {@link TlsKeyRequest}. Mutable and not thread-safe. */
  public static final class Builder {
    private final String subject;
    private final List<String> altNames = new ArrayList<>();
    private boolean usageRaTls;
    private boolean usageServerAuth = true;
    private boolean usageClientAuth;
    private @Nullable Instant notBefore;
    private @Nullable Instant notAfter;
    private boolean withAppInfo;

    private Builder(String subject) {
      this.subject = Objects.requireNonNull(subject, "subject");
    }

    /**
     * Adds a DNS subject alternative name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder altName(String name) {
      altNames.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /**
     * Embeds the TDX quote in the certificate (RA-TLS). Default off.
     *
     * @param on whether to embed it
     * @return this builder
     */
    public Builder raTls(boolean on) {
      this.usageRaTls = on;
      return this;
    }

    /**
     * Allows TLS server authentication. Default on.
     *
     * @param on whether to allow it
     * @return this builder
     */
    public Builder serverAuth(boolean on) {
      this.usageServerAuth = on;
      return this;
    }

    /**
     * Allows TLS client authentication. Default off.
     *
     * @param on whether to allow it
     * @return this builder
     */
    public Builder clientAuth(boolean on) {
      this.usageClientAuth = on;
      return this;
    }

    /**
     * Sets the validity window (whole seconds are sent).
     *
     * @param notBefore start, or {@code null}
     * @param notAfter end, or {@code null}
     * @return this builder
     */
    public Builder validity(@Nullable Instant notBefore, @Nullable Instant notAfter) {
      this.notBefore = notBefore;
      this.notAfter = notAfter;
      return this;
    }

    /**
     * Embeds the app info extension. Default off.
     *
     * @param on whether to embed it
     * @return this builder
     */
    public Builder withAppInfo(boolean on) {
      this.withAppInfo = on;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException if the validity window is empty or reversed
     */
    public TlsKeyRequest build() {
      return new TlsKeyRequest(
          subject,
          altNames,
          usageRaTls,
          usageServerAuth,
          usageClientAuth,
          notBefore,
          notAfter,
          withAppInfo);
    }
  }
}
