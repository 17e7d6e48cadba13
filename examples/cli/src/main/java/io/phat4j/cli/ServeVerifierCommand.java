package io.phat4j.cli;

import io.phat4j.attestation.app.AppVerifier;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve-verifier}: a drop-in for dstack-verifier's HTTP service, {@code POST /verify}. */
@Command(
    name = "serve-verifier",
    mixinStandardHelpOptions = true,
    header = "Serves dstack-verifier's HTTP API (POST /verify) on a local port.",
    description = {
      "POST /verify takes dstack-verifier's request ({quote, event_log, vm_config} or "
          + "{attestation}) and answers its VerificationResponse; GET /health answers "
          + "{\"status\":\"ok\"}.",
      "Bodies are capped and requests run on a bounded thread pool (503 when it is "
          + "full).",
      "Prints the listening address on stdout, then serves until stopped."
    })
final class ServeVerifierCommand implements Callable<Integer> {
  @Option(names = "--port", required = true, paramLabel = "N", description = "TCP port (0 picks a free one).")
  int port;

  @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--collateral", paramLabel = "FILE", description = "QuoteCollateralV3 JSON used for every quote.")
  Path collateral;

  @Option(names = "--pccs-url", paramLabel = "URL", description = "Fetch collateral from this PCCS or Intel PCS.")
  URI pccsUrl;

  @Option(names = "--threads", paramLabel = "N", description = "Verification threads (default: ${DEFAULT-VALUE}).")
  int threads = 4;

  @Option(names = "--max-body-bytes", paramLabel = "N", description = "Largest accepted body (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes = VerifierServer.DEFAULT_MAX_BODY;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535 || threads < 1 || threads > 256 || maxBodyBytes < 1024) {
      throw new CliException(Main.USAGE, "--port must be 0-65535, --threads 1-256, --max-body-bytes at least 1024");
    }
    AppVerifier verifier = VerifyAppCommand.verifier(collateral, pccsUrl, null);
    VerifierServer server;
    try {
      server = VerifierServer.start(new InetSocketAddress(host, port), verifier, threads, maxBodyBytes);
    } catch (java.io.IOException e) {
      throw new CliException(Main.USAGE, "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("serve-verifier listening on http://" + host + ":" + server.port() + "/verify");
    out.flush();
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      forever.countDown();
    }));
    forever.await();
    return Main.OK;
  }
}
