package io.phat4j.core.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://127.0.0.1:8545/v2/SECRETKEY | http://127.0.0.1:8545/v2/██",
      "https://eth-mainnet.example.com/v2/SECRETKEY/extra/ | https://eth-mainnet.example.com/v2/██/██/",
      "https://rpc.example.com | https://rpc.example.com/",
      "https://rpc.example.com/ | https://rpc.example.com/",
      "https://user:SECRETKEY@rpc.example.com/x | https://██@rpc.example.com/x",
      "https://rpc.example.com/?apikey=SECRETKEY&chain=1 | https://rpc.example.com/?apikey=██&chain=██",
      "https://rpc.example.com/rpc?SECRETKEY | https://rpc.example.com/rpc?██",
      "https://rpc.example.com/rpc#SECRETKEY | https://rpc.example.com/rpc#██",
      "https://cloud-api.phala.com/api/v1/cvms/42 | https://cloud-api.phala.com/api/██/██/██",
  })
  void safeUrl_masksUserInfoLaterSegmentsQueryValuesAndFragment(String url, String shown) {
    assertThat(Redaction.safeUrl(URI.create(url))).isEqualTo(shown).doesNotContain("SECRETKEY");
    assertThat(Redaction.safeUrl(url)).isEqualTo(shown);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://exa mple.com/v2/SECRETKEY | http://██",
      "not a url SECRETKEY | ██",
      "http://under_score.example/v2/SECRETKEY | http://██",
      "/v2/SECRETKEY | ██",
  })
  void safeUrl_unparsableText_showsNothingButTheScheme(String url, String shown) {
    assertThat(Redaction.safeUrl(url)).isEqualTo(shown);
  }
}
