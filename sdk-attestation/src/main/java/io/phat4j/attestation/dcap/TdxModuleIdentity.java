package io.phat4j.attestation.dcap;

import java.util.List;

/**
 * The expected TDX module signer and attributes from a TDX TCB info ({@code tdxModule}, or one
 * entry of {@code tdxModuleIdentities} with its own TCB levels).
 *
 * @param id the identity id, e.g. {@code "TDX_01"} (empty for the plain {@code tdxModule})
 * @param mrSigner expected MRSIGNERSEAM, lowercase hex (48 bytes)
 * @param attributes expected SEAMATTRIBUTES, lowercase hex (8 bytes)
 * @param attributesMask mask applied before comparing attributes, lowercase hex (8 bytes)
 * @param tcbLevels the module's TCB levels (empty for the plain {@code tdxModule})
 */
public record TdxModuleIdentity(
    String id, String mrSigner, String attributes, String attributesMask, List<IsvSvnLevel> tcbLevels) {
  /** Copies the list. */
  public TdxModuleIdentity {
    tcbLevels = List.copyOf(tcbLevels);
  }
}
