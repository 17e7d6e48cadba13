package io.phat4j.examples.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.phat4j.contracts.cloud.CvmStatus;
import io.phat4j.contracts.cloud.Deployment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DeployExampleTest {
  @Test
  void run_devnet_deploysWithVerifiedKeyAndPrintsProgress() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Deployment d = DeployExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(d.state().status()).isEqualTo(CvmStatus.RUNNING);
    assertThat(out).contains("key_verified", "env_encrypted", "committed", "pulling images", "running");
    assertThat(out).contains("The enclave received: [API_TOKEN, DB_PASSWORD]");
    assertThat(out).doesNotContain("tok-").doesNotContain("pw-");
  }

  @Test
  void devnet_eachRunDeploysFromScratch() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DeployExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    // run() closes its devnet; a second, independent run must deploy from scratch.
    Deployment again = DeployExample.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(again.appId().hex()).hasSize(40);
  }
}
