package io.phat4j.attestation.dcap;

import java.util.List;

/**
 * One TCB level keyed by a single ISV SVN: used by QE identities and TDX module identities.
 *
 * @param isvSvn the minimum ISV SVN of the level
 * @param tcbDate the level's TCB date (RFC 3339 text, informational)
 * @param status the status at this level
 * @param advisoryIds Intel security advisories that apply at this level
 */
public record IsvSvnLevel(int isvSvn, String tcbDate, TcbStatus status, List<String> advisoryIds) {
  /** Copies the list. */
  public IsvSvnLevel {
    advisoryIds = List.copyOf(advisoryIds);
  }
}
