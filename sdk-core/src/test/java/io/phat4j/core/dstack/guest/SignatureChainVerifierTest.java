package io.phat4j.core.dstack.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phat4j.core.AppId;
import io.phat4j.core.Hex;
import io.phat4j.core.SecretBytes;
import io.phat4j.core.crypto.Secp256k1PrivateKey;
import io.phat4j.core.dstack.guest.SignatureChainException.Reason;
import io.phat4j.core.dstack.guest.internal.GuestKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Sign;

/**
 * Chain verification with chains built from real secp256k1 keys following dstack's message
 * formats (no real KMS-signed GetKey reply was available), plus dstack's published v1 link 0.
 */
class SignatureChainVerifierTest {
  private static final SignatureChainVerifier VERIFIER =
      SignatureChainVerifier.trusting(FakeGuestAgent.KMS_ROOT.publicKey());
  private static final AppId APP = FakeGuestAgent.APP_ID;

  private static byte[] publicKey(String path) {
    return GuestKeys.publicKey(KeyAlgorithm.SECP256K1, GuestKeyDerivation.v0(FakeGuestAgent.APP_ROOT, path).revealBytes());
  }

  private static List<byte[]> v0Chain(String purpose, byte[] publicKey) {
    return new ArrayList<>(
        List.of(
            SignatureChainSigner.v0KeyLink(FakeGuestAgent.APP_ROOT, purpose, publicKey).toBytes(),
            Hex.decode("kms", FakeGuestAgent.kmsLink())));
  }

  private static void rejects(Runnable check, ChainLink link, Reason reason) {
    assertThatThrownBy(check::run)
        .isInstanceOfSatisfying(
            SignatureChainException.class,
            e -> {
              assertThat(e.link()).isEqualTo(link);
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(link.name());
            });
  }

  @Test
  void aWellFormedV0ChainVerifiesToTheTrustedKms() {
    byte[] pk = publicKey("p");
    VerifiedKeyChain chain = VERIFIER.verifyKeyV0(pk, "ethereum", v0Chain("ethereum", pk), APP);

    assertThat(chain.appRootKey()).isEqualTo(FakeGuestAgent.APP_ROOT.publicKey());
    assertThat(chain.kmsRootKey()).isEqualTo(FakeGuestAgent.KMS_ROOT.publicKey());
    assertThat(chain.appId()).isEqualTo(APP);
  }

  @Test
  void anotherAppIdPurposeOrKeyBreaksTheChainAtTheKmsLink() {
    byte[] pk = publicKey("p");
    List<byte[]> chain = v0Chain("ethereum", pk);

    rejects(() -> VERIFIER.verifyKeyV0(pk, "ethereum", chain, AppId.fromHex("11".repeat(20))), ChainLink.KMS_SIGNATURE, Reason.NOT_TRUSTED);
    // A wrong claim recovers a different "app root key", which the KMS never signed.
    rejects(() -> VERIFIER.verifyKeyV0(pk, "bitcoin", chain, APP), ChainLink.KMS_SIGNATURE, Reason.NOT_TRUSTED);
    rejects(() -> VERIFIER.verifyKeyV0(publicKey("q"), "ethereum", chain, APP), ChainLink.KMS_SIGNATURE, Reason.NOT_TRUSTED);
  }

  @Test
  void aChainFromAnotherKmsIsNotTrusted() {
    byte[] pk = publicKey("p");
    Secp256k1PrivateKey rogue = Secp256k1PrivateKey.generate();
    List<byte[]> chain = v0Chain("", pk);
    chain.set(1, SignatureChainSigner.kmsLink(rogue, APP, FakeGuestAgent.APP_ROOT.publicKey()).toBytes());

    assertThatThrownBy(() -> VERIFIER.verifyKeyV0(pk, "", chain, APP))
        .isInstanceOf(SignatureChainException.class)
        .hasMessageContaining(rogue.publicKey().compressedHex0x())
        .hasMessageContaining("not by the trusted KMS key");
    VerifiedKeyChain ok =
        SignatureChainVerifier.trusting(rogue.publicKey()).verifyKeyV0(pk, "", chain, APP);
    assertThat(ok.kmsRootKey()).isEqualTo(rogue.publicKey());
  }

  @Test
  void malformedAndMissingLinksAreNamed() {
    byte[] pk = publicKey("p");
    List<byte[]> shortLink = v0Chain("", pk);
    shortLink.set(0, new byte[64]);
    rejects(() -> VERIFIER.verifyKeyV0(pk, "", shortLink, APP), ChainLink.APP_KEY_SIGNATURE, Reason.MALFORMED);

    List<byte[]> badV = v0Chain("", pk);
    badV.get(1)[64] = 5;
    rejects(() -> VERIFIER.verifyKeyV0(pk, "", badV, APP), ChainLink.KMS_SIGNATURE, Reason.MALFORMED);

    rejects(() -> VERIFIER.verifyKeyV0(pk, "", v0Chain("", pk).subList(0, 1), APP), ChainLink.KMS_SIGNATURE, Reason.MISSING);
    rejects(() -> VERIFIER.verifyKeyV0(pk, "", List.of(), APP), ChainLink.APP_KEY_SIGNATURE, Reason.MISSING);
  }

  @Test
  void highSLinksAreRejectedUnlessAllowed() {
    byte[] pk = publicKey("p");
    List<byte[]> chain = v0Chain("", pk);
    // The same signature with s' = n - s and the other recovery id: valid ECDSA, high S.
    byte[] sig = chain.get(0);
    BigInteger n = Sign.CURVE_PARAMS.getN();
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
    System.arraycopy(FakeGuestAgent.unsigned32(n.subtract(s)), 0, sig, 32, 32);
    sig[64] ^= 1;

    rejects(() -> VERIFIER.verifyKeyV0(pk, "", chain, APP), ChainLink.APP_KEY_SIGNATURE, Reason.HIGH_S);
    SignatureChainVerifier lenient =
        SignatureChainVerifier.builder().trustedKmsKey(FakeGuestAgent.KMS_ROOT.publicKey()).requireLowS(false).build();
    assertThat(lenient.verifyKeyV0(pk, "", chain, APP).appRootKey()).isEqualTo(FakeGuestAgent.APP_ROOT.publicKey());
  }

  @Test
  void theV1ChainBindsAlgorithmAndDomain() {
    SecretBytes key = GuestKeyDerivation.v1(FakeGuestAgent.APP_ROOT, KeyAlgorithm.ED25519, "storage-encryption");
    byte[] pk = GuestKeys.publicKey(KeyAlgorithm.ED25519, key.revealBytes());
    List<byte[]> chain =
        List.of(
            SignatureChainSigner.v1KeyLink(FakeGuestAgent.APP_ROOT, KeyAlgorithm.ED25519, "storage-encryption", pk).toBytes(),
            Hex.decode("kms", FakeGuestAgent.kmsLink()));

    VERIFIER.verifyKeyV1(pk, KeyAlgorithm.ED25519, "storage-encryption", chain, APP);
    rejects(() -> VERIFIER.verifyKeyV1(pk, KeyAlgorithm.SECP256K1, "storage-encryption", chain, APP), ChainLink.KMS_SIGNATURE, Reason.NOT_TRUSTED);
    rejects(() -> VERIFIER.verifyKeyV1(pk, KeyAlgorithm.ED25519, "storage", chain, APP), ChainLink.KMS_SIGNATURE, Reason.NOT_TRUSTED);
    // A v1 chain is not a v0 chain for any purpose.
    rejects(() -> VERIFIER.verifyKeyV0(pk, "storage-encryption", chain, APP), ChainLink.KMS_SIGNATURE, Reason.NOT_TRUSTED);
  }

  @Test
  void signChainsCheckTheDataSignatureFirst() {
    byte[] secret = GuestKeyDerivation.v0(FakeGuestAgent.APP_ROOT, "vms").revealBytes();
    byte[] pk = GuestKeys.publicKey(KeyAlgorithm.SECP256K1, secret);
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] signature = FakeGuestAgent.ecdsaLowS(secret, FakeGuestAgent.sha256(data));
    List<byte[]> chain = new ArrayList<>(v0Chain("signing", pk));
    chain.add(0, signature);

    VERIFIER.verifySignature(SignAlgorithm.SECP256K1, data, signature, pk, chain, APP);
    rejects(
        () -> VERIFIER.verifySignature(SignAlgorithm.SECP256K1, "hellO".getBytes(StandardCharsets.UTF_8), signature, pk, chain, APP),
        ChainLink.DATA_SIGNATURE,
        Reason.INVALID);
    byte[] other = signature.clone();
    other[0] ^= 1;
    rejects(() -> VERIFIER.verifySignature(SignAlgorithm.SECP256K1, data, other, pk, chain, APP), ChainLink.DATA_SIGNATURE, Reason.INVALID);
    rejects(() -> VERIFIER.verifySignature(SignAlgorithm.SECP256K1, data, signature, pk, chain.subList(0, 2), APP), ChainLink.KMS_SIGNATURE, Reason.MISSING);
    // The key link of Sign is always purpose "signing".
    List<byte[]> wrongPurpose = new ArrayList<>(v0Chain("other", pk));
    wrongPurpose.add(0, signature);
    rejects(() -> VERIFIER.verifySignature(SignAlgorithm.SECP256K1, data, signature, pk, wrongPurpose, APP), ChainLink.KMS_SIGNATURE, Reason.NOT_TRUSTED);
  }

  @Test
  void aTrustedKeyIsRequired() {
    assertThatThrownBy(() -> SignatureChainVerifier.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("trustedKmsKey");
  }
}
