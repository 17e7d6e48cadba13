package io.phat4j.attestation.nativeimpl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.core.Hex;
import io.phat4j.attestation.dcap.internal.EcPublicKey;
import io.phat4j.attestation.dcap.internal.Ecdsa;
import io.phat4j.attestation.dcap.internal.EcdsaBackend;
import io.phat4j.attestation.dcap.internal.PureJavaBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof ECDSA P-256 / SHA-256 vectors (copied under {@code src/test/resources/wycheproof},
 * see the README there) through both verifier backends (BouncyCastle's {@link PureJavaBackend} and
 * {@link OpenSslBackend}, the system's OpenSSL 3 libcrypto), the way the quote verifier calls it: P1363 (raw r‖s)
 * signatures with the key decoded as quotes carry it (raw X‖Y) and the signature read from the
 * same array as the signed bytes, as in a quote; DER signatures with the key read from a
 * SubjectPublicKeyInfo, as for certificates and CRLs.
 */
class WycheproofEcdsaP256Test {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  // Both backends the verifier can use, on the same cases: this module is the one that has both.
  static Stream<Named<EcdsaBackend>> backends() {
    return Stream.of(
        Named.of("pure Java", PureJavaBackend.INSTANCE),
        Named.of("native", new OpenSslBackendProvider().load(null)));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void p1363_everyCase_verdictMatchesWycheproof(EcdsaBackend backend) {
    JsonNode file = load("ecdsa_secp256r1_sha256_p1363_test.json");
    List<String> wrong = new ArrayList<>();
    int cases = 0;
    int accepted = 0;
    for (JsonNode group : file.get("testGroups")) {
      byte[] point = hex(group.get("publicKey"), "uncompressed");
      EcPublicKey key = Ecdsa.rawKey(point, 1);
      for (JsonNode t : group.get("tests")) {
        cases++;
        byte[] msg = hex(t, "msg");
        byte[] sig = hex(t, "sig");
        // signed bytes then signature in one array, as the quote verifier reads a quote
        byte[] quoteLike = Arrays.copyOf(msg, msg.length + sig.length);
        System.arraycopy(sig, 0, quoteLike, msg.length, sig.length);
        boolean ok = sig.length == 64 && backend.verifyRaw(key, quoteLike, 0, msg.length, quoteLike, msg.length);
        if (ok) {
          accepted++;
        }
        check(wrong, t, ok);
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(cases).isEqualTo(262);
    assertThat(accepted).isEqualTo(173);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void p1363_wrongLengthSignatures_rejectedWhereverTheyStart(EcdsaBackend backend) {
    JsonNode file = load("ecdsa_secp256r1_sha256_p1363_test.json");
    int checked = 0;
    for (JsonNode group : file.get("testGroups")) {
      EcPublicKey key = Ecdsa.rawKey(hex(group.get("publicKey"), "uncompressed"), 1);
      for (JsonNode t : group.get("tests")) {
        byte[] sig = hex(t, "sig");
        if (sig.length == 64) {
          continue;
        }
        // A quote's signature field is 64 bytes; a shorter signature at the end of the data is
        // refused, and the first 64 bytes of a longer one are not a valid r‖s either.
        byte[] msg = hex(t, "msg");
        assertThat(backend.verifyRaw(key, msg, 0, msg.length, sig, 0)).as("tcId %s", t.get("tcId")).isFalse();
        checked++;
      }
    }
    assertThat(checked).isEqualTo(21);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void der_everyCase_verdictMatchesWycheproof(EcdsaBackend backend) {
    JsonNode file = load("ecdsa_secp256r1_sha256_test.json");
    List<String> wrong = new ArrayList<>();
    int cases = 0;
    int accepted = 0;
    for (JsonNode group : file.get("testGroups")) {
      EcPublicKey key = Ecdsa.spkiKey(SubjectPublicKeyInfo.getInstance(hex(group, "publicKeyDer")));
      for (JsonNode t : group.get("tests")) {
        cases++;
        boolean ok = backend.verifyDer(key, hex(t, "msg"), hex(t, "sig"));
        if (ok) {
          accepted++;
        }
        check(wrong, t, ok);
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(cases).isEqualTo(484);
    assertThat(accepted).isEqualTo(174);
  }

  private static void check(List<String> wrong, JsonNode t, boolean accepted) {
    String result = t.get("result").asText();
    if (accepted != result.equals("valid")) {
      wrong.add("tcId " + t.get("tcId") + " (" + t.get("comment").asText() + ", " + t.get("flags") + "): "
          + result + " but " + (accepted ? "accepted" : "rejected"));
    }
  }

  private static byte[] hex(JsonNode node, String field) {
    return Hex.decode(field, node.get(field).asText());
  }

  private static JsonNode load(String name) {
    try (InputStream in = WycheproofEcdsaP256Test.class.getResourceAsStream("/wycheproof/" + name)) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
