package io.phat4j.examples.deploy;

import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.AppId;
import io.phat4j.devnet.Devnet;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Deploys a docker-compose app with two secrets and prints the progress.
 *
 * <p>It runs against the phat4j {@link Devnet}, a local Phala on loopback ports, so it needs no
 * account. Against Phala Cloud the code is the same with the real base URL, your API key and the
 * KMS root key you trust (e.g. {@code DstackKms.kmsInfo().k256Pubkey} on chain).
 */
public final class DeployExample {
  private static final String COMPOSE = """
      services:
        oracle:
          image: ghcr.io/example/price-oracle:1.4.2
          environment:
            - API_TOKEN
            - DB_PASSWORD
      """;

  private DeployExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the example against a fresh devnet, printing to {@code out}.
   *
   * @param out where the narrative goes
   * @return the deployment
   */
  public static Deployment run(PrintStream out) {
    try (Devnet devnet = Devnet.builder().chain(false).start();
        PhalaCloudClient client = devnet.cloudClient()) {
      out.println("Phala Cloud API (phat4j devnet): " + devnet.cloudApiUrl());
      AppSpec app = AppSpec.builder("price-oracle", COMPOSE)
          .env("API_TOKEN", "tok-" + Long.toHexString(System.nanoTime()))
          .env("DB_PASSWORD", "pw-" + Long.toHexString(System.nanoTime() * 31))
          .build();
      DeployOptions options = DeployOptions.builder()
          .trustedKmsKey(devnet.kmsRootKey())
          .timeout(Duration.ofMinutes(2))
          .listener(e -> out.printf(Locale.ROOT, "  %-16s %s%s%n", e.stage().name().toLowerCase(Locale.ROOT), e.message(),
              e.state() != null && e.state().bootProgress() != null ? " (" + e.state().bootProgress() + ")" : ""))
          .build();

      Deployment d = client.deploy(app, options).deployment();

      out.println("Deployed: cvm " + d.cvmId() + ", app " + d.appId() + ", status " + d.state().status());
      out.println("Compose hash: " + d.composeHash());
      out.println("The enclave received: "
          + new TreeSet<>(devnet.cvm(d.appId()).envNames()) + " (values stay secret)");
      return d;
    }
  }
}
