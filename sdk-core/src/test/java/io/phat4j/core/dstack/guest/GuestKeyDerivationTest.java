package io.phat4j.core.dstack.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.RecoverableSignature;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.dstack.guest.internal.ChainMessages;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Key derivation and the v1 key claim against dstack's published v1 test vectors. */
class GuestKeyDerivationTest {
  private static final JsonNode VECTORS = read();

  private static JsonNode read() {
    try {
      return FakeGuestAgent.JSON.readTree(FakeGuestAgent.resource("/vectors/dstack-guest/guest-api-v1.json"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final Secp256k1PrivateKey ROOT =
      Secp256k1PrivateKey.fromHex(VECTORS.path("app_root_key").asText());

  @Test
  void v1DerivationReproducesEveryPublishedVector() {
    assertThat(VECTORS.path("derivations")).hasSize(6);
    for (JsonNode row : VECTORS.path("derivations")) {
      String domain = new String(Hex.decode("domain", row.path("domain_hex").asText()), StandardCharsets.UTF_8);
      KeyAlgorithm algorithm =
          row.path("algorithm").asText().equals("ed25519") ? KeyAlgorithm.ED25519 : KeyAlgorithm.SECP256K1;

      byte[] key = GuestKeyDerivation.v1(ROOT, algorithm, domain).revealBytes();

      assertThat(Hex.encode(key)).as(row.toString()).isEqualTo(row.path("key").asText());
      assertThat(Hex.encode(GuestKeyDerivation.publicKey(algorithm, io.phat4j.core.SecretBytes.copyOf(key))))
          .as(row.toString())
          .isEqualTo(row.path("public_key").asText());
    }
  }

  @Test
  void theV1ClaimSignatureIsThePublishedLink0() {
    JsonNode link0 = VECTORS.path("link0");
    byte[] publicKey = Hex.decode("public_key", link0.path("public_key").asText());

    RecoverableSignature signature =
        SignatureChainSigner.v1KeyLink(ROOT, KeyAlgorithm.SECP256K1, link0.path("domain").asText(), publicKey);

    assertThat(signature.toString()).isEqualTo(link0.path("signature").asText());
    assertThat(
            RecoverableSignature.of(Hex.decode("sig", link0.path("signature").asText()))
                .recover(ChainMessages.v1KeyClaimDigest(KeyAlgorithm.SECP256K1, "storage-encryption", publicKey)))
        .isEqualTo(ROOT.publicKey());
  }

  @Test
  void v0DerivationDependsOnThePathOnly() {
    // No published v0 vectors exist; these check the properties dstack documents for v0.
    assertThat(GuestKeyDerivation.v0(ROOT, "a")).isEqualTo(GuestKeyDerivation.v0(ROOT, "a"));
    assertThat(GuestKeyDerivation.v0(ROOT, "a")).isNotEqualTo(GuestKeyDerivation.v0(ROOT, "b"));
    assertThat(GuestKeyDerivation.v0(ROOT, "storage-encryption"))
        .isNotEqualTo(GuestKeyDerivation.v1(ROOT, KeyAlgorithm.SECP256K1, "storage-encryption"));
  }

  @Test
  void appRootKeysDifferPerAppAndAreStable() {
    Secp256k1PrivateKey kms = FakeGuestAgent.KMS_ROOT;
    assertThat(GuestKeyDerivation.appRootKey(kms, FakeGuestAgent.APP_ID))
        .isEqualTo(GuestKeyDerivation.appRootKey(kms, FakeGuestAgent.APP_ID));
    assertThat(GuestKeyDerivation.appRootKey(kms, FakeGuestAgent.APP_ID))
        .isNotEqualTo(GuestKeyDerivation.appRootKey(kms, io.phat4j.core.AppId.fromHex("00".repeat(20))));
  }
}
