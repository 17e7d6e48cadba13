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
import io.phat4j.core.PhalaServiceException;
import io.phat4j.core.crypto.EnvVar;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
      "Validate, provision, check the env key's KMS signature (against --kms-root, else the KMS "
          + "contract's k256 key from API 2026-06-23), encrypt the env vars to the app key, "
          + "commit, and watch the CVM until it runs. The env keys become the app's allowed_envs.",
      "Progress goes to stderr; stdout gets one JSON object with cvm_id, app_id, compose_hash "
          + "and status, on success and on every failure (then with error, error_code and "
          + "request_id). cvm_id is the API's hashed id (cvm_...), or the VM UUID under API "
          + "2026-01-21 and older.",
      "The API key comes from --api-key-file or PHALA_CLOUD_API_KEY (safer: neither shows in "
          + "ps or shell history) or --api-key.",
      "Exit 0 once the CVM runs; 1 if the API refused, the deployment failed or needs on-chain "
          + "registration first; 2 on a usage error."
    })
final class DeployCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--api-url", required = true, paramLabel = "URL",
      description = "Phala Cloud API base URL, e.g. https://cloud-api.phala.com/api/v1")
  String apiUrl;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = {"Phala Cloud API key. Prefer PHALA_CLOUD_API_KEY or --api-key-file: an",
          "argument is visible to other users in the process list and stays in shell history."})
  String apiKey;

  @Option(names = "--api-key-file", paramLabel = "F",
      description = "A file holding the API key (surrounding whitespace is ignored).")
  Path apiKeyFile;

  @Option(names = "--api-version", paramLabel = "VERSION",
      description = {"X-Phala-Version: 2025-10-28, 2026-01-21, 2026-05-22 or 2026-06-23",
          "(default). KMS calls pin their own version, as the official SDK does."})
  String apiVersion;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "The app (CVM) name.")
  String name;

  @Option(names = "--compose", required = true, paramLabel = "FILE",
      description = "The docker-compose file to run.")
  Path compose;

  @Option(names = "--env-file", paramLabel = "F", description = "A dotenv file of secrets.")
  Path envFile;

  @Parameters(paramLabel = "KEY=VALUE", arity = "0..*", description = "Secrets, after those of --env-file.")
  List<String> assignments = new ArrayList<>();

  @Option(names = "--kms-root", paramLabel = "HEX",
      description = "Trusted KMS root secp256k1 key: the env key's signature must recover to it.")
  String kmsRoot;

  @Option(names = "--timeout", paramLabel = "S", defaultValue = "600",
      description = "How long to wait for the CVM to run, in seconds (default: 600).")
  long timeoutSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cvm_id", null);
    out.put("app_id", null);
    out.put("compose_hash", null);
    int exit;
    try {
      exit = deploy(err, out);
    } catch (DeploymentFailedException e) {
      out.put("cvm_id", e.cvmId());
      out.put("status", e.lastState() == null ? "failed" : e.lastState().status().raw());
      exit = failed(err, out, e, Main.REJECTED);
    } catch (CliException e) {
      out.put("status", "failed");
      exit = failed(err, out, e, e.exitCode());
    } catch (RuntimeException e) {
      // Transport failures, API refusals, a provision without app_id, bad keys: all one line.
      out.put("status", "failed");
      exit = failed(err, out, e, Main.REJECTED);
    }
    spec.commandLine().getOut().println(JSON.writeValueAsString(out));
    return exit;
  }

  private int deploy(PrintWriter err, Map<String, Object> out) {
    if (timeoutSeconds <= 0) {
      throw CliException.usage("--timeout must be positive");
    }
    String key = CloudOptions.apiKey(apiKey, apiKeyFile, System::getenv);
    if (key == null) {
      throw CliException.usage("no API key: set PHALA_CLOUD_API_KEY, or give --api-key-file or --api-key");
    }
    var version = CloudOptions.version(apiVersion);
    String composeFile = new String(Inputs.readFile(InputKind.JSON, "--compose", compose), StandardCharsets.UTF_8);
    AppSpec.Builder app = AppSpec.builder(name, composeFile);
    for (EnvVar var : EnvInputs.read(envFile, assignments)) {
      app.env(var);
    }
    DeployOptions.Builder options =
        DeployOptions.builder()
            .timeout(Duration.ofSeconds(timeoutSeconds))
            .listener(event -> progress(err, event));
    if (kmsRoot != null) {
      options.trustedKmsKey(Secp256k1PublicKey.fromHex("--kms-root", kmsRoot));
    }
    AppSpec built = app.build();
    try (PhalaCloudClient client =
        PhalaCloudClient.builder()
            .environment(n -> null)
            .baseUrl(apiUrl)
            .apiKey(key)
            .version(version)
            .build()) {
      DeployResult result = client.deploy(built, options.build());
      if (result instanceof DeployResult.Pending pending) {
        OnChainRegistrationRequired r = pending.registration();
        out.put("app_id", r.appId());
        out.put("compose_hash", r.composeHash());
        out.put("status", "registration_required");
        err.println("error: compose hash " + r.composeHash() + " must be registered on chain first");
        return Main.REJECTED;
      }
      Deployment d = result.deployment();
      out.put("cvm_id", d.cvmId().value());
      out.put("app_id", d.appId().hex());
      out.put("compose_hash", d.composeHash().hex());
      out.put("status", d.state().status().raw());
      return Main.OK;
    }
  }

  /**
   * The JSON object for a usage error picocli found before the command ran (a missing or malformed
   * option): deploy prints its object on every failure, those included.
   */
  static String usageFailureJson(String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cvm_id", null);
    out.put("app_id", null);
    out.put("compose_hash", null);
    out.put("status", "failed");
    out.put("error", message);
    return JSON.valueToTree(out).toString();
  }

  private static int failed(PrintWriter err, Map<String, Object> out, Throwable e, int exit) {
    String message = e.getMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    out.put("error", message);
    if (e instanceof PhalaServiceException s) {
      out.put("error_code", s.errorCode());
      out.put("request_id", s.requestId());
    }
    err.println("error: " + message);
    return exit;
  }

  private static void progress(PrintWriter err, DeployEvent event) {
    err.println("[" + event.stage().name().toLowerCase(Locale.ROOT) + "] " + event.message());
    err.flush();
  }
}
