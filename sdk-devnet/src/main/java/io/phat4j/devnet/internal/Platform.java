package io.phat4j.devnet.internal;

import io.phat4j.core.Hex;
import io.phat4j.devnet.OsImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What every simulated CVM shares: the quote factory, the KMS, the OS image, the app launcher
 * and the simulated guest-agent version.
 *
 * @param quotes the quote factory
 * @param kms the KMS
 * @param image the OS image
 * @param launcher starts the in-process app of a compose
 * @param bootStep how long each boot stage takes
 * @param agentVersion the guest agent version to report ({@code 0.6} or later serves {@code /v1})
 * @param clock the clock
 * @param chain the chain, or null when the devnet runs without one
 */
public record Platform(
    QuoteFactory quotes,
    DevnetKms kms,
    OsImage image,
    AppLauncher launcher,
    Duration bootStep,
    String agentVersion,
    Clock clock,
    @Nullable DevnetChain chain) {

  /**
   * Returns the simulated host's device id: SHA-256 of its PPID, hex.
   *
   * @return 64 hex digits
   */
  public String deviceId() {
    try {
      return Hex.encode(MessageDigest.getInstance("SHA-256").digest(quotes.pck().extension().ppid()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns the PPID, hex.
   *
   * @return 32 hex digits
   */
  public String ppid() {
    return Hex.encode(quotes.pck().extension().ppid());
  }

  /**
   * Returns the FMSPC, hex.
   *
   * @return 12 hex digits
   */
  public String fmspc() {
    return quotes.pck().extension().fmspcHex().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Tells whether the agent serves the v1 API (dstack 0.6 and later).
   *
   * @return true for 0.6+
   */
  public boolean servesV1() {
    String[] parts = agentVersion.split("\\.");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return major > 0 || minor >= 6;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
