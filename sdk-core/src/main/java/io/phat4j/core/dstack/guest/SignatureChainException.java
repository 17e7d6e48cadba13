package io.phat4j.core.dstack.guest;

import io.phat4j.core.CryptoException;
import java.util.Objects;

/**
 * A key signature chain did not verify. {@link #link()} names the failing link and {@link
 * #reason()} why, so a program can tell a malformed reply from a key the trusted KMS never issued.
 */
public final class SignatureChainException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Why a link was rejected. */
  public enum Reason {
    /** The chain is shorter than the operation requires. */
    MISSING,
    /** The link is not a well-formed signature (length, recovery byte, r or s out of range). */
    MALFORMED,
    /** The signature has a high S value; dstack emits low S only. */
    HIGH_S,
    /** The signature does not verify, or no key can be recovered from it. */
    INVALID,
    /** The KMS link verifies, but under a key other than the trusted KMS root key. */
    NOT_TRUSTED
  }

  private final ChainLink link;
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param link the failing link
   * @param reason why it failed
   * @param detail what exactly failed, without key material
   */
  public SignatureChainException(ChainLink link, Reason reason, String detail) {
    super("signature chain link " + link + " rejected (" + reason + "): " + detail);
    this.link = Objects.requireNonNull(link, "link");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns the failing link.
   *
   * @return the link
   */
  public ChainLink link() {
    return link;
  }

  /**
   * Returns why the link failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
