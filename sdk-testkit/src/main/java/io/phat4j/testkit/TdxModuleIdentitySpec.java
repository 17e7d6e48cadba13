package io.phat4j.testkit;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a TDX TCB Info's {@code tdxModuleIdentities}: the identity of a TDX module major
 * version ({@code id} "TDX_01", "TDX_03", …) and the TCB levels of its ISVSVN.
 *
 * @param id the identity id, {@code "TDX_%02X"} of the module major version
 * @param mrSignerHex the module signer, 96 hex digits (all zero for Intel's modules)
 * @param attributesHex the expected SEAM attributes, 16 hex digits
 * @param attributesMaskHex the SEAM attributes mask, 16 hex digits
 * @param tcbLevels levels keyed by the module ISVSVN (TEE_TCB_SVN byte 0), highest first
 */
public record TdxModuleIdentitySpec(
    String id, String mrSignerHex, String attributesHex, String attributesMaskHex, List<EnclaveTcbLevelSpec> tcbLevels) {
  /** Copies the list and rejects nulls. */
  public TdxModuleIdentitySpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mrSignerHex, "mrSignerHex");
    Objects.requireNonNull(attributesHex, "attributesHex");
    Objects.requireNonNull(attributesMaskHex, "attributesMaskHex");
    tcbLevels = List.copyOf(tcbLevels);
  }

  /**
   * Returns an Intel-like identity for a module major version: zero signer, zero attributes, full
   * mask.
   *
   * @param majorVersion the module major version (TEE_TCB_SVN byte 1)
   * @param tcbLevels the levels, highest ISVSVN first
   * @return the identity
   */
  public static TdxModuleIdentitySpec intelLike(int majorVersion, EnclaveTcbLevelSpec... tcbLevels) {
    return new TdxModuleIdentitySpec(String.format("TDX_%02X", majorVersion), "0".repeat(96), "0000000000000000",
        "FFFFFFFFFFFFFFFF", List.of(tcbLevels));
  }
}
