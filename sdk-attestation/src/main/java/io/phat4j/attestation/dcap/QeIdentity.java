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

/**
 * Intel enclave identity of the quoting enclave ({@code id} "QE" for SGX, "TD_QE" for TDX).
 *
 * @param id {@code "QE"}, {@code "TD_QE"} or {@code "QVE"}
 * @param version the format version (2; TD_QE may be 3)
 * @param issueDate when Intel issued it
 * @param nextUpdate when it expires
 * @param tcbEvaluationDataNumber the TCB recovery counter
 * @param miscselect expected MISCSELECT, lowercase hex (4 bytes)
 * @param miscselectMask MISCSELECT mask, lowercase hex (4 bytes)
 * @param attributes expected ATTRIBUTES, lowercase hex (16 bytes)
 * @param attributesMask ATTRIBUTES mask, lowercase hex (16 bytes)
 * @param mrsigner expected MRSIGNER of the QE, lowercase hex (32 bytes)
 * @param isvProdId expected ISVPRODID
 * @param tcbLevels the QE's TCB levels in document order
 */
public record QeIdentity(
    String id,
    int version,
    Instant issueDate,
    Instant nextUpdate,
    int tcbEvaluationDataNumber,
    String miscselect,
    String miscselectMask,
    String attributes,
    String attributesMask,
    String mrsigner,
    int isvProdId,
    List<IsvSvnLevel> tcbLevels) {

  private static final String P = "qe_identity";

  /** Copies the list. */
  public QeIdentity {
    tcbLevels = List.copyOf(tcbLevels);
  }

  /**
   * Parses the JSON text of an {@code enclaveIdentity} object.
   *
   * @param json the JSON text
   * @return the identity
   * @throws DecodeException if it is malformed
   */
  public static QeIdentity parse(String json) {
    JsonNode n = PhalaJson.readTree(P, json);
    if (!n.isObject()) {
      throw new DecodeException(P, "must be a JSON object");
    }
    return new QeIdentity(
        text(n, P, "id"),
        integer(n, P, "version", Integer.MAX_VALUE),
        instant(n, P, "issueDate"),
        instant(n, P, "nextUpdate"),
        integer(n, P, "tcbEvaluationDataNumber", Integer.MAX_VALUE),
        hex(n, P, "miscselect", 4),
        hex(n, P, "miscselectMask", 4),
        hex(n, P, "attributes", 16),
        hex(n, P, "attributesMask", 16),
        hex(n, P, "mrsigner", 32),
        integer(n, P, "isvprodid", 65535),
        isvSvnLevels(n, P));
  }

  static List<IsvSvnLevel> isvSvnLevels(JsonNode n, String path) {
    List<IsvSvnLevel> out = new ArrayList<>();
    int i = 0;
    for (JsonNode l : array(n, path, "tcbLevels")) {
      String lp = path + ".tcbLevels[" + i++ + "]";
      JsonNode tcb = l.get("tcb");
      if (tcb == null || !tcb.isObject()) {
        throw new DecodeException(lp + ".tcb", "is missing");
      }
      out.add(new IsvSvnLevel(
          integer(tcb, lp + ".tcb", "isvsvn", 65535),
          text(l, lp, "tcbDate"),
          TcbStatus.fromWireName(text(l, lp, "tcbStatus")),
          strings(l, lp, "advisoryIDs")));
    }
    return out;
  }
}
