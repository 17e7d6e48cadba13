package io.phat4j.attestation.app.internal;

import io.phat4j.attestation.app.AppInfo;
import io.phat4j.attestation.app.LinkResult;
import io.phat4j.attestation.app.RaTlsBinding;
import io.phat4j.attestation.app.RtmrMismatch;
import io.phat4j.core.dstack.KeyProvider;

/** Renders a verification as a link list followed by the identity, for people. */
public final class ReportText {
  private ReportText() {}

  /**
   * Renders the report.
   *
   * @param f the facts
   * @param valid the verdict
   * @return lines ending with a newline
   */
  public static String render(Facts f, boolean valid) {
    StringBuilder sb = new StringBuilder();
    sb.append(valid ? "VALID" : "NOT VALID").append(" (evidence: ").append(f.format()).append(")\n");
    for (LinkResult r : f.links()) {
      String mark = switch (r.status()) {
        case PASSED -> "[ok]  ";
        case FAILED -> "[FAIL]";
        case NOT_APPLICABLE -> "[n/a] ";
      };
      sb.append(mark).append(' ').append(r.name());
      String text = r.status() == io.phat4j.attestation.app.LinkStatus.PASSED ? r.detail() : r.reason();
      if (text != null) {
        sb.append(": ").append(text);
      }
      sb.append('\n');
    }
    for (RtmrMismatch m : f.rtmrDebug()) {
      sb.append("  ").append(m.rtmr()).append(": expected ").append(m.expected()).append(", quote ").append(m.actual()).append('\n');
      for (RtmrMismatch.Event e : m.events()) {
        if (e.status() != RtmrMismatch.Status.MATCH) {
          sb.append("    event ").append(e.index()).append(' ').append(e.eventName()).append(": ")
              .append(e.status().jsonName()).append('\n');
        }
      }
    }
    if (f.osImagePath() != null) {
      sb.append("os image:        ").append(f.osImagePath()).append(" path")
          .append(f.osImageVersion() == null ? "" : ", version " + f.osImageVersion())
          .append(f.osImageIsDev() == null ? "" : f.osImageIsDev() ? ", dev" : ", production")
          .append(f.acpiTablesVerified() ? ", ACPI tables verified" : ", ACPI tables not verified").append('\n');
    }
    if (f.tcbStatus() != null) {
      sb.append("tcb status:      ").append(f.tcbStatus());
      if (!f.advisoryIds().isEmpty()) {
        sb.append(" ").append(f.advisoryIds());
      }
      sb.append('\n');
    }
    AppInfo a = f.appInfo();
    if (a != null) {
      sb.append("app id:          ").append(a.appIdHex()).append('\n');
      sb.append("compose hash:    ").append(a.composeHashHex()).append('\n');
      sb.append("instance id:     ").append(a.instanceIdHex()).append('\n');
      sb.append("device id:       ").append(a.deviceIdHex()).append('\n');
      sb.append("os image hash:   ").append(a.osImageHashHex()).append('\n');
      sb.append("mr_system:       ").append(a.mrSystem().hex()).append('\n');
      sb.append("mr_aggregated:   ").append(a.mrAggregated().hex()).append('\n');
    }
    KeyProvider kp = f.keyProvider();
    if (kp != null) {
      sb.append("key provider:    ").append(kp.name()).append(kp.id().isEmpty() ? "" : " " + kp.id()).append('\n');
    }
    RaTlsBinding t = f.raTls();
    if (t != null) {
      sb.append("ra-tls:          ").append(t.attestationWireFormat())
          .append(t.reportDataBound() ? ", key bound by report data" : ", key NOT bound by report data").append('\n');
    }
    if (f.validUntil() != null) {
      sb.append("valid until:     ").append(f.validUntil()).append('\n');
    }
    return sb.toString();
  }
}
