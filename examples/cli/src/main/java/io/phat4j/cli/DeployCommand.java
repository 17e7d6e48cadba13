package io.phat4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.contracts.cloud.AppSpec;
import io.phat4j.contracts.cloud.DeployEvent;
import io.phat4j.contracts.cloud.DeployOptions;
import io.phat4j.contracts.cloud.DeployResult;
import io.phat4j.contracts.cloud.Deployment;
import io.phat4j.contracts.cloud.DeploymentFailedException;
import io.phat4j.contracts.cloud.OnChainRegistrationRequired;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.crypto.EnvVar;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploy}: the whole Phala Cloud deploy flow, with progress on stderr. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    header = "Deploys a docker-compose app to Phala Cloud and waits until its CVM runs.",
    description = {
      "Validate, provision, check the env key's KMS signature (with --kms-root), encrypt "
          + "the env vars to the app key, commit, and watch the CVM until it runs. Progress goes "
          + "to stderr; stdout gets one JSON object with cvm_id, app_id, compose_hash and status. "
          + "The env keys become the app's allowed_envs.",
      "Exit 0 once the CVM runs; 1 if the deployment failed or needs on-chain registration "
          + "first."
    })
final class DeployCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--api-url", required = true, paramLabel = "URL",
      description = "Phala Cloud API base URL, e.g. https://cloud-api.phala.com/api/v1")
  String apiUrl;

  @Option(names = "--api-key", required = true, paramLabel = "KEY", description = "Phala Cloud API key.")
  String apiKey;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "The app (CVM) name.")
  String name;

  @Option(names = "--compose", required = true, paramLabel = "DOCKER_COMPOSE_FILE",
      description = "The docker-compose file to run.")
  Path compose;

  @Option(names = "--env-file", paramLabel = "F", description = "A dotenv file of secrets.")
  Path envFile;

  @Parameters(paramLabel = "KEY=VALUE", arity = "0..*", description = "Secrets, after those of --env-file.")
  List<String> assignments = new ArrayList<>();

  @Option(names = "--kms-root", paramLabel = "HEX",
      description = "Trusted KMS root secp256k1 key: the env key's signature must come from it.")
  String kmsRoot;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
      description = "How long to wait for the CVM to run (default: 600).")
  long timeoutSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (timeoutSeconds <= 0) {
      throw CliException.usage("--timeout must be positive");
    }
    String composeFile = new String(Inputs.readFile(InputKind.JSON, "--compose", compose), StandardCharsets.UTF_8);
    AppSpec.Builder app = AppSpec.builder(name, composeFile);
    for (EnvVar var : EnvInputs.read(envFile, assignments)) {
      app.env(var);
    }
    PrintWriter err = spec.commandLine().getErr();
    DeployOptions.Builder options =
        DeployOptions.builder()
            .timeout(Duration.ofSeconds(timeoutSeconds))
            .listener(event -> progress(err, event));
    if (kmsRoot != null) {
      options.trustedKmsKey(Secp256k1PublicKey.fromHex("--kms-root", kmsRoot));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    int exit;
    try (PhalaCloudClient client = PhalaCloudClient.builder().baseUrl(apiUrl).apiKey(apiKey).build()) {
      DeployResult result = client.deploy(app.build(), options.build());
      if (result instanceof DeployResult.Pending pending) {
        OnChainRegistrationRequired r = pending.registration();
        out.put("cvm_id", null);
        out.put("app_id", r.appId());
        out.put("compose_hash", r.composeHash());
        out.put("status", "registration_required");
        exit = Main.REJECTED;
      } else {
        Deployment d = result.deployment();
        out.put("cvm_id", d.cvmId().toString());
        out.put("app_id", d.appId());
        out.put("compose_hash", d.composeHash());
        out.put("status", d.state().status().raw());
        exit = Main.OK;
      }
    } catch (DeploymentFailedException e) {
      err.println("error: " + e.getMessage());
      out.put("cvm_id", e.cvmId());
      out.put("app_id", null);
      out.put("compose_hash", null);
      out.put("status", e.lastState() == null ? "failed" : e.lastState().status().raw());
      out.put("error", e.getMessage());
      exit = Main.REJECTED;
    }
    spec.commandLine().getOut().println(JSON.writeValueAsString(out));
    return exit;
  }

  private static void progress(PrintWriter err, DeployEvent event) {
    err.println("[" + event.stage().name().toLowerCase(java.util.Locale.ROOT) + "] " + event.message());
    err.flush();
  }
}
