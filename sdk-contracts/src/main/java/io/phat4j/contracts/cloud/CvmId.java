package io.phat4j.contracts.cloud;

import io.phat4j.core.AppId;
import io.phat4j.core.InvalidInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Identifies a CVM in a request path, in any of the forms Phala Cloud accepts: hashed id ({@code
 * cvm_…}, from API version 2026-05-22), VM UUID, app id, instance id, name or (before 2026-01-21)
 * numeric id.
 *
 * <p>{@link #of(String)} normalises as the API expects: a UUID (with or without dashes) loses its
 * dashes, 40 hex characters (optionally {@code 0x}-prefixed) become {@code app_<hex>}, anything
 * else (a hashed {@code cvm_…} id, a name, {@code app_…}/{@code instance_…}, a numeric id) is used
 * verbatim. A {@code 0} id is refused: API version 2026-01-21 sends {@code id: 0} as a placeholder,
 * and it addresses no CVM. The value is
 * always sent as one encoded path segment, so it can never change the path.
 *
 * <pre>{@code
 * CvmId.of("cvm_ykL5lbAn");                               // by hashed id
 * CvmId.of("my-app");                                     // by name
 * CvmId.of("8f1d2c1e-3c4b-4d5a-9e6f-0a1b2c3d4e5f");       // by VM UUID
 * CvmId.ofAppId(AppId.fromHex("0x0123…"));                // app_0123…
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CvmId {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
  private static final Pattern HEX40 = Pattern.compile("(0x|0X)?[0-9a-fA-F]{40}");
  private static final Pattern HASHED = Pattern.compile("cvm_[A-Za-z0-9]{1,64}");
  private static final Pattern ZERO = Pattern.compile("0+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{4,62}");

  private final String segment;

  private CvmId(String segment) {
    this.segment = segment;
  }

  /**
   * Normalises an identifier in any accepted form.
   *
   * @param id a numeric id, UUID, 40-hex app id, {@code app_…}/{@code instance_…} id or name
   * @return the identifier
   * @throws InvalidInputException if the id is blank, {@code 0}, or contains {@code /},
   *     whitespace or control characters
   */
  public static CvmId of(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new InvalidInputException("CVM id is blank");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '/' || c == '\\' || c <= ' ' || c == 0x7f) {
        throw new InvalidInputException(
            "CVM id has a character not allowed in an id at index " + i);
      }
    }
    if (id.equals(".") || id.equals("..")) {
      throw new InvalidInputException("CVM id is a dot segment");
    }
    if (ZERO.matcher(id).matches()) {
      throw new InvalidInputException(
          "CVM id 0 is the API's placeholder and addresses no CVM; use the vm_uuid, app id or hashed id");
    }
    if (UUID.matcher(id).matches()) {
      return new CvmId(id.replace("-", "").toLowerCase(Locale.ROOT));
    }
    if (HEX40.matcher(id).matches()) {
      return new CvmId("app_" + strip0x(id).toLowerCase(Locale.ROOT));
    }
    return new CvmId(id);
  }

  /**
   * Identifies a CVM by its hashed id, as API versions from 2026-05-22 return it.
   *
   * @param hashedId e.g. {@code cvm_ykL5lbAn}
   * @return the identifier
   * @throws InvalidInputException if the id is not {@code cvm_} followed by letters and digits
   */
  public static CvmId ofHashed(String hashedId) {
    Objects.requireNonNull(hashedId, "hashedId");
    if (!isHashed(hashedId)) {
      throw new InvalidInputException("hashed CVM id must be cvm_ followed by letters and digits");
    }
    return new CvmId(hashedId);
  }

  /**
   * Tells whether a value is a hashed CVM id ({@code cvm_…}).
   *
   * @param value the value, possibly {@code null}
   * @return {@code true} for a hashed id
   */
  public static boolean isHashed(@Nullable String value) {
    return value != null && HASHED.matcher(value).matches();
  }

  /**
   * Picks the identifier that addresses a CVM from what an answer carried: the hashed id if
   * present, else the VM UUID, else {@code app_<appId>}. Placeholder ids ({@code 0}) and numeric
   * ids are never chosen.
   *
   * @param id the answer's {@code id}, possibly {@code null} or {@code "0"}
   * @param vmUuid the answer's {@code vm_uuid}, possibly {@code null}
   * @param appId the app id, possibly {@code null}
   * @return the identifier
   * @throws InvalidInputException if none of them addresses a CVM
   */
  public static CvmId from(@Nullable String id, @Nullable String vmUuid, @Nullable AppId appId) {
    if (isHashed(id)) {
      return new CvmId(id);
    }
    if (vmUuid != null && UUID.matcher(vmUuid).matches()) {
      return of(vmUuid);
    }
    if (appId != null) {
      return ofAppId(appId);
    }
    throw new InvalidInputException("the answer carries no id that addresses the CVM");
  }

  /**
   * Tells whether this is a hashed id ({@code cvm_…}).
   *
   * @return {@code true} for a hashed id
   */
  public boolean hashed() {
    return isHashed(segment);
  }

  /**
   * Identifies a CVM by its app id ({@code app_<hex>}).
   *
   * @param appId the app id
   * @return the identifier
   */
  public static CvmId ofAppId(AppId appId) {
    return new CvmId("app_" + appId.hex());
  }

  /**
   * Identifies a CVM by its instance id ({@code instance_<hex>}).
   *
   * @param instanceId 40 hex characters, optionally {@code 0x}-prefixed
   * @return the identifier
   * @throws InvalidInputException if the instance id is not 40 hex characters
   */
  public static CvmId ofInstanceId(String instanceId) {
    Objects.requireNonNull(instanceId, "instanceId");
    if (!HEX40.matcher(instanceId).matches()) {
      throw new InvalidInputException("instance id must be 40 hex characters");
    }
    return new CvmId("instance_" + strip0x(instanceId).toLowerCase(Locale.ROOT));
  }

  /**
   * Identifies a CVM by name, checking the naming rules.
   *
   * @param name 5–63 characters, starting with a letter, only {@code [a-zA-Z0-9-]}, no {@code --}
   * @return the identifier
   * @throws InvalidInputException if the name breaks the rules
   */
  public static CvmId ofName(String name) {
    checkName(name);
    return new CvmId(name);
  }

  /**
   * Checks the CVM naming rules: 5–63 characters, a letter first, only letters, digits and
   * {@code -}, never {@code --}.
   *
   * @param name the proposed name
   * @return the name
   * @throws InvalidInputException naming the rule that failed
   */
  public static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.length() < 5 || name.length() > 63) {
      throw new InvalidInputException(
          "CVM name must be 5 to 63 characters but has " + name.length());
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "CVM name must start with a letter and contain only letters, digits and '-': " + name);
    }
    if (name.contains("--")) {
      throw new InvalidInputException("CVM name must not contain '--': " + name);
    }
    return name;
  }

  private static String strip0x(String hex) {
    return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
  }

  /**
   * Returns the normalised path segment (not yet URL-encoded).
   *
   * @return e.g. {@code app_0123…} or {@code my-app}
   */
  public String value() {
    return segment;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CvmId other && segment.equals(other.segment);
  }

  @Override
  public int hashCode() {
    return segment.hashCode();
  }

  @Override
  public String toString() {
    return segment;
  }
}
