package io.phat4j.core.dstack.guest;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.guest.internal.GuestJson;
import io.phat4j.core.dstack.guest.internal.GuestRpc;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The legacy tappd surface ({@code /prpc/Tappd.<Method>}) of dstack before 0.5, obtained from
 * {@link DstackGuestClient#tappd()}. Build the client with {@link
 * DstackGuestClient.Builder#legacyTappd()} to discover the tappd socket ({@code
 * /var/run/tappd.sock}, …) and {@code TAPPD_SIMULATOR_ENDPOINT}.
 *
 * <p>Only for apps still on tappd. {@code DeriveK256Key} derives the same key as v0 {@code GetKey}
 * with the same path. Thread-safe.
 */
public final class LegacyTappd {
  private final GuestRpc rpc;

  LegacyTappd(GuestRpc rpc) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
  }

  /**
   * Derives a secp256k1 key with {@code Tappd.DeriveK256Key}.
   *
   * @param path the derivation path
   * @param purpose the purpose signed into the chain
   * @return the key and its two-link chain, as from v0 {@code GetKey}
   */
  public DerivedKey deriveK256Key(String path, String purpose) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(purpose, "purpose");
    String method = "prpc/Tappd.DeriveK256Key";
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("path", path);
    request.put("purpose", purpose);
    JsonNode reply = GuestJson.object(method, rpc.call(method, request, true, true));
    return new DerivedKey(
        GuestJson.secretHex(reply, method, "k256_key", 32),
        path,
        purpose,
        KeyAlgorithm.SECP256K1,
        GuestJson.hexList(reply, method, "k256_signature_chain"));
  }

  /**
   * Gets a quote over exactly 64 raw bytes of report data with {@code Tappd.RawQuote}.
   *
   * <p>No padding either way: tappd requires 64 bytes here, and the dstack JS SDK's habit of
   * left-padding short input differs from {@code GetQuote}'s right padding, so the caller decides.
   *
   * @param reportData exactly 64 bytes
   * @return the quote
   * @throws InvalidInputException if {@code reportData} is not 64 bytes
   */
  public TappdQuote rawQuote(byte[] reportData) {
    Objects.requireNonNull(reportData, "reportData");
    if (reportData.length != DstackGuestClient.MAX_REPORT_DATA) {
      throw new InvalidInputException(
          "tappd raw report data must be exactly 64 bytes, got " + reportData.length);
    }
    return quote("prpc/Tappd.RawQuote", Map.of("report_data", Hex.encode(reportData)));
  }

  /**
   * Gets a quote with {@code Tappd.TdxQuote}: tappd hashes {@code prefix ":" content} with the
   * given algorithm ({@code sha512} by default, prefix {@code app-data}) into the report data.
   *
   * @param content the content to bind
   * @param hashAlgorithm e.g. {@code sha256}, {@code sha512}, {@code keccak256}, or empty for
   *     tappd's default
   * @return the quote, with the algorithm and prefix tappd used
   */
  public TappdQuote tdxQuote(byte[] content, String hashAlgorithm) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("report_data", Hex.encode(content));
    request.put("hash_algorithm", hashAlgorithm);
    return quote("prpc/Tappd.TdxQuote", request);
  }

  /**
   * Reads the app info with {@code Tappd.Info}.
   *
   * @return the typed info
   */
  public GuestInfo info() {
    return GuestInfo.parse(rpc.call("prpc/Tappd.Info", Map.of(), true, false));
  }

  private TappdQuote quote(String method, Map<String, ?> request) {
    JsonNode reply = GuestJson.object(method, rpc.call(method, request, true, false));
    String eventLog = GuestJson.text(reply, method, "event_log");
    if (eventLog.isEmpty()) {
      eventLog = "[]";
    }
    return new TappdQuote(
        GuestJson.requiredHex(reply, method, "quote"),
        EventLog.parse(eventLog),
        eventLog,
        GuestJson.text(reply, method, "hash_algorithm"),
        GuestJson.text(reply, method, "prefix"));
  }

  @Override
  public String toString() {
    return "LegacyTappd[" + rpc + "]";
  }
}
