package io.phat4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.contracts.cloud.AppAttestation;
import io.phat4j.contracts.cloud.PhalaCloudClient;
import io.phat4j.core.AppId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code app-attestations}: an app's per-instance attestations from Phala Cloud, as JSON. */
@Command(
    name = "app-attestations",
    mixinStandardHelpOptions = true,
    header = "Prints the attestations of every instance of a Phala Cloud app as one JSON object.",
    description = {
      "It reads GET /apps/{app_id}/attestations, a public endpoint (no API key needed): "
          + "app_id, contract_address, kms_info and instances with their TCB identity "
          + "(ppid_sha256, fmspc, tee_tcb_svn, cpusvn, pcesvn), mr_config_id and quote; null "
          + "where the server has no value.",
      "Exit 0 on success; 1 if the API refused; 2 on a usage error."
    })
final class AppAttestationsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--api-url", required = true, paramLabel = "URL",
      description = "Phala Cloud API base URL, e.g. https://cloud-api.phala.com/api/v1")
  String apiUrl;

  @Option(names = "--app-id", required = true, paramLabel = "HEX", description = "The app id (40 hex digits).")
  String appId;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "Optional Phala Cloud API key (the endpoint is public).")
  String apiKey;

  @Option(names = "--api-version", paramLabel = "V",
      description = "X-Phala-Version: 2025-10-28, 2026-01-21, 2026-05-22 or 2026-06-23 (default).")
  String apiVersion;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    AppId app = AppId.fromHex("--app-id", appId);
    PhalaCloudClient.Builder builder =
        PhalaCloudClient.builder().environment(n -> null).baseUrl(apiUrl).version(CloudOptions.version(apiVersion));
    if (apiKey != null && !apiKey.isBlank()) {
      builder.apiKey(apiKey.strip());
    }
    AppAttestation a;
    try (PhalaCloudClient client = builder.build()) {
      a = client.apps().attestations(app);
    }
    spec.commandLine().getOut().println(JSON.writeValueAsString(toJson(a)));
    return Main.OK;
  }

  static Map<String, Object> toJson(AppAttestation a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("app_id", a.appId());
    out.put("contract_address", a.contractAddress());
    Map<String, Object> kms = null;
    if (a.kmsInfo() != null) {
      AppAttestation.AppKms k = a.kmsInfo();
      kms = new LinkedHashMap<>();
      kms.put("contract_address", k.contractAddress());
      kms.put("chain_id", k.chainId());
      kms.put("version", k.version());
      kms.put("url", k.url());
      kms.put("gateway_app_id", k.gatewayAppId());
      kms.put("gateway_app_url", k.gatewayAppUrl());
      kms.put("kms_type", k.kmsType());
    }
    out.put("kms_info", kms);
    List<Map<String, Object>> instances = new ArrayList<>();
    for (AppAttestation.Instance i : a.instances()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("vm_uuid", i.vmUuid());
      m.put("instance_id", i.instanceId());
      m.put("name", i.name());
      m.put("status", i.status() == null ? null : i.status().raw());
      m.put("image_version", i.imageVersion());
      m.put("device_id", i.deviceId());
      m.put("ppid", i.ppid());
      m.put("ppid_sha256", i.ppidSha256());
      m.put("fmspc", i.fmspc());
      m.put("tee_tcb_svn", i.teeTcbSvn());
      m.put("cpusvn", i.cpusvn());
      m.put("pcesvn", i.pcesvn());
      m.put("mr_config_id", i.mrConfigId());
      m.put("quote", i.quote());
      m.put("error", i.error());
      instances.add(m);
    }
    out.put("instances", instances);
    return out;
  }
}
