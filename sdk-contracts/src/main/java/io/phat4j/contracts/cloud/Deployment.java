package io.phat4j.contracts.cloud;

import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import org.jspecify.annotations.Nullable;

/**
 * A CVM that a deploy or update brought to {@code running} (or left running, unchanged).
 *
 * @param cvmId how to address the CVM in later calls: its hashed id ({@code cvm_…}) from API
 *     version 2026-05-22, else its VM UUID or {@code app_<appId>}
 * @param appId the app id
 * @param composeHash the compose hash it runs
 * @param vm the CVM as the commit returned it, or {@code null} after an update or a recovered
 *     commit
 * @param state the state that showed it running
 */
public record Deployment(
    CvmId cvmId, AppId appId, Bytes32 composeHash, @Nullable Vm vm, CvmState state) {

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
    return client.apps().attestations(appId);
  }
}
