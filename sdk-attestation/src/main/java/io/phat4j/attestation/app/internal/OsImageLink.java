package io.phat4j.attestation.app.internal;

import io.phat4j.attestation.app.AppEvidence;
import io.phat4j.attestation.app.AppPolicy;
import io.phat4j.attestation.app.LinkResult;
import io.phat4j.attestation.app.RtmrMismatch;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.attestation.os.ExpectedBoot;
import io.phat4j.attestation.os.OsImageCheck;
import io.phat4j.attestation.os.OsImageFiles;
import io.phat4j.attestation.os.OsImageVerifier;
import io.phat4j.attestation.os.RegisterCheck;
import io.phat4j.attestation.os.TdxRegisters;
import io.phat4j.attestation.os.VmConfig;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import io.phat4j.core.PhalaException;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.EventLogEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The OS-image link: the image named by {@code vm_config.os_image_hash} must produce the quote's
 * MRTD and RTMR0–2 on the declared VM shape ({@link OsImageVerifier}), and the policy must accept
 * the image (hash, version, dev flag) and how its ACPI tables were established.
 */
public final class OsImageLink {
  private final OsImageVerifier verifier;
  private final @Nullable OsImageFiles files;

  /**
   * Creates the link.
   *
   * @param verifier the OS-image verifier (its reference values)
   * @param files the image's measurement files for the full path, or null
   */
  public OsImageLink(OsImageVerifier verifier, @Nullable OsImageFiles files) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.files = files;
  }

  /**
   * Runs the link.
   *
   * @param evidence the evidence (its vm_config)
   * @param td the quote's TD report
   * @param log the parsed event log, or null if it did not parse
   * @param policy the policy
   * @return the outcome
   */
  public OsImageOutcome check(AppEvidence evidence, TdReport td, @Nullable EventLog log, AppPolicy policy) {
    String json = evidence.vmConfigJson();
    if (json == null) {
      return OsImageOutcome.failed("the evidence has no vm_config, so the OS image cannot be checked");
    }
    VmConfig vm;
    try {
      vm = VmConfig.parse(json);
    } catch (PhalaException e) {
      return OsImageOutcome.failed("vm_config: " + e.getMessage());
    }
    if (log == null) {
      return OsImageOutcome.failed("the event log is unusable, so RTMR0's ACPI digests cannot be read");
    }
    OsImageCheck c = verifier.verify(vm, log, TdxRegisters.of(td), files);
    String path = c.path().name().toLowerCase(Locale.ROOT);
    List<RtmrMismatch> debug = debug(c, log);
    List<String> problems = new ArrayList<>();
    if (!c.passed()) {
      problems.add(c.reason() == null ? c.summary() : c.reason());
    } else {
      if (!policy.osImageHashes().isEmpty() && (c.osImageHash() == null || !policy.osImageHashes().contains(c.osImageHash()))) {
        problems.add("OS image " + (c.osImageHash() == null ? "(none)" : c.osImageHash().hex()) + " is not one of the "
            + policy.osImageHashes().size() + " allowed");
      }
      if (!policy.osImageVersions().isEmpty()
          && (c.osImageVersion() == null || !policy.osImageVersions().contains(c.osImageVersion()))) {
        problems.add("OS image version " + (c.osImageVersion() == null ? "is unknown on the " + path + " path and" : c.osImageVersion())
            + " is not one of " + policy.osImageVersions());
      }
      if (Boolean.TRUE.equals(c.osImageIsDev()) && !policy.allowDevImages()) {
        problems.add("the OS image is a dev image (os_image_is_dev), which the policy does not allow");
      }
      if (!c.acpiTablesVerified() && !policy.allowUnverifiedAcpiTables()) {
        problems.add("acpi_tables_verified is false: the event log's ACPI digests match no regenerated or pinned tables for"
            + " this VM shape, and the policy does not allow unverified ACPI tables");
      }
    }
    LinkResult link = problems.isEmpty()
        ? LinkResult.passed(LinkResult.OS_IMAGE, c.summary())
        : LinkResult.failed(LinkResult.OS_IMAGE, String.join("; ", problems));
    return new OsImageOutcome(
        link, c.osImageHashVerified(), c.acpiTablesVerified(), c.osImageIsDev(), c.osImageVersion(), path, debug);
  }

  /** dstack-verifier's rtmr_debug for RTMR0–2 that differ from what the image predicts. */
  private static List<RtmrMismatch> debug(OsImageCheck c, EventLog log) {
    ExpectedBoot boot = c.expectedBoot();
    if (boot == null) {
      return List.of();
    }
    boolean[] present = new boolean[4];
    for (EventLogEntry e : log.entries()) {
      present[e.imr()] = true;
    }
    // Event-by-event only against a complete boot log; a stripped one (certificates) cannot line up.
    boolean bootLog = present[0] && present[1] && present[2];
    List<RtmrMismatch> out = new ArrayList<>();
    for (RegisterCheck r : c.registers()) {
      if (r.matches() || !r.register().startsWith("RTMR")) {
        continue;
      }
      int imr = r.register().charAt(4) - '0';
      List<Measurement> expected = switch (imr) {
        case 0 -> boot.rtmr0Log();
        case 1 -> boot.rtmr1Log();
        default -> boot.rtmr2Log();
      };
      List<EventLogEntry> actual = bootLog ? log.entries().stream().filter(e -> e.imr() == imr).toList() : List.of();
      List<RtmrMismatch.Event> rows = new ArrayList<>();
      for (int k = 0; k < actual.size(); k++) {
        EventLogEntry e = actual.get(k);
        byte[] digest = Arrays.copyOf(e.digest(), Measurement.LENGTH);
        Measurement want = k < expected.size() ? expected.get(k) : null;
        RtmrMismatch.Status status = want == null
            ? RtmrMismatch.Status.EXTRA
            : Arrays.equals(want.toByteArray(), digest) ? RtmrMismatch.Status.MATCH : RtmrMismatch.Status.MISMATCH;
        rows.add(new RtmrMismatch.Event(
            e.index(), e.eventType(), e.event().isEmpty() ? "(unnamed)" : e.event(), Hex.encode(digest),
            want == null ? null : want.hex(), e.payload().length, status));
      }
      List<String> missing = expected.subList(Math.min(actual.size(), expected.size()), expected.size())
          .stream().map(Measurement::hex).toList();
      out.add(new RtmrMismatch(r.register(), r.expected().hex(), r.actual().hex(), rows, missing));
    }
    return out;
  }
}
