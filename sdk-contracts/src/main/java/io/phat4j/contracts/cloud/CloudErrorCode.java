package io.phat4j.contracts.cloud;

import org.jspecify.annotations.Nullable;

/**
 * The {@code ERR-xx-yyy} codes Phala Cloud puts in structured errors, so callers can switch on
 * them. A code this client does not know maps to {@link #UNKNOWN}; {@link
 * PhalaCloudException#errorCode()} keeps the raw text.
 */
public enum CloudErrorCode {
  /** The node does not exist. */
  NODE_NOT_FOUND("ERR-01-001"),
  /** No compose file was given. */
  COMPOSE_FILE_REQUIRED("ERR-01-002"),
  /** The compose file is invalid. */
  INVALID_COMPOSE_FILE("ERR-01-003"),
  /** A CVM with this name exists. */
  DUPLICATE_CVM_NAME("ERR-01-004"),
  /** The compose hash must be registered on chain first. */
  HASH_REGISTRATION_REQUIRED("ERR-01-005"),
  /** The provisioned compose hash is invalid or expired. */
  HASH_INVALID_OR_EXPIRED("ERR-01-006"),
  /** The registration transaction could not be verified. */
  TX_VERIFICATION_FAILED("ERR-01-007"),
  /** The app contract does not allow the compose hash. */
  HASH_NOT_ALLOWED("ERR-01-008"),
  /** The instance type does not exist. */
  INSTANCE_TYPE_NOT_FOUND("ERR-02-001"),
  /** The resources are not available. */
  RESOURCE_NOT_AVAILABLE("ERR-02-002"),
  /** Not enough vCPUs. */
  INSUFFICIENT_VCPU("ERR-02-003"),
  /** Not enough memory. */
  INSUFFICIENT_MEMORY("ERR-02-004"),
  /** Not enough CVM slots. */
  INSUFFICIENT_SLOTS("ERR-02-005"),
  /** GPUs could not be allocated. */
  GPU_ALLOCATION_ERROR("ERR-02-006"),
  /** Not enough GPUs. */
  INSUFFICIENT_GPU("ERR-02-007"),
  /** The request is invalid. */
  INVALID_REQUEST("ERR-02-008"),
  /** The configuration is incompatible. */
  INCOMPATIBLE_CONFIG("ERR-02-009"),
  /** The OS image does not exist. */
  IMAGE_NOT_FOUND("ERR-02-010"),
  /** The KMS does not exist. */
  KMS_NOT_FOUND("ERR-02-011"),
  /** The node is not accessible to this account. */
  TEEPOD_NOT_ACCESSIBLE("ERR-02-012"),
  /** The OS image is not compatible. */
  OS_IMAGE_NOT_COMPATIBLE("ERR-02-013"),
  /** The node's capacity is not configured. */
  NODE_CAPACITY_NOT_CONFIGURED("ERR-02-014"),
  /** A quota is exceeded. */
  QUOTA_EXCEEDED("ERR-02-015"),
  /** The CVM does not exist. */
  CVM_NOT_FOUND("ERR-03-001"),
  /** Several CVMs have this name; use another identifier. */
  MULTIPLE_CVMS_SAME_NAME("ERR-03-002"),
  /** The CVM is not in this workspace. */
  CVM_NOT_IN_WORKSPACE("ERR-03-003"),
  /** Access to the CVM is denied. */
  CVM_ACCESS_DENIED("ERR-03-005"),
  /** The image for a replica is not available. */
  REPLICA_IMAGE_NOT_AVAILABLE("ERR-03-006"),
  /** The app id is already used by another CVM. */
  CVM_APP_ID_CONFLICT("ERR-03-007"),
  /** The balance is too low. */
  INSUFFICIENT_BALANCE("ERR-04-001"),
  /** The CVM limit is reached. */
  MAX_CVM_LIMIT("ERR-04-002"),
  /** A resource limit is exceeded. */
  RESOURCE_LIMIT_EXCEEDED("ERR-04-003"),
  /** The token limit is exceeded. */
  TOKEN_LIMIT_EXCEEDED("ERR-05-001"),
  /** The token rate limit is hit. */
  TOKEN_RATE_LIMIT("ERR-05-002"),
  /** The OAuth e-mail is invalid. */
  OAUTH_EMAIL_INVALID("ERR-06-001"),
  /** A code this client does not know, or none. */
  UNKNOWN(null);

  private final @Nullable String code;

  CloudErrorCode(@Nullable String code) {
    this.code = code;
  }

  /**
   * Returns the wire code.
   *
   * @return e.g. {@code ERR-03-007}, or {@code null} for {@link #UNKNOWN}
   */
  public @Nullable String code() {
    return code;
  }

  /**
   * Looks up a wire code.
   *
   * @param code the code, or {@code null}
   * @return the constant, {@link #UNKNOWN} if not known
   */
  public static CloudErrorCode of(@Nullable String code) {
    if (code != null) {
      for (CloudErrorCode c : values()) {
        if (code.equals(c.code)) {
          return c;
        }
      }
    }
    return UNKNOWN;
  }
}
