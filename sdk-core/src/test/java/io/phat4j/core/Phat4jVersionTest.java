package io.phat4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Phat4jVersionTest {
  private static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void current_filteredResource_isMavenVersion() {
    // The build filters ${project.version} into the resource; "dev" would mean it did not.
    assertThat(Phat4jVersion.current())
        .isNotEqualTo(Phat4jVersion.UNKNOWN)
        .matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
  }

  @Test
  void load_presentVersion_returnsIt() {
    assertThat(Phat4jVersion.load(() -> text("version=1.2.3\n"))).isEqualTo("1.2.3");
  }

  @Test
  void load_missingResource_returnsDev() {
    assertThat(Phat4jVersion.load(() -> null)).isEqualTo("dev");
  }

  @Test
  void load_unfilteredPlaceholder_returnsDev() {
    assertThat(Phat4jVersion.load(() -> text("version=${project.version}\n"))).isEqualTo("dev");
  }

  @Test
  void load_emptyOrUnreadable_returnsDev() {
    assertThat(Phat4jVersion.load(() -> text("other=1\n"))).isEqualTo("dev");
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk gone");
          }
        };
    assertThat(Phat4jVersion.load(() -> broken)).isEqualTo("dev");
  }
}
