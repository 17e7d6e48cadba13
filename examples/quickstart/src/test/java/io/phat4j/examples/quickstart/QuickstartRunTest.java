package io.phat4j.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the quickstart's main entry point as a user does: a real devnet, a real anvil node, the
 * contract in process, real quotes, real HPKE and real transactions. Once clean, once per tamper
 * mode.
 */
class QuickstartRunTest {

  @ParameterizedTest
  @EnumSource(Tamper.class)
  void endsWithTheVerdictAndExitCode(Tamper tamper) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = tamper == Tamper.NONE ? new String[0] : new String[] {"--tamper=" + tamper.link().label()};

    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    String story = out.toString(StandardCharsets.UTF_8);
    List<String> lines = story.lines().toList();
    String last = lines.getLast();
    if (tamper == Tamper.NONE) {
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(last).matches("RESULT VERIFIED: 0 0x[0-9a-f]{64}");
      // The hash printed is the hash of the result the story shows as committed.
      assertThat(story).contains("keccak256  " + last.substring(last.lastIndexOf(' ') + 1));
      assertThat(lines).filteredOn(l -> l.startsWith("    ok   ")).hasSize(Link.values().length);
      assertThat(story).contains("\"decision\":\"approved\"").contains("NOT THE INTEL ROOT");
      // The OS image is checked on the lite path, from the devnet's vm_config.tdx_measurement.
      assertThat(lines).filteredOn(l -> l.startsWith("    ok   " + Link.OS_IMAGE.label())).singleElement()
          .asString().contains("lite");
    } else {
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
      assertThat(last).startsWith("REJECTED: " + tamper.link().label() + ": ");
      // The first failing link is the corrupted one; nothing before it fails.
      List<String> report = lines.stream().filter(l -> l.startsWith("    ok   ") || l.startsWith("    FAIL ")).toList();
      int firstFail = report.indexOf(report.stream().filter(l -> l.startsWith("    FAIL ")).findFirst().orElseThrow());
      assertThat(report.get(firstFail)).startsWith("    FAIL " + tamper.link().label());
      assertThat(report.subList(0, firstFail)).allMatch(l -> l.startsWith("    ok   "));
      if (tamper == Tamper.OS_IMAGE) {
        assertThat(last).contains("os_image_hash");
      }
    }
  }
}
