package com.example.consumer;

import io.phat4j.attestation.dcap.QuoteCollateral;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.attestation.dcap.VerifiedQuote;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Phat4jVersion;
import io.phat4j.core.dstack.ComposeHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Verifies a stored TDX quote, hashes an app compose and builds a Phala Cloud client, offline. */
public final class Main {
  private Main() {}

  /**
   * Runs the checks.
   *
   * @param args the folder with quote.bin, collateral.json and time.txt (examples/cli/samples/tdx-quote)
   * @throws Exception when a file cannot be read or verification fails
   */
  public static void main(String[] args) throws Exception {
    Path samples = Path.of(args.length > 0 ? args[0] : "../../examples/cli/samples/tdx-quote");
    byte[] quote = Files.readAllBytes(samples.resolve("quote.bin"));
    QuoteCollateral collateral = QuoteCollateral.read(samples.resolve("collateral.json"));
    Instant at = Instant.ofEpochSecond(Long.parseLong(Files.readString(samples.resolve("time.txt")).trim()));

    VerifiedQuote verified = QuoteVerifier.builder().build().verify(quote, collateral, at);
    TdReport report = (TdReport) verified.report();
    System.out.println("phat4j " + Phat4jVersion.current() + " (Java consumer)");
    System.out.println("quote: " + verified.teeType() + " " + verified.status() + " at " + at
        + " under " + verified.trustAnchor().describe());
    System.out.println("mr_td: " + report.mrTd());

    Bytes32 composeHash = ComposeHash.of("{\"docker_compose_file\":\"services: {}\"}".getBytes(StandardCharsets.UTF_8));
    AppId appId = ComposeHash.appId(composeHash);
    System.out.println("compose hash: " + composeHash + ", app id: " + appId);

    try (PhalaCloudClient cloud = PhalaCloudClient.builder().apiKey("phak_offline-example").build()) {
      System.out.println("cloud client: " + cloud.baseUrl() + " (API " + cloud.version() + ")");
    }
  }
}
