package io.phat4j.attestation.dcap.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.attestation.dcap.pcs.internal.CrlBody;
import io.phat4j.core.PhalaException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes CRL handling: the verifier's DER reader (issuer, next update, revoked serials) and the
 * PCS client's body decoder (DER, hex or PEM).
 */
class CrlFuzzTest {
  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parse(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    try {
      Crl crl = Crl.parse("pck_crl", body);
      crl.revoked();
      crl.nextUpdate();
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
    try {
      CrlBody.toDer("pckcrl", body);
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}
