package io.phat4j.attestation.dcap;

import java.util.List;

/**
 * One platform TCB level of a TCB info: minimum component SVNs and the status they earn.
 *
 * @param sgxComponents the 16 minimum SGX TCB component SVNs
 * @param pceSvn the minimum PCE SVN
 * @param tdxComponents the 16 minimum TDX TCB component SVNs (empty for SGX TCB info)
 * @param tcbDate the level's TCB date (RFC 3339 text, informational)
 * @param status the status of platforms at this level
 * @param advisoryIds Intel security advisories that apply at this level
 */
public record TcbLevel(
    List<Integer> sgxComponents,
    int pceSvn,
    List<Integer> tdxComponents,
    String tcbDate,
    TcbStatus status,
    List<String> advisoryIds) {

  /** Copies the lists. */
  public TcbLevel {
    sgxComponents = List.copyOf(sgxComponents);
    tdxComponents = List.copyOf(tdxComponents);
    advisoryIds = List.copyOf(advisoryIds);
  }
}
