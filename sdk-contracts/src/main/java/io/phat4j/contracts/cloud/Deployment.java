package io.phat4j.contracts.cloud;

import io.phat4j.core.AppId;
import org.jspecify.annotations.Nullable;

/**
 * A CVM that a deploy or update brought to {@code running}.
 *
 * @param cvmId how to address the CVM in later calls
 * @param appId the app id (40 hex)
 * @param composeHash the compose hash it runs
 * @param vm the CVM as the commit returned it, or {@code null} after an update or a recovered
 *     commit
 * @param state the state that showed it running
 */
public record Deployment(
    CvmId cvmId, String appId, String composeHash, @Nullable Vm vm, CvmState state) {

  /**
   * Fetches the CVM's attestation (certificates with TDX quotes, TCB info, event log).
   *
   * @param client the client to use
   * @return the attestation
   */
  public CvmAttestation attestation(PhalaCloudClient client) {
    return client.cvms().attestation(cvmId);
  }

  /**
   * Fetches the attestations of every instance of the app (a public endpoint).
   *
   * @param client the client to use
   * @return the app attestations
   */
  public AppAttestation appAttestation(PhalaCloudClient client) {
    return client.apps().attestations(AppId.fromHex("app_id", appId));
  }
}
