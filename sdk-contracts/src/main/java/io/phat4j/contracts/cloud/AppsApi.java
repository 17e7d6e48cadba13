package io.phat4j.contracts.cloud;

import io.phat4j.contracts.cloud.internal.CloudHttp;
import io.phat4j.core.AppId;

/**
 * The app calls of the Phala Cloud API. Obtain it from {@link PhalaCloudClient#apps()}.
 * Thread-safe.
 */
public final class AppsApi {
  private final CloudHttp http;

  AppsApi(CloudHttp http) {
    this.http = http;
  }

  /**
   * Returns the attestations of every instance of an app ({@code GET /apps/{appId}/attestations}).
   * This endpoint is public: it works without an API key.
   *
   * @param appId the app id
   * @return the attestations
   */
  public AppAttestation attestations(AppId appId) {
    return http.call("GET", "apps", appId.hex(), "attestations").read(AppAttestation.class);
  }
}
