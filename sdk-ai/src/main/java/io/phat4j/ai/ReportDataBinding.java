package io.phat4j.ai;

import io.phat4j.core.Bytes32;
import io.phat4j.core.DecodeException;
import java.security.MessageDigest;

/**
 * How a confidential-AI server binds its signing key and the caller's nonce into the 64-byte TDX
 * {@code report_data}.
 *
 * <ul>
 *   <li>v1: {@code identity right-padded with zeros to 32 bytes ‖ nonce}
 *   <li>v2: {@code SHA-256(identity ‖ tls_spki_sha256) ‖ nonce}
 * </ul>
 *
 * <p>The identity is the 20-byte Ethereum address (ECDSA) or the 32-byte Ed25519 public key; the
 * TLS fingerprint is the SHA-256 of the server certificate's SubjectPublicKeyInfo.
 */
public final class ReportDataBinding {
  /** Length of a TDX report_data field. */
  public static final int REPORT_DATA_LENGTH = 64;

  private ReportDataBinding() {}

  /**
   * Builds the v1 report_data.
   *
   * @param algorithm the signing algorithm
   * @param signingAddress the address or Ed25519 public key hex
   * @param nonce the caller's nonce
   * @return 64 bytes
   */
  public static byte[] v1(SigningAlgorithm algorithm, String signingAddress, Bytes32 nonce) {
    byte[] out = new byte[REPORT_DATA_LENGTH];
    byte[] id = algorithm.identity("signing_address", signingAddress);
    System.arraycopy(id, 0, out, 0, id.length);
    System.arraycopy(nonce.toByteArray(), 0, out, 32, 32);
    return out;
  }

  /**
   * Builds the v2 (TLS-bound) report_data.
   *
   * @param algorithm the signing algorithm
   * @param signingAddress the address or Ed25519 public key hex
   * @param tlsCertFingerprint the 32-byte SHA-256 of the TLS certificate's SPKI
   * @param nonce the caller's nonce
   * @return 64 bytes
   */
  public static byte[] v2(SigningAlgorithm algorithm, String signingAddress, Bytes32 tlsCertFingerprint,
      Bytes32 nonce) {
    byte[] id = algorithm.identity("signing_address", signingAddress);
    byte[] input = new byte[id.length + 32];
    System.arraycopy(id, 0, input, 0, id.length);
    System.arraycopy(tlsCertFingerprint.toByteArray(), 0, input, id.length, 32);
    byte[] out = new byte[REPORT_DATA_LENGTH];
    System.arraycopy(SignedText.sha256(input), 0, out, 0, 32);
    System.arraycopy(nonce.toByteArray(), 0, out, 32, 32);
    return out;
  }

  /**
   * Returns the report_data a report's fields call for: v2 when it carries a TLS fingerprint or
   * says version 2, else v1.
   *
   * @param report the attestation report entry
   * @param nonce the caller's nonce
   * @return 64 bytes
   * @throws DecodeException when a v2 report lacks {@code tls_cert_fingerprint}
   */
  public static byte[] expected(AttestationReport report, Bytes32 nonce) {
    if (report.version() >= 2 || report.tlsCertFingerprint() != null) {
      Bytes32 fp = report.tlsCertFingerprint();
      if (fp == null) {
        throw new DecodeException("tls_cert_fingerprint", "is required by a version 2 report");
      }
      return v2(report.signingAlgorithm(), report.signingAddress(), fp, nonce);
    }
    return v1(report.signingAlgorithm(), report.signingAddress(), nonce);
  }

  /**
   * Compares report_data with the expected value in constant time.
   *
   * @param reportData the quote's report_data
   * @param expected the expected 64 bytes
   * @return true when equal
   */
  public static boolean matches(byte[] reportData, byte[] expected) {
    return MessageDigest.isEqual(reportData, expected);
  }
}
