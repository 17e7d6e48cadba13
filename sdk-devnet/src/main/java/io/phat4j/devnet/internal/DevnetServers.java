package io.phat4j.devnet.internal;

import io.phat4j.core.SecretString;

/** The devnet's three always-on servers: deployment API, dev PCCS and KMS RPC. */
public final class DevnetServers implements AutoCloseable {
  private final CloudApi api;
  private final LoopbackServer cloud;
  private final LoopbackServer pccs;
  private final LoopbackServer kms;

  /**
   * Starts the servers.
   *
   * @param platform the platform
   * @param apiKey the API key
   */
  public DevnetServers(Platform platform, SecretString apiKey) {
    this.pccs = new LoopbackServer("dev PCCS", new DevPccs(platform.quotes())::handle);
    this.kms = new LoopbackServer("KMS", new DevKmsRpc(platform.kms(), platform.clock())::handle);
    this.api = new CloudApi(platform, apiKey, kms.baseUri());
    this.cloud = new LoopbackServer("cloud API", api::handle);
  }

  /** @return the deployment API */
  public CloudApi api() {
    return api;
  }

  /** @return the cloud API server */
  public LoopbackServer cloud() {
    return cloud;
  }

  /** @return the PCCS server */
  public LoopbackServer pccs() {
    return pccs;
  }

  /** @return the KMS server */
  public LoopbackServer kms() {
    return kms;
  }

  @Override
  public void close() {
    cloud.close();
    api.closeAll();
    pccs.close();
    kms.close();
  }
}
