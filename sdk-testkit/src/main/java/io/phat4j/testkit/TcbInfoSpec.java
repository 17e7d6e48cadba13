package io.phat4j.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.Hex;
import io.phat4j.testkit.internal.JsonText;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A TCB Info document (version 3, SGX or TDX flavour) as Intel's PCS serves it inside
 * {@code {"tcbInfo": …}}: FMSPC, PCE-ID, dates, TCB levels and, for TDX, the TDX module and module
 * identities.
 *
 * <p>{@link #toJson()} gives the exact compact text that {@link DcapTestPki#sign(TcbInfoSpec)} signs
 * and collateral carries. Immutable and thread-safe.
 */
public final class TcbInfoSpec {
  private final String id;
  private final int version;
  private final Instant issueDate;
  private final Instant nextUpdate;
  private final String fmspcHex;
  private final String pceIdHex;
  private final int tcbType;
  private final int tcbEvaluationDataNumber;
  private final @Nullable TdxModule tdxModule;
  private final @Nullable List<TdxModuleIdentitySpec> tdxModuleIdentities;
  private final List<TcbLevelSpec> tcbLevels;
  private final boolean componentLabels;

  /**
   * The {@code tdxModule} object of a TDX TCB Info.
   *
   * @param mrSignerHex the module signer, 96 hex digits
   * @param attributesHex the expected SEAM attributes, 16 hex digits
   * @param attributesMaskHex the SEAM attributes mask, 16 hex digits
   */
  public record TdxModule(String mrSignerHex, String attributesHex, String attributesMaskHex) {
    /** Rejects nulls. */
    public TdxModule {
      Objects.requireNonNull(mrSignerHex, "mrSignerHex");
      Objects.requireNonNull(attributesHex, "attributesHex");
      Objects.requireNonNull(attributesMaskHex, "attributesMaskHex");
    }

    /**
     * Returns Intel's values: zero signer, zero attributes, full mask.
     *
     * @return the module
     */
    public static TdxModule intelLike() {
      return new TdxModule("0".repeat(96), "0000000000000000", "FFFFFFFFFFFFFFFF");
    }
  }

  private static final String[][] NO_LABELS = {};

  // Intel labels some components of TDX TCB Info ({@code category}, {@code type}); verifiers ignore them.
  private static final String[][] SGX_LABELS = {
    {"BIOS", "Early Microcode Update"}, {"OS/VMM", "SGX Late Microcode Update"}, {"OS/VMM", "TXT SINIT"},
    {"BIOS"}, {"BIOS"}, {"BIOS"}, {}, {"OS/VMM", "SEAMLDR ACM"}
  };
  private static final String[][] TDX_LABELS = {
    {"OS/VMM", "TDX Module"}, {"OS/VMM", "TDX Module"}, {"OS/VMM", "TDX Late Microcode Update"}
  };

  private TcbInfoSpec(Builder b) {
    this.id = b.id;
    this.version = b.version;
    this.issueDate = b.issueDate;
    this.nextUpdate = b.nextUpdate;
    this.fmspcHex = b.fmspcHex;
    this.pceIdHex = b.pceIdHex;
    this.tcbType = b.tcbType;
    this.tcbEvaluationDataNumber = b.tcbEvaluationDataNumber;
    this.tdxModule = b.tdxModule;
    this.tdxModuleIdentities = b.tdxModuleIdentities == null ? null : List.copyOf(b.tdxModuleIdentities);
    this.tcbLevels = List.copyOf(b.tcbLevels);
    this.componentLabels = b.componentLabels;
  }

  /**
   * Starts a TDX TCB Info (id "TDX", version 3, Intel-like {@code tdxModule}, no module
   * identities, no levels) valid from {@code now} minus one hour for 30 days.
   *
   * @param now the reference time
   * @param fmspcHex the FMSPC, 12 hex digits
   * @return a builder
   */
  public static Builder tdx(Instant now, String fmspcHex) {
    return new Builder("TDX", now, fmspcHex).tdxModule(TdxModule.intelLike()).componentLabels(true);
  }

  /**
   * Starts an SGX TCB Info (id "SGX", version 3, no levels) valid from {@code now} minus one hour
   * for 30 days.
   *
   * @param now the reference time
   * @param fmspcHex the FMSPC, 12 hex digits
   * @return a builder
   */
  public static Builder sgx(Instant now, String fmspcHex) {
    return new Builder("SGX", now, fmspcHex);
  }

  /**
   * Returns a builder preset with this document's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(id, issueDate, fmspcHex);
    b.version = version;
    b.issueDate = issueDate;
    b.nextUpdate = nextUpdate;
    b.pceIdHex = pceIdHex;
    b.tcbType = tcbType;
    b.tcbEvaluationDataNumber = tcbEvaluationDataNumber;
    b.tdxModule = tdxModule;
    b.tdxModuleIdentities = tdxModuleIdentities == null ? null : new ArrayList<>(tdxModuleIdentities);
    b.tcbLevels = new ArrayList<>(tcbLevels);
    b.componentLabels = componentLabels;
    return b;
  }

  /**
   * Returns the id ("SGX" or "TDX").
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the TCB levels in document order.
   *
   * @return an unmodifiable list
   */
  public List<TcbLevelSpec> tcbLevels() {
    return tcbLevels;
  }

  /**
   * Returns the issue date.
   *
   * @return the instant
   */
  public Instant issueDate() {
    return issueDate;
  }

  /**
   * Returns the next-update date.
   *
   * @return the instant
   */
  public Instant nextUpdate() {
    return nextUpdate;
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
    o.put("fmspc", fmspcHex);
    o.put("pceId", pceIdHex);
    o.put("tcbType", tcbType);
    o.put("tcbEvaluationDataNumber", tcbEvaluationDataNumber);
    if (tdxModule != null) {
      ObjectNode m = o.putObject("tdxModule");
      m.put("mrsigner", tdxModule.mrSignerHex());
      m.put("attributes", tdxModule.attributesHex());
      m.put("attributesMask", tdxModule.attributesMaskHex());
    }
    if (tdxModuleIdentities != null) {
      ArrayNode ids = o.putArray("tdxModuleIdentities");
      for (TdxModuleIdentitySpec mi : tdxModuleIdentities) {
        ObjectNode m = ids.addObject();
        m.put("id", mi.id());
        m.put("mrsigner", mi.mrSignerHex());
        m.put("attributes", mi.attributesHex());
        m.put("attributesMask", mi.attributesMaskHex());
        ArrayNode levels = m.putArray("tcbLevels");
        for (EnclaveTcbLevelSpec l : mi.tcbLevels()) {
          QeIdentitySpec.writeLevel(levels.addObject(), l);
        }
      }
    }
    ArrayNode levels = o.putArray("tcbLevels");
    for (TcbLevelSpec l : tcbLevels) {
      ObjectNode lv = levels.addObject();
      ObjectNode tcb = lv.putObject("tcb");
      components(tcb.putArray("sgxtcbcomponents"), l.sgxComponents(), componentLabels ? SGX_LABELS : NO_LABELS);
      tcb.put("pcesvn", l.pceSvn());
      if (l.tdxComponents() != null) {
        components(tcb.putArray("tdxtcbcomponents"), l.tdxComponents(), componentLabels ? TDX_LABELS : NO_LABELS);
      }
      lv.put("tcbDate", JsonText.date(l.tcbDate()));
      lv.put("tcbStatus", l.status().jsonName());
      if (!l.advisoryIds().isEmpty()) {
        lv.set("advisoryIDs", JsonText.strings(l.advisoryIds()));
      }
    }
    return JsonText.compact(o);
  }

  private static void components(ArrayNode array, List<Integer> svns, String[][] labels) {
    for (int i = 0; i < svns.size(); i++) {
      ObjectNode c = array.addObject().put("svn", svns.get(i));
      if (i < labels.length && labels[i].length > 0) {
        c.put("category", labels[i][0]);
        if (labels[i].length > 1) {
          c.put("type", labels[i][1]);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "TcbInfoSpec[" + id + ", fmspc=" + fmspcHex + ", levels=" + tcbLevels.size() + "]";
  }

  /** Builds a {@link TcbInfoSpec}; not thread-safe. */
  public static final class Builder {
    private String id;
    private int version = 3;
    private Instant issueDate;
    private Instant nextUpdate;
    private String fmspcHex;
    private String pceIdHex = "0000";
    private int tcbType;
    private int tcbEvaluationDataNumber = 17;
    private @Nullable TdxModule tdxModule;
    private @Nullable List<TdxModuleIdentitySpec> tdxModuleIdentities;
    private List<TcbLevelSpec> tcbLevels = new ArrayList<>();
    private boolean componentLabels;

    private Builder(String id, Instant now, String fmspcHex) {
      this.id = id;
      this.issueDate = now.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
      this.nextUpdate = issueDate.plus(Duration.ofDays(30));
      this.fmspcHex = normalisedHex("fmspc", fmspcHex, 6);
    }

    /**
     * Overrides the id (e.g. "SGX" on a TDX quote's collateral, to test the type check).
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Sets the version (3 by default).
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
     * Sets the FMSPC.
     *
     * @param fmspcHex 12 hex digits (written in uppercase)
     * @return this builder
     */
    public Builder fmspc(String fmspcHex) {
      this.fmspcHex = normalisedHex("fmspc", fmspcHex, 6);
      return this;
    }

    /**
     * Sets the PCE-ID.
     *
     * @param pceIdHex 4 hex digits
     * @return this builder
     */
    public Builder pceId(String pceIdHex) {
      this.pceIdHex = normalisedHex("pceId", pceIdHex, 2);
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
     * Sets or removes the {@code tdxModule} object.
     *
     * @param module the module, or null to omit it
     * @return this builder
     */
    public Builder tdxModule(@Nullable TdxModule module) {
      this.tdxModule = module;
      return this;
    }

    /**
     * Sets the {@code tdxModuleIdentities} array (omitted when never set).
     *
     * @param identities the identities, in document order
     * @return this builder
     */
    public Builder tdxModuleIdentities(List<TdxModuleIdentitySpec> identities) {
      this.tdxModuleIdentities = new ArrayList<>(identities);
      return this;
    }

    /**
     * Replaces the TCB levels.
     *
     * @param levels the levels, in document order (Intel: highest first)
     * @return this builder
     */
    public Builder tcbLevels(List<TcbLevelSpec> levels) {
      this.tcbLevels = new ArrayList<>(levels);
      return this;
    }

    /**
     * Appends a TCB level.
     *
     * @param level the level
     * @return this builder
     */
    public Builder addTcbLevel(TcbLevelSpec level) {
      this.tcbLevels.add(Objects.requireNonNull(level, "level"));
      return this;
    }

    /**
     * Sets whether TCB components carry Intel's {@code category}/{@code type} labels, as real TDX
     * TCB Info does (default: on for TDX, off for SGX). Verifiers must ignore them.
     *
     * @param labels whether to write the labels
     * @return this builder
     */
    public Builder componentLabels(boolean labels) {
      this.componentLabels = labels;
      return this;
    }

    /**
     * Builds the document.
     *
     * @return the immutable document
     */
    public TcbInfoSpec build() {
      return new TcbInfoSpec(this);
    }
  }

  static String normalisedHex(String field, String hex, int length) {
    return Hex.encode(Hex.decode(field, hex, length)).toUpperCase(Locale.ROOT);
  }
}
