package io.phat4j.attestation.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.core.Measurement;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.dstack.EventLogEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every RTMR0–2 event digest the engine predicts equals, in order, the digest the genuine CVM's
 * event log recorded, and the log replays to the quote.
 */
class BootEventsFixtureTest {

  @Test
  void predictedEventsAreTheGenuineCvmsEvents() {
    OsFixtures.Fixture f = OsFixtures.load(OsFixtures.GETQUOTE);
    EventLog log = f.eventLog();
    OsImageCheck check = OsImageVerifier.create().verify(f.vmConfig(), log, f.quoted());
    ExpectedBoot boot = check.expectedBoot();

    assertThat(digests(log, 0)).containsExactlyElementsOf(boot.rtmr0Log());
    // RTMR1 in the log has the 5 boot events the engine predicts, in the same order.
    assertThat(digests(log, 1)).containsExactlyElementsOf(boot.rtmr1Log());
    assertThat(digests(log, 2)).containsExactlyElementsOf(boot.rtmr2Log());
    assertThat(log.replay().rtmr0()).isEqualTo(f.quoted().rtmr0());
    assertThat(log.replay().rtmr1()).isEqualTo(f.quoted().rtmr1());
    assertThat(log.replay().rtmr2()).isEqualTo(f.quoted().rtmr2());
  }

  @Test
  void theBundledAcpiPinIsWhatTheGenuineCvmsReported() {
    // Provenance of the bundled value: the genuine capture's named ACPI events, whose log replays
    // to the quote's RTMR0 (checked above).
    OsFixtures.Fixture f = OsFixtures.load(OsFixtures.GETQUOTE);
    ReferenceValues.PinnedAcpi pin = ReferenceValues.bundled().acpi(f.vmConfig().shape());
    assertThat(pin).isNotNull();
    assertThat(pin.digests()).isEqualTo(AcpiDigests.fromEventLog(f.eventLog()));
    OsFixtures.Fixture cert = OsFixtures.load(OsFixtures.TLS_KEY);
    assertThat(cert.vmConfig().shape()).isEqualTo(f.vmConfig().shape());
    assertThat(pin.digests().loader()).isEqualTo(cert.ref("acpi_reported", "acpi-loader"));
    assertThat(pin.digests().tables()).isEqualTo(cert.ref("acpi_reported", "acpi-tables"));
    assertThat(pin.provenance()).contains("312dc605ebaaf93372534ffb135ea011533d28e9", "97a2c85d83524f52cfbfc383439e718985ea2ced");
  }

  private static List<Measurement> digests(EventLog log, int imr) {
    return log.entries().stream().filter(e -> e.imr() == imr).map(EventLogEntry::digest).map(Measurement::of).toList();
  }
}
