package io.phat4j.cli;

import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.AppVerifier;
import io.phat4j.attestation.dcap.QuoteVerifier;
import io.phat4j.attestation.dcap.pcs.CachingCollateralSource;
import io.phat4j.attestation.dcap.pcs.PcsCollateralClient;
import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.attestation.ratls.RaTls;
import io.phat4j.attestation.ratls.RaTlsIdentity;
import io.phat4j.attestation.ratls.RaTlsVerificationException;
import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.PhalaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fetch-attested}: GET over RA-TLS; the verified identity on stderr, the body on stdout. */
@Command(
    name = "fetch-attested",
    mixinStandardHelpOptions = true,
    header = "Fetches an https URL from a dstack app over attested TLS (RA-TLS).",
    description = {
      "The server's certificate must carry a TDX quote that binds its key and passes "
          + "the app verifier (quote, event log, OS image, identity). The host name is not "
          + "checked: the attested identity replaces it.",
      "Without --expect-compose-hash or --expect-app-id any genuine dstack app is "
          + "accepted (its identity is printed).",
      "Prints the verified identity on stderr and the body on stdout.",
      "Exit 0 when verified and fetched, 1 when the attestation is rejected, 2 for "
          + "unusable input (bad URL, unreachable server, body over --max-body-bytes)."
    })
final class FetchAttestedCommand implements Callable<Integer> {
  /** Default bound on the body. */
  static final long DEFAULT_MAX_BODY = 16L * 1024 * 1024;

  @Parameters(index = "0", paramLabel = "URL", description = "The https URL.")
  String url;

  @Option(names = "--expect-compose-hash", paramLabel = "HEX", description = "Accepted compose hash (repeatable).")
  List<String> composeHashes = new ArrayList<>();

  @Option(names = "--expect-app-id", paramLabel = "HEX", description = "Accepted app id (repeatable).")
  List<String> appIds = new ArrayList<>();

  @Option(names = "--allow-dev-images", description = "Accept OS images built for development (e.g. the devnet's).")
  boolean allowDevImages;

  @Option(names = "--pccs-url", paramLabel = "URL", description = "Collateral from this PCCS or Intel PCS (default: Phala's PCCS).")
  URI pccsUrl;

  @Option(names = "--root-ca", paramLabel = "FILE", description = "Quote trust anchor (DER); default: the Intel SGX Root CA.")
  Path rootCa;

  @Option(names = "--reference-values", paramLabel = "FILE",
      description = "Pinned OS-image reference values (phat4j-os-reference-values/1 JSON), e.g. for images without measurement files.")
  Path referenceValues;

  @Option(names = "--time", paramLabel = "EPOCH_SECONDS", description = "Verification time (default: now).")
  Long time;

  @Option(names = "--max-body-bytes", paramLabel = "N", description = "Refuse a longer body (default: 16 MiB).")
  long maxBody = DEFAULT_MAX_BODY;

  @Option(names = "--timeout-seconds", paramLabel = "S", description = "Connect and request timeout (default: 30).")
  int timeoutSeconds = 30;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    URI uri = parseUrl(url);
    if (maxBody < 0 || timeoutSeconds <= 0) {
      throw CliException.usage("--max-body-bytes must be >= 0 and --timeout-seconds > 0");
    }
    RaTls raTls = raTls();
    PrintWriter err = spec.commandLine().getErr();
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    try (HttpClient http = raTls.configure(HttpClient.newBuilder()).connectTimeout(timeout).build()) {
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      RaTlsIdentity id = r.sslSession().map(RaTls::identity).orElse(null);
      if (id == null) {
        throw CliException.rejected("the server's identity was not verified by RA-TLS");
      }
      err.print(id.toText());
      err.println("  http_status:   " + r.statusCode());
      err.flush();
      copyBounded(r.body());
      return Main.OK;
    } catch (IOException e) {
      RaTlsVerificationException rejected = RaTls.failure(e);
      if (rejected != null) {
        throw new CliException(Main.REJECTED, "rejected: " + rejected.getMessage(), rejected);
      }
      throw new CliException(Main.USAGE, "cannot fetch " + uri + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(Main.USAGE, "interrupted", e);
    }
  }

  /** Reads at most --max-body-bytes and prints the body as UTF-8 text. */
  private void copyBounded(InputStream body) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (InputStream in = body) {
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) > 0) {
        if (buf.size() + (long) n > maxBody) {
          throw CliException.usage("the body exceeds --max-body-bytes " + maxBody);
        }
        buf.write(chunk, 0, n);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(buf.toString(StandardCharsets.UTF_8));
    out.flush();
  }

  private RaTls raTls() {
    AppPolicy.Builder policy = AppPolicy.builder().allowDevImages(allowDevImages);
    try {
      for (String hex : composeHashes) {
        policy.allowComposeHashes(Bytes32.fromHex("--expect-compose-hash", strip0x(hex)));
      }
      for (String hex : appIds) {
        policy.allowAppIds(AppId.fromHex("--expect-app-id", strip0x(hex)));
      }
    } catch (PhalaException e) {
      throw new CliException(Main.USAGE, e.getMessage(), e);
    }
    Clock clock = time == null ? Clock.systemUTC() : Clock.fixed(Inputs.time("--time", time), ZoneOffset.UTC);
    QuoteVerifier quotes = QuoteInputs.verifier(rootCa == null ? null : Inputs.readFile(InputKind.CERTIFICATE, "--root-ca", rootCa), null);
    PcsCollateralClient pcs;
    try {
      pcs = pccsUrl == null ? PcsCollateralClient.builder().phalaPccs().build() : PcsCollateralClient.builder().baseUrl(pccsUrl).build();
    } catch (IllegalArgumentException e) {
      throw new CliException(Main.USAGE, "bad --pccs-url: " + e.getMessage(), e);
    }
    AppVerifier.Builder verifier = AppVerifier.builder();
    if (referenceValues != null) {
      try {
        verifier.referenceValues(ReferenceValues.parse(Inputs.readFile(InputKind.REFERENCE_VALUES, "--reference-values", referenceValues)));
      } catch (PhalaException e) {
        throw new CliException(Main.USAGE, "bad --reference-values " + referenceValues + ": " + e.getMessage(), e);
      }
    }
    verifier
        .clock(clock)
        .quoteVerifier(quotes)
        .collateralSource(CachingCollateralSource.builder(pcs).clock(clock).build());
    return RaTls.builder()
        .appVerifier(verifier.build())
        .policy(policy.build())
        .clock(clock)
        .allowAnyApp(composeHashes.isEmpty() && appIds.isEmpty())
        .build();
  }

  private static URI parseUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("bad URL: " + e.getMessage());
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw CliException.usage("the URL must be https://HOST[:PORT]/PATH, got " + url);
    }
    return uri;
  }

  private static String strip0x(String hex) {
    return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
  }

  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }
}
