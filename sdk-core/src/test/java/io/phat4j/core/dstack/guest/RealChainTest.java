package io.phat4j.core.dstack.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.AppId;
import io.phat4j.core.Hex;
import io.phat4j.core.crypto.RecoverableSignature;
import io.phat4j.core.crypto.Secp256k1PublicKey;
import io.phat4j.core.dstack.guest.internal.ChainMessages;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/** A v0 GetKey chain published as production data, checked against its stated addresses. */
class RealChainTest {
  private static final JsonNode CHAIN = read();

  private static JsonNode read() {
    try {
      return FakeGuestAgent.JSON.readTree(
          FakeGuestAgent.resource("/vectors/dstack-guest/getkey-chain-base-prod7.json"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String address(Secp256k1PublicKey key) {
    byte[] uncompressed = key.uncompressed();
    return Keys.toChecksumAddress(Keys.getAddress(Hex.encode(Arrays.copyOfRange(uncompressed, 1, 65))));
  }

  private static byte[] hex(String field) {
    return Hex.decode(field, CHAIN.path(field).asText());
  }

  private static List<byte[]> links() {
    return List.of(
        Hex.decode("l0", CHAIN.path("signature_chain").get(0).asText()),
        Hex.decode("l1", CHAIN.path("signature_chain").get(1).asText()));
  }

  @Test
  void bothLinksRecoverToThePublishedAppAndKmsKeys() {
    AppId appId = AppId.of(hex("app_id"));
    byte[] derived = hex("derived_public_key");

    Secp256k1PublicKey appRoot =
        RecoverableSignature.of(links().get(0))
            .recover(ChainMessages.v0KeyClaimDigest(CHAIN.path("purpose").asText(), derived));
    assertThat(appRoot.compressed()).isEqualTo(hex("app_root_public_key"));
    assertThat(address(appRoot)).isEqualTo(CHAIN.path("app_root_address").asText());

    Secp256k1PublicKey kms =
        RecoverableSignature.of(links().get(1))
            .recover(ChainMessages.kmsIssuedDigest(appId.toByteArray(), appRoot.compressed()));
    assertThat(address(kms)).isEqualTo(CHAIN.path("kms_root_address").asText());

    VerifiedKeyChain verified =
        SignatureChainVerifier.trusting(kms).verifyKeyV0(derived, "mainnet", links(), appId);
    assertThat(verified.appRootKey()).isEqualTo(appRoot);
  }

  @Test
  void theRealChainFailsForAnotherPurposeOrApp() {
    AppId appId = AppId.of(hex("app_id"));
    byte[] derived = hex("derived_public_key");
    Secp256k1PublicKey kms =
        RecoverableSignature.of(links().get(1))
            .recover(
                ChainMessages.kmsIssuedDigest(appId.toByteArray(), hex("app_root_public_key")));
    SignatureChainVerifier verifier = SignatureChainVerifier.trusting(kms);

    assertThatThrownBy(() -> verifier.verifyKeyV0(derived, "testnet", links(), appId))
        .isInstanceOfSatisfying(
            SignatureChainException.class, e -> assertThat(e.link()).isEqualTo(ChainLink.KMS_SIGNATURE));
    assertThatThrownBy(() -> verifier.verifyKeyV0(derived, "mainnet", links(), AppId.of(new byte[20])))
        .isInstanceOf(SignatureChainException.class);
  }
}
