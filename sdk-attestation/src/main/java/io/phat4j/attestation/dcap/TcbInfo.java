package io.phat4j.attestation.dcap;

import static io.phat4j.attestation.dcap.internal.JsonFields.array;
import static io.phat4j.attestation.dcap.internal.JsonFields.hex;
import static io.phat4j.attestation.dcap.internal.JsonFields.instant;
import static io.phat4j.attestation.dcap.internal.JsonFields.integer;
import static io.phat4j.attestation.dcap.internal.JsonFields.strings;
import static io.phat4j.attestation.dcap.internal.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.DecodeException;
import io.phat4j.core.json.PhalaJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Intel TCB info, version 3 (PCS API v4), for SGX or TDX platforms of one FMSPC.
 *
 * <p>Version 2 (the legacy {@code sgxtcbcompNNsvn} layout without an {@code id}) is rejected, as
 * dcap-qvl does.
 *
 * @param id {@code "SGX"} or {@code "TDX"}
 * @param version the format version (3)
 * @param issueDate when Intel issued this TCB info
 * @param nextUpdate when it expires
 * @param fmspc the platform family, lowercase hex (6 bytes)
 * @param pceId the PCE ID, lowercase hex (2 bytes)
 * @param tcbType the TCB type (0)
 * @param tcbEvaluationDataNumber the TCB recovery counter
 * @param tdxModule the expected TDX module (TDX only)
 * @param tdxModuleIdentities the TDX module identities with TCB levels (TDX only; may be empty)
 * @param tcbLevels the platform TCB levels in document order
 */
public record TcbInfo(
    String id,
    int version,
    Instant issueDate,
    Instant nextUpdate,
    String fmspc,
    String pceId,
    int tcbType,
    int tcbEvaluationDataNumber,
    @Nullable TdxModuleIdentity tdxModule,
    List<TdxModuleIdentity> tdxModuleIdentities,
    List<TcbLevel> tcbLevels) {

  private static final String P = "tcb_info";

  /** Copies the lists. */
  public TcbInfo {
    tdxModuleIdentities = List.copyOf(tdxModuleIdentities);
    tcbLevels = List.copyOf(tcbLevels);
  }

  /**
   * Parses the JSON text of a {@code tcbInfo} object.
   *
   * @param json the JSON text
   * @return the TCB info
   * @throws DecodeException if it is not valid TCB info version 3
   */
  public static TcbInfo parse(String json) {
    JsonNode n = PhalaJson.readTree(P, json);
    if (!n.isObject()) {
      throw new DecodeException(P, "must be a JSON object");
    }
    if (!n.has("id")) {
      throw new DecodeException(P + ".id", "is missing (TCB info version 2 is not supported)");
    }
    int version = integer(n, P, "version", Integer.MAX_VALUE);
    if (version != 3) {
      throw new DecodeException(P + ".version", "unsupported TCB info version " + version + " (only 3)");
    }
    String id = text(n, P, "id");
    TdxModuleIdentity module = null;
    JsonNode m = n.get("tdxModule");
    if (m != null && !m.isNull()) {
      module = moduleIdentity(m, P + ".tdxModule", false);
    }
    List<TdxModuleIdentity> identities = new ArrayList<>();
    JsonNode ids = n.get("tdxModuleIdentities");
    if (ids != null && !ids.isNull()) {
      int i = 0;
      for (JsonNode e : array(n, P, "tdxModuleIdentities")) {
        identities.add(moduleIdentity(e, P + ".tdxModuleIdentities[" + i++ + "]", true));
      }
    }
    List<TcbLevel> levels = new ArrayList<>();
    int i = 0;
    for (JsonNode l : array(n, P, "tcbLevels")) {
      levels.add(level(l, P + ".tcbLevels[" + i++ + "]"));
    }
    return new TcbInfo(
        id,
        version,
        instant(n, P, "issueDate"),
        instant(n, P, "nextUpdate"),
        hex(n, P, "fmspc", 6),
        hex(n, P, "pceId", 2),
        integer(n, P, "tcbType", Integer.MAX_VALUE),
        integer(n, P, "tcbEvaluationDataNumber", Integer.MAX_VALUE),
        module,
        identities,
        levels);
  }

  private static TdxModuleIdentity moduleIdentity(JsonNode n, String path, boolean withLevels) {
    List<IsvSvnLevel> levels = withLevels ? QeIdentity.isvSvnLevels(n, path) : List.of();
    return new TdxModuleIdentity(
        withLevels ? text(n, path, "id") : "",
        hex(n, path, "mrsigner", 48),
        hex(n, path, "attributes", 8),
        hex(n, path, "attributesMask", 8),
        levels);
  }

  private static TcbLevel level(JsonNode n, String path) {
    JsonNode tcb = n.get("tcb");
    if (tcb == null || !tcb.isObject()) {
      throw new DecodeException(path + ".tcb", "is missing");
    }
    List<Integer> sgx = components(tcb, path + ".tcb", "sgxtcbcomponents", true);
    List<Integer> tdx = components(tcb, path + ".tcb", "tdxtcbcomponents", false);
    return new TcbLevel(
        sgx,
        integer(tcb, path + ".tcb", "pcesvn", 65535),
        tdx,
        text(n, path, "tcbDate"),
        TcbStatus.fromWireName(text(n, path, "tcbStatus")),
        strings(n, path, "advisoryIDs"));
  }

  private static List<Integer> components(JsonNode tcb, String path, String field, boolean required) {
    JsonNode a = tcb.get(field);
    if (a == null || a.isNull()) {
      if (required) {
        throw new DecodeException(path + "." + field, "is missing");
      }
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : array(tcb, path, field)) {
      out.add(integer(c, path + "." + field + "[" + i++ + "]", "svn", 255));
    }
    return out;
  }
}
