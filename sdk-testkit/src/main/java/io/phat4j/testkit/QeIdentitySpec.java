package io.phat4j.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.testkit.internal.JsonText;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A QE identity document (enclave identity, version 2 or 3) as Intel's PCS serves it inside
 * {@code {"enclaveIdentity": …}}: the expected MRSIGNER, ISVPRODID, MISCSELECT and ATTRIBUTES
 * (with masks) of the quoting enclave, and TCB levels by ISVSVN.
 *
 * <p>{@link #toJson()} gives the exact compact text that {@link DcapTestPki#sign(QeIdentitySpec)}
 * signs. Immutable and thread-safe.
 */
public final class QeIdentitySpec {
  /** MRSIGNER of Intel's TDX quoting enclave (TD_QE). */
  public static final String TD_QE_MRSIGNER = "DC9E2A7C6F948F17474E34A7FC43ED030F7C1563F1BABDDF6340C82E0E54A8C5";

  /** MRSIGNER of Intel's SGX ECDSA quoting enclave (QE). */
  public static final String SGX_QE_MRSIGNER = "8C4F5775D796503E96137F77C68A829A0056AC8DED70140B081B094490C57BFF";

  private final String id;
  private final int version;
  private final Instant issueDate;
  private final Instant nextUpdate;
  private final int tcbEvaluationDataNumber;
  private final String miscselectHex;
  private final String miscselectMaskHex;
  private final String attributesHex;
  private final String attributesMaskHex;
  private final String mrSignerHex;
  private final int isvProdId;
  private final List<EnclaveTcbLevelSpec> tcbLevels;

  private QeIdentitySpec(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.issueDate = b.issueDate;
    this.nextUpdate = b.nextUpdate;
    this.tcbEvaluationDataNumber = b.tcbEvaluationDataNumber;
    this.miscselectHex = b.miscselectHex;
    this.miscselectMaskHex = b.miscselectMaskHex;
    this.attributesHex = b.attributesHex;
    this.attributesMaskHex = b.attributesMaskHex;
    this.mrSignerHex = b.mrSignerHex;
    this.isvProdId = b.isvProdId;
    this.tcbLevels = List.copyOf(b.tcbLevels);
  }

  /**
   * Starts a TD_QE identity (id "TD_QE", version 2, Intel's TD_QE MRSIGNER, ISVPRODID 2, one
   * level: ISVSVN 4 UpToDate) valid from {@code now} minus one hour for 30 days.
   *
   * @param now the reference time
   * @return a builder
   */
  public static Builder tdQe(Instant now) {
    return new Builder("TD_QE", now, TD_QE_MRSIGNER, 2, 4);
  }

  /**
   * Starts an SGX QE identity (id "QE", version 2, Intel's QE MRSIGNER, ISVPRODID 1, one level:
   * ISVSVN 8 UpToDate) valid from {@code now} minus one hour for 30 days.
   *
   * @param now the reference time
   * @return a builder
   */
  public static Builder sgxQe(Instant now) {
    return new Builder("QE", now, SGX_QE_MRSIGNER, 1, 8);
  }

  /**
   * Returns the id ("QE" or "TD_QE").
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the expected QE MRSIGNER.
   *
   * @return 64 uppercase hex digits
   */
  public String mrSignerHex() {
    return mrSignerHex;
  }

  /**
   * Returns the expected QE ISVPRODID.
   *
   * @return the product id
   */
  public int isvProdId() {
    return isvProdId;
  }

  /**
   * Returns the TCB levels in document order.
   *
   * @return an unmodifiable list
   */
  public List<EnclaveTcbLevelSpec> tcbLevels() {
    return tcbLevels;
  }

  /**
   * Serialises the document as compact JSON with Intel's field names and order.
   *
   * @return the exact text to sign
   */
  public String toJson() {
    ObjectNode o = JsonText.object();
    o.put("id", id);
    o.put("version", version);
    o.put("issueDate", JsonText.date(issueDate));
    o.put("nextUpdate", JsonText.date(nextUpdate));
    o.put("tcbEvaluationDataNumber", tcbEvaluationDataNumber);
    o.put("miscselect", miscselectHex);
    o.put("miscselectMask", miscselectMaskHex);
    o.put("attributes", attributesHex);
    o.put("attributesMask", attributesMaskHex);
    o.put("mrsigner", mrSignerHex);
    o.put("isvprodid", isvProdId);
    ArrayNode levels = o.putArray("tcbLevels");
    for (EnclaveTcbLevelSpec l : tcbLevels) {
      writeLevel(levels.addObject(), l);
    }
    return JsonText.compact(o);
  }

  static void writeLevel(ObjectNode node, EnclaveTcbLevelSpec level) {
    node.putObject("tcb").put("isvsvn", level.isvsvn());
    node.put("tcbDate", JsonText.date(level.tcbDate()));
    node.put("tcbStatus", level.status().jsonName());
    if (!level.advisoryIds().isEmpty()) {
      node.set("advisoryIDs", JsonText.strings(level.advisoryIds()));
    }
  }

  @Override
  public String toString() {
    return "QeIdentitySpec[" + id + " v" + version + ", levels=" + tcbLevels.size() + "]";
  }

  /** Builds a {@link QeIdentitySpec}; not thread-safe. */
  public static final class Builder {
    private String id;
    private int version = 2;
    private Instant issueDate;
    private Instant nextUpdate;
    private int tcbEvaluationDataNumber = 17;
    private String miscselectHex = "00000000";
    private String miscselectMaskHex = "FFFFFFFF";
    private String attributesHex = "11000000000000000000000000000000";
    private String attributesMaskHex = "FBFFFFFFFFFFFFFF0000000000000000";
    private String mrSignerHex;
    private int isvProdId;
    private List<EnclaveTcbLevelSpec> tcbLevels = new ArrayList<>();

    private Builder(String id, Instant now, String mrSignerHex, int isvProdId, int isvsvn) {
      this.id = id;
      this.issueDate = now.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
      this.nextUpdate = issueDate.plus(Duration.ofDays(30));
      this.mrSignerHex = mrSignerHex;
      this.isvProdId = isvProdId;
      this.tcbLevels.add(EnclaveTcbLevelSpec.of(isvsvn, TcbLevelStatus.UP_TO_DATE));
    }

    /**
     * Overrides the id.
     *
     * @param id e.g. "QE", "TD_QE", "QVE"
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Sets the version (2 by default; TD_QE identities may be version 3).
     *
     * @param version the version
     * @return this builder
     */
    public Builder version(int version) {
      this.version = version;
      return this;
    }

    /**
     * Sets issue and next-update dates.
     *
     * @param issueDate the issue date
     * @param nextUpdate the next-update date
     * @return this builder
     */
    public Builder dates(Instant issueDate, Instant nextUpdate) {
      this.issueDate = issueDate.truncatedTo(ChronoUnit.SECONDS);
      this.nextUpdate = nextUpdate.truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /**
     * Sets the TCB evaluation data number (17 by default).
     *
     * @param number the number
     * @return this builder
     */
    public Builder tcbEvaluationDataNumber(int number) {
      this.tcbEvaluationDataNumber = number;
      return this;
    }

    /**
     * Sets MISCSELECT and its mask.
     *
     * @param miscselectHex 8 hex digits
     * @param maskHex 8 hex digits
     * @return this builder
     */
    public Builder miscselect(String miscselectHex, String maskHex) {
      this.miscselectHex = TcbInfoSpec.normalisedHex("miscselect", miscselectHex, 4);
      this.miscselectMaskHex = TcbInfoSpec.normalisedHex("miscselectMask", maskHex, 4);
      return this;
    }

    /**
     * Sets ATTRIBUTES and its mask.
     *
     * @param attributesHex 32 hex digits
     * @param maskHex 32 hex digits
     * @return this builder
     */
    public Builder attributes(String attributesHex, String maskHex) {
      this.attributesHex = TcbInfoSpec.normalisedHex("attributes", attributesHex, 16);
      this.attributesMaskHex = TcbInfoSpec.normalisedHex("attributesMask", maskHex, 16);
      return this;
    }

    /**
     * Sets the expected MRSIGNER.
     *
     * @param mrSignerHex 64 hex digits
     * @return this builder
     */
    public Builder mrSigner(String mrSignerHex) {
      this.mrSignerHex = TcbInfoSpec.normalisedHex("mrsigner", mrSignerHex, 32);
      return this;
    }

    /**
     * Sets the expected ISVPRODID.
     *
     * @param isvProdId the product id
     * @return this builder
     */
    public Builder isvProdId(int isvProdId) {
      this.isvProdId = isvProdId;
      return this;
    }

    /**
     * Replaces the TCB levels.
     *
     * @param levels the levels, highest ISVSVN first
     * @return this builder
     */
    public Builder tcbLevels(List<EnclaveTcbLevelSpec> levels) {
      this.tcbLevels = new ArrayList<>(levels);
      return this;
    }

    /**
     * Builds the document.
     *
     * @return the immutable document
     */
    public QeIdentitySpec build() {
      return new QeIdentitySpec(this);
    }
  }
}
