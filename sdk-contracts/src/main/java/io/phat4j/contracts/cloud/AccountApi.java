package io.phat4j.contracts.cloud;

import io.phat4j.contracts.cloud.internal.CloudHttp;

/**
 * The account-level calls of the Phala Cloud API: current user, workspaces, nodes, instance
 * types, OS images and SSH keys. Obtain it from {@link PhalaCloudClient#account()}. Thread-safe.
 */
public final class AccountApi {
  private final CloudHttp http;

  AccountApi(CloudHttp http) {
    this.http = http;
  }
}
