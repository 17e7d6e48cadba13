package io.phat4j.core.crypto;

import io.phat4j.core.CryptoException;
import io.phat4j.core.InvalidInputException;
import io.phat4j.core.crypto.internal.EnvJson;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.jspecify.annotations.Nullable;

/**
 * Encrypts env vars to a dstack app's env-encrypt public key, in the format the dstack SDKs and the
 * CVM use.
 *
 * <p>Each call makes a fresh ephemeral X25519 key and a random 12-byte IV. The AES-256-GCM key is
 * the raw X25519 shared secret (no KDF, as in dstack), there is no associated data, and the output
 * is {@code ephemeral_pk ‖ iv ‖ ciphertext ‖ tag}. The plaintext is
 * {@code {"env":[{"key":K,"value":V},…]}} in list order, written byte for byte as JavaScript's
 * {@code JSON.stringify} would.
 *
 * <pre>{@code
 * EnvEncryptor enc = EnvEncryptor.create(X25519PublicKey.fromHex(pubkeyHex));
 * String encryptedEnv = enc.encrypt(List.of(EnvVar.of("API_KEY", apiKey))).hex();
 * }</pre>
 *
 * <h2>WARNING</h2>
 *
 * <p>This gives confidentiality only. Anyone who knows the app's public key can encrypt a
 * replacement env, so the app must not treat a decryptable env as coming from its owner. Check the
 * public key's KMS signature with {@link EnvKeySignatureVerifier} before encrypting to it.
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvEncryptor {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TAG_BITS = EncryptedEnv.TAG_LENGTH * 8;

  private final X25519PublicKey recipient;
  private final @Nullable Set<String> allowedEnvs;

  private EnvEncryptor(X25519PublicKey recipient, @Nullable Set<String> allowedEnvs) {
    this.recipient = recipient;
    this.allowedEnvs = allowedEnvs;
  }

  /**
   * Creates an encryptor for an app's env-encrypt public key, accepting any env names.
   *
   * @param recipient the app's X25519 public key
   * @return the encryptor
   */
  public static EnvEncryptor create(X25519PublicKey recipient) {
    return new EnvEncryptor(Objects.requireNonNull(recipient, "recipient"), null);
  }

  /**
   * Creates an encryptor that only accepts env names in the app's {@code allowed_envs} list. The
   * CVM drops names outside that list, so rejecting them here catches typos early.
   *
   * @param recipient the app's X25519 public key
   * @param allowedEnvs the names from {@code app_compose.allowed_envs}
   * @return the encryptor
   */
  public static EnvEncryptor create(X25519PublicKey recipient, Set<String> allowedEnvs) {
    return new EnvEncryptor(
        Objects.requireNonNull(recipient, "recipient"),
        Set.copyOf(allowedEnvs));
  }

  /**
   * Returns the recipient key.
   *
   * @return the app's public key
   */
  public X25519PublicKey recipient() {
    return recipient;
  }

  /**
   * Encrypts env vars with a fresh ephemeral key and IV.
   *
   * @param vars the env vars, in the order they should appear in the plaintext
   * @return the encrypted blob
   * @throws InvalidEnvKeyException if a key is not a valid name ({@code [A-Za-z_][A-Za-z0-9_]*})
   * @throws InvalidInputException if a key is repeated or not in {@code allowed_envs}
   * @throws CryptoException if the recipient key has small order (all-zero shared secret)
   */
  public EncryptedEnv encrypt(List<EnvVar> vars) {
    byte[] esk = new byte[X25519PrivateKey.LENGTH];
    byte[] iv = new byte[EncryptedEnv.IV_LENGTH];
    RANDOM.nextBytes(esk);
    RANDOM.nextBytes(iv);
    try {
      return encryptRaw(vars, esk, iv);
    } finally {
      Arrays.fill(esk, (byte) 0);
    }
  }

  /**
   * Encrypts with a caller-chosen ephemeral key and IV, for tests and reproducible vectors only.
   *
   * <p>Reusing an ephemeral key and IV pair for two different plaintexts breaks AES-GCM; production
   * code must call {@link #encrypt(List)}.
   *
   * @param vars the env vars
   * @param ephemeralKey the sender's ephemeral private key
   * @param iv the 12-byte IV
   * @return the encrypted blob
   * @throws InvalidInputException if the env vars are invalid
   * @throws IllegalArgumentException if the IV is not 12 bytes
   * @throws CryptoException if the recipient key has small order
   */
  public EncryptedEnv encrypt(List<EnvVar> vars, X25519PrivateKey ephemeralKey, byte[] iv) {
    if (iv.length != EncryptedEnv.IV_LENGTH) {
      throw new IllegalArgumentException(
          "iv must be " + EncryptedEnv.IV_LENGTH + " bytes, got " + iv.length);
    }
    byte[] esk = ephemeralKey.secret().revealBytes();
    try {
      return encryptRaw(vars, esk, iv.clone());
    } finally {
      Arrays.fill(esk, (byte) 0);
    }
  }

  private EncryptedEnv encryptRaw(List<EnvVar> vars, byte[] esk, byte[] iv) {
    validate(vars);
    byte[] plaintext = EnvJson.write(vars);
    byte[] shared = new byte[X25519.POINT_SIZE];
    try {
      if (!X25519.calculateAgreement(esk, 0, recipient.rawBytes(), 0, shared, 0)) {
        throw new CryptoException(
            "X25519 shared secret is all zeros: the recipient public key is a low-order point");
      }
      int header = EncryptedEnv.EPHEMERAL_KEY_LENGTH + EncryptedEnv.IV_LENGTH;
      byte[] out = new byte[header + plaintext.length + EncryptedEnv.TAG_LENGTH];
      X25519.scalarMultBase(esk, 0, out, 0);
      System.arraycopy(iv, 0, out, EncryptedEnv.EPHEMERAL_KEY_LENGTH, iv.length);
      seal(shared, iv, plaintext, out, header);
      return EncryptedEnv.wrap(out);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("AES-256-GCM encryption failed", e);
    } finally {
      Arrays.fill(shared, (byte) 0);
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Encrypts with AES-256-GCM under the shared secret into {@code out} at {@code offset}
   * (ciphertext then tag): the step Wycheproof's AES-GCM vectors exercise.
   */
  static void seal(byte[] aesKey, byte[] iv, byte[] plaintext, byte[] out, int offset)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
    cipher.doFinal(plaintext, 0, plaintext.length, out, offset);
  }

  private void validate(List<EnvVar> vars) {
    Objects.requireNonNull(vars, "vars");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < vars.size(); i++) {
      EnvVar v = vars.get(i);
      if (v == null) {
        throw new InvalidInputException("env[" + i + "] is null");
      }
      if (!EnvVar.isValidKey(v.key())) {
        throw new InvalidEnvKeyException("env[" + i + "]", v.key());
      }
      if (!seen.add(v.key())) {
        throw new InvalidInputException("env key '" + v.key() + "' appears more than once");
      }
      if (allowedEnvs != null && !allowedEnvs.contains(v.key())) {
        throw new InvalidInputException(
            "env key '" + v.key() + "' is not in allowed_envs " + allowedEnvs);
      }
    }
  }

  @Override
  public String toString() {
    return "EnvEncryptor[recipient=" + recipient.hex() + "]";
  }
}
