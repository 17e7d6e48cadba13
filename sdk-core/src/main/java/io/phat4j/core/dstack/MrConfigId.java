package io.phat4j.core.dstack;

import io.phat4j.core.AppId;
import io.phat4j.core.Bytes32;
import io.phat4j.core.Hex;
import io.phat4j.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Hash;

/**
 * Computes and checks a TDX quote's {@code mr_config_id}: the 48 bytes dstack's VMM puts in the
 * quote to bind the CVM to its app configuration. The first byte names the layout:
 *
 * <ul>
 *   <li><b>1</b>: {@code 0x01 ‖ compose_hash ‖ 15 zero bytes};
 *   <li><b>2</b> (legacy VMMs): {@code 0x02 ‖ keccak256(compose_hash ‖ app_id ‖ key_provider_byte
 *       ‖ key_provider_id) ‖ 15 zero bytes};
 *   <li><b>3</b> (current VMMs): {@code 0x03 ‖ sha256("dstack-mr-config-v3:" ‖ 0x00 ‖
 *       JCS(document)) ‖ 15 zero bytes}, the document being the fields of {@link Inputs} that are
 *       set, as canonical JSON with lowercase unprefixed hex.
 * </ul>
 *
 * <p>The rules follow {@code dstack-types/src/mr_config.rs} and the official Phala Cloud SDK
 * ({@code getMrConfigIdV1}, {@code getMrConfigId}, {@code getMrConfigIdV3}, {@code
 * verifyMrConfigId}); the test vectors are theirs. {@link #check(byte[], Inputs)} picks the layout
 * from the quote's first byte, so one call checks quotes from old and new VMMs alike.
 *
 * <p>Stateless and thread-safe.
 */
public final class MrConfigId {
  /** The length of {@code mr_config_id}. */
  public static final int LENGTH = 48;

  /** dstack binds at most this many init scripts. */
  public static final int MAX_INIT_SCRIPTS = 5;

  private static final byte[] V3_DOMAIN = "dstack-mr-config-v3:".getBytes(StandardCharsets.US_ASCII);

  private MrConfigId() {}

  /** The key provider a CVM uses, with the byte layout 2 hashes and the name layout 3 writes. */
  public enum KeyProviderKind {
    /** No key provider. */
    NONE(0, "none"),
    /** A local (SGX) key provider. */
    LOCAL(1, "local"),
    /** A dstack KMS. */
    KMS(2, "kms"),
    /** A TPM. */
    TPM(3, "tpm");

    private final int code;
    private final String wireName;

    KeyProviderKind(int code, String wireName) {
      this.code = code;
      this.wireName = wireName;
    }

    /**
     * Returns the byte layout 2 hashes.
     *
     * @return 0 to 3
     */
    public int code() {
      return code;
    }

    /**
     * Returns the name layout 3 writes.
     *
     * @return {@code none}, {@code local}, {@code kms} or {@code tpm}
     */
    public String wireName() {
      return wireName;
    }

    /**
     * Parses a key provider name as app-compose and the runtime events spell it.
     *
     * @param name {@code none}, {@code local}, {@code local-sgx}, {@code kms} or {@code tpm}
     * @return the kind
     * @throws InvalidInputException for any other name
     */
    public static KeyProviderKind parse(String name) {
      String n = Objects.requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT);
      return switch (n) {
        case "none", "" -> NONE;
        case "local", "local-sgx" -> LOCAL;
        case "kms" -> KMS;
        case "tpm" -> TPM;
        default -> throw new InvalidInputException("unknown key provider " + name);
      };
    }
  }

  /**
   * What a {@code mr_config_id} is derived from. Layout 1 uses only the compose hash, layout 2 adds
   * the app id and key provider, layout 3 uses every field that is set.
   *
   * @param composeHash the compose hash
   * @param appId the app id; {@code null} when dstack pins none
   * @param keyProvider the key provider kind
   * @param keyProviderId the key provider's id (a KMS CA public key, an MR enclave, …); empty for
   *     none
   * @param gpuPolicyHash layout 3: the GPU policy hash, when GPUs are attached
   * @param instanceId layout 3: the 20-byte instance id, absent when the compose sets {@code
   *     no_instance_id}
   * @param initScriptHashes layout 3: the init script hashes in execution order, {@code null} when
   *     the manifest has none (an empty list is different from {@code null})
   */
  public record Inputs(
      Bytes32 composeHash,
      @Nullable AppId appId,
      KeyProviderKind keyProvider,
      byte[] keyProviderId,
      @Nullable Bytes32 gpuPolicyHash,
      byte @Nullable [] instanceId,
      @Nullable List<Bytes32> initScriptHashes) {

    /**
     * Checks and copies the fields.
     *
     * @throws InvalidInputException if the instance id is not 20 bytes or there are more than
     *     {@value #MAX_INIT_SCRIPTS} init scripts
     */
    public Inputs {
      Objects.requireNonNull(composeHash, "composeHash");
      Objects.requireNonNull(keyProvider, "keyProvider");
      keyProviderId = keyProviderId == null ? new byte[0] : keyProviderId.clone();
      if (instanceId != null) {
        if (instanceId.length != 20) {
          throw new InvalidInputException("instance_id must be 20 bytes, got " + instanceId.length);
        }
        instanceId = instanceId.clone();
      }
      if (initScriptHashes != null) {
        if (initScriptHashes.size() > MAX_INIT_SCRIPTS) {
          throw new InvalidInputException(
              "init_script_hashes supports at most " + MAX_INIT_SCRIPTS + " hashes");
        }
        initScriptHashes = List.copyOf(initScriptHashes);
      }
    }

    /**
     * The inputs of layouts 1 and 2: compose hash, app id and key provider.
     *
     * @param composeHash the compose hash
     * @param appId the app id
     * @param keyProvider the key provider kind
     * @param keyProviderId the key provider's id, empty for none
     * @return the inputs
     */
    public static Inputs of(
        Bytes32 composeHash, @Nullable AppId appId, KeyProviderKind keyProvider, byte[] keyProviderId) {
      return new Inputs(composeHash, appId, keyProvider, keyProviderId, null, null, null);
    }

    /**
     * The inputs of layouts 1 and 2 from a measured {@code key-provider} runtime event.
     *
     * @param composeHash the compose hash
     * @param appId the app id
     * @param keyProvider the event's provider (name and hex id)
     * @return the inputs
     * @throws InvalidInputException if the name is not a known key provider
     * @throws io.phat4j.core.DecodeException if the id is not hex
     */
    public static Inputs of(Bytes32 composeHash, @Nullable AppId appId, KeyProvider keyProvider) {
      String id = keyProvider.id().startsWith("0x") ? keyProvider.id().substring(2) : keyProvider.id();
      return of(composeHash, appId, KeyProviderKind.parse(keyProvider.name()), Hex.decode("key_provider.id", id));
    }

    /**
     * Returns a copy with an instance id (layout 3).
     *
     * @param id the 20-byte instance id
     * @return the new inputs
     */
    public Inputs withInstanceId(byte[] id) {
      return new Inputs(composeHash, appId, keyProvider, keyProviderId, gpuPolicyHash, id, initScriptHashes);
    }

    /**
     * Returns a copy with a GPU policy hash (layout 3).
     *
     * @param hash the hash
     * @return the new inputs
     */
    public Inputs withGpuPolicyHash(Bytes32 hash) {
      return new Inputs(composeHash, appId, keyProvider, keyProviderId, hash, instanceId, initScriptHashes);
    }

    /**
     * Returns a copy with init script hashes (layout 3).
     *
     * @param hashes the hashes in execution order; an empty list is kept as empty
     * @return the new inputs
     */
    public Inputs withInitScriptHashes(List<Bytes32> hashes) {
      return new Inputs(composeHash, appId, keyProvider, keyProviderId, gpuPolicyHash, instanceId, hashes);
    }

    @Override
    public byte[] keyProviderId() {
      return keyProviderId.clone();
    }

    @Override
    public byte @Nullable [] instanceId() {
      return instanceId == null ? null : instanceId.clone();
    }
  }

  /**
   * Computes layout 1 from the compose hash alone.
   *
   * @param composeHash the compose hash
   * @return the 48 bytes
   */
  public static byte[] v1(Bytes32 composeHash) {
    return pad(1, composeHash.toByteArray());
  }

  /**
   * Computes layout 2 (legacy VMMs).
   *
   * @param inputs compose hash, app id and key provider; the app id must be set
   * @return the 48 bytes
   * @throws InvalidInputException if the app id is missing
   */
  public static byte[] v2(Inputs inputs) {
    if (inputs.appId() == null) {
      throw new InvalidInputException("mr_config_id layout 2 needs the app id");
    }
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.writeBytes(inputs.composeHash().toByteArray());
    payload.writeBytes(inputs.appId().toByteArray());
    payload.write(inputs.keyProvider().code());
    payload.writeBytes(inputs.keyProviderId);
    return pad(2, Hash.sha3(payload.toByteArray()));
  }

  /**
   * Returns the canonical (RFC 8785) JSON of the layout 3 document for these inputs: members sorted
   * by name, no whitespace, hex in lowercase without {@code 0x}, unset fields left out.
   *
   * @param inputs the inputs
   * @return the JSON text
   */
  public static String v3Document(Inputs inputs) {
    // Every value is [0-9a-f]*, a key provider name or the number 3: nothing needs escaping.
    TreeMap<String, String> members = new TreeMap<>();
    members.put("version", "3");
    members.put("compose_hash", quote(inputs.composeHash().hex()));
    members.put("key_provider", quote(inputs.keyProvider().wireName()));
    if (inputs.appId() != null) {
      members.put("app_id", quote(inputs.appId().hex()));
    }
    if (inputs.gpuPolicyHash() != null) {
      members.put("gpu_policy_hash", quote(inputs.gpuPolicyHash().hex()));
    }
    if (inputs.keyProviderId.length > 0) {
      members.put("key_provider_id", quote(Hex.encode(inputs.keyProviderId)));
    }
    if (inputs.instanceId != null) {
      members.put("instance_id", quote(Hex.encode(inputs.instanceId)));
    }
    if (inputs.initScriptHashes() != null) {
      List<String> items = new ArrayList<>();
      inputs.initScriptHashes().forEach(h -> items.add(quote(h.hex())));
      members.put("init_script_hashes", "[" + String.join(",", items) + "]");
    }
    StringBuilder sb = new StringBuilder("{");
    members.forEach(
        (k, v) -> {
          if (sb.length() > 1) {
            sb.append(',');
          }
          sb.append(quote(k)).append(':').append(v);
        });
    return sb.append('}').toString();
  }

  /**
   * Computes layout 3 (current VMMs).
   *
   * @param inputs the inputs
   * @return the 48 bytes
   */
  public static byte[] v3(Inputs inputs) {
    return pad(3, v3Digest(inputs));
  }

  /**
   * Computes the AMD SEV-SNP {@code host_data} for the layout 3 document: the same digest, without
   * the version byte and padding.
   *
   * @param inputs the inputs
   * @return the 32 bytes
   */
  public static Bytes32 snpHostDataV3(Inputs inputs) {
    return Bytes32.of(v3Digest(inputs));
  }

  /**
   * Computes what a quote's {@code mr_config_id} should be, in the layout its first byte names.
   *
   * @param quoteMrConfigId the quote's 48 bytes
   * @param inputs what it should be derived from
   * @return the expected 48 bytes
   * @throws MrConfigIdMismatchException if the length or the layout byte is not one dstack makes,
   *     or layout 2 is named but no app id is given
   */
  public static byte[] expected(byte[] quoteMrConfigId, Inputs inputs) {
    Objects.requireNonNull(quoteMrConfigId, "quoteMrConfigId");
    if (quoteMrConfigId.length != LENGTH) {
      throw new MrConfigIdMismatchException(
          -1, "must be " + LENGTH + " bytes, got " + quoteMrConfigId.length);
    }
    int layout = quoteMrConfigId[0] & 0xff;
    return switch (layout) {
      case 1 -> v1(inputs.composeHash());
      case 2 -> {
        if (inputs.appId() == null) {
          throw new MrConfigIdMismatchException(2, "layout 2 binds an app id, but none was given");
        }
        yield v2(inputs);
      }
      case 3 -> v3(inputs);
      default -> throw new MrConfigIdMismatchException(layout, "unknown layout byte");
    };
  }

  /**
   * Tells whether a quote's {@code mr_config_id} matches the inputs (compared in constant time).
   *
   * @param quoteMrConfigId the quote's 48 bytes
   * @param inputs what it should be derived from
   * @return {@code true} if it matches
   */
  public static boolean matches(byte[] quoteMrConfigId, Inputs inputs) {
    try {
      check(quoteMrConfigId, inputs);
      return true;
    } catch (MrConfigIdMismatchException e) {
      return false;
    }
  }

  /**
   * Checks a quote's {@code mr_config_id} against the inputs, failing closed.
   *
   * @param quoteMrConfigId the quote's 48 bytes
   * @param inputs what it should be derived from
   * @throws MrConfigIdMismatchException naming the layout and what differs
   */
  public static void check(byte[] quoteMrConfigId, Inputs inputs) {
    byte[] expected = expected(quoteMrConfigId, inputs);
    if (!MessageDigest.isEqual(expected, quoteMrConfigId)) {
      throw new MrConfigIdMismatchException(
          quoteMrConfigId[0] & 0xff,
          "quote has " + Hex.encode(quoteMrConfigId) + " but the app's configuration gives "
              + Hex.encode(expected));
    }
  }

  private static byte[] v3Digest(Inputs inputs) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(V3_DOMAIN);
      sha.update((byte) 0);
      sha.update(v3Document(inputs).getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private static byte[] pad(int layout, byte[] digest) {
    byte[] out = new byte[LENGTH];
    out[0] = (byte) layout;
    System.arraycopy(digest, 0, out, 1, 32);
    return out;
  }

  private static String quote(String s) {
    return '"' + s + '"';
  }
}
