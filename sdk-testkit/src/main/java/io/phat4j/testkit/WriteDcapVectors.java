package io.phat4j.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.core.json.PhalaJson;
import io.phat4j.testkit.internal.JsonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Command-line tool that writes a set of generated vector folders ({@code quote.bin},
 * {@code collateral.json}, {@code root_ca.der}, {@code time.txt}, {@code expected.json}) for
 * checking a verifier by hand, e.g. against dcap-qvl's {@code test_case} CLI:
 *
 * <pre>{@code
 * ./mvnw -q -B -pl sdk-testkit -am compile
 * ./mvnw -q -B -pl sdk-testkit dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp sdk-testkit/target/classes:sdk-core/target/classes:$(cat /tmp/cp.txt) \
 *     io.phat4j.testkit.WriteDcapVectors /tmp/vectors
 * cd /tmp/vectors/pos_tdx_v4_uptodate && \
 *     node test_case.js verify --time $(cat time.txt) quote.bin collateral.json root_ca.der
 * }</pre>
 *
 * <p>Usage: {@code WriteDcapVectors OUT_DIR [SEED [EPOCH_SECONDS]]}. The same seed and time always
 * give the same bytes.
 */
public final class WriteDcapVectors {
  private WriteDcapVectors() {}

  /**
   * One generated case and the verdict a strict verifier must reach on it.
   *
   * @param name folder name: {@code pos_} verifies, {@code neg_} must fail, {@code neg_strict_}
   *     must fail under the strict rules of dcap-qvl 0.5.2 (Rust: CRL expiry, TDX module identity)
   *     while the lenient JS 0.3.9 accepts it
   * @param description what the case exercises
   * @param shouldSucceed whether a strict verifier accepts the quote
   * @param status the expected TCB status on success, or null on failure
   * @param vector the vector
   */
  public record Scenario(String name, String description, boolean shouldSucceed, @Nullable String status,
      DcapTestVector vector) {
    /** Rejects nulls in required fields. */
    public Scenario {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(vector, "vector");
    }

    /**
     * Writes the vector folder plus {@code expected.json} ({@code should_succeed},
     * {@code status}, {@code description}).
     *
     * @param dir the folder
     * @throws UncheckedIOException if writing fails
     */
    public void writeTo(Path dir) {
      vector.writeTo(dir);
      ObjectNode expected = JsonText.object();
      expected.put("should_succeed", shouldSucceed);
      if (status != null) {
        expected.put("status", status);
      }
      expected.put("description", description);
      try {
        Files.write(dir.resolve("expected.json"), PhalaJson.write(expected));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write expected.json to " + dir, e);
      }
    }
  }

  /**
   * Writes every scenario of {@link #scenarios(DcapTestPki)} under the output folder.
   *
   * @param args output folder, optional seed (default {@code "phat4j"}), optional time in unix
   *     seconds (default 2025-07-01T00:00:00Z)
   */
  public static void main(String[] args) {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: WriteDcapVectors OUT_DIR [SEED [EPOCH_SECONDS]]");
      System.exit(2);
    }
    String seed = args.length > 1 ? args[1] : "phat4j";
    Instant time = args.length > 2 ? Instant.ofEpochSecond(Long.parseLong(args[2]))
        : Instant.parse("2025-07-01T00:00:00Z");
    DcapTestPki pki = DcapTestPki.builder().seed(seed).clock(Clock.fixed(time, ZoneOffset.UTC)).build();
    for (Path folder : write(Path.of(args[0]), pki)) {
      System.out.println(folder);
    }
  }

  /**
   * Writes every scenario into its own folder under {@code out}.
   *
   * @param out the parent folder (created if needed)
   * @param pki the PKI to issue everything under
   * @return the folders written, in scenario order
   * @throws UncheckedIOException if writing fails
   */
  public static List<Path> write(Path out, DcapTestPki pki) {
    List<Path> folders = new ArrayList<>();
    for (Scenario s : scenarios(pki)) {
      Path folder = out.resolve(s.name());
      s.writeTo(folder);
      folders.add(folder);
    }
    return folders;
  }

  /**
   * Returns the standard scenarios, in a stable order.
   *
   * @param pki the PKI to issue everything under
   * @return the scenarios
   */
  public static List<Scenario> scenarios(DcapTestPki pki) {
    Instant now = pki.now();
    List<Scenario> m = new ArrayList<>();
    m.add(ok("pos_tdx_v4_uptodate", "TDX v4, everything current", "UpToDate", DcapTestVector.tdxV4(pki).build()));
    m.add(ok("pos_tdx_v4_out_of_date_config", "platform level OutOfDateConfigurationNeeded",
        "OutOfDateConfigurationNeeded", DcapTestVector.tdxV4(pki)
            .platformStatus(TcbLevelStatus.OUT_OF_DATE_CONFIGURATION_NEEDED, "INTEL-SA-00960").build()));
    m.add(ok("pos_tdx_v4_configuration_needed", "platform ConfigurationNeeded, QE SWHardeningNeeded: the worse wins",
        "ConfigurationNeeded", DcapTestVector.tdxV4(pki).platformStatus(TcbLevelStatus.CONFIGURATION_NEEDED)
            .qeStatus(TcbLevelStatus.SW_HARDENING_NEEDED, "INTEL-SA-00615").build()));
    m.add(ok("pos_tdx_v4_qe_identity_v3", "TD_QE identity version 3", "UpToDate",
        DcapTestVector.tdxV4(pki).qeIdentityVersion(3).build()));
    m.add(ok("pos_tdx_v4_cert_type_4", "PCK leaf only in the quote, chain in collateral pck_certificate_chain",
        "UpToDate", DcapTestVector.tdxV4(pki).certificationDataType(4).build()));
    m.add(ok("pos_tdx_v4_cert_type_3", "encrypted PPID in the quote, chain in collateral pck_certificate_chain",
        "UpToDate", DcapTestVector.tdxV4(pki).certificationDataType(3).build()));
    m.add(ok("pos_tdx_v5_td15", "TDX v5 with a TD report 1.5 body", "UpToDate", DcapTestVector.tdxV5(pki).build()));
    m.add(ok("pos_sgx_v3_uptodate", "SGX v3", "UpToDate", DcapTestVector.sgxV3(pki).build()));
    m.add(fail("neg_tdx_v4_revoked_pck", "PCK certificate serial listed in the PCK CRL",
        DcapTestVector.tdxV4(pki).revokePck(true).build()));
    m.add(fail("neg_tdx_v4_revoked_tcb", "matching platform TCB level is Revoked",
        DcapTestVector.tdxV4(pki).platformStatus(TcbLevelStatus.REVOKED).build()));
    m.add(fail("neg_tdx_v4_debug_qe", "QE report has the DEBUG attribute",
        DcapTestVector.tdxV4(pki).qeDebug(true).build()));
    m.add(fail("neg_tdx_v4_ca_as_end_entity", "PCK leaf has basicConstraints cA=TRUE",
        DcapTestVector.tdxV4(pki).caAsEndEntity(true).build()));
    m.add(fail("neg_tdx_v4_expired_pck_cert", "PCK certificate expired a day before the verification time",
        DcapTestVector.tdxV4(pki).pckValidity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1))).build()));
    m.add(fail("neg_tdx_v4_tcb_info_expired", "TCB Info nextUpdate one second before the verification time",
        DcapTestVector.tdxV4(pki)
            .tcbInfo(b -> b.dates(now.minus(Duration.ofDays(31)), now.minus(Duration.ofSeconds(1)))).build()));
    m.add(fail("neg_tdx_v4_qe_hash_mismatch", "QE REPORTDATA does not bind the attestation key",
        DcapTestVector.tdxV4(pki).quote(q -> q.bindQeReport(false)).build()));
    m.add(fail("neg_tdx_v4_td_debug", "TD attributes DEBUG bit set",
        DcapTestVector.tdxV4(pki)
            .tdReport(TdReportSpec.builder().tdAttributes(new byte[] {1, 0, 0, 0x10, 0, 0, 0, 0}).build()).build()));
    m.add(fail("neg_tdx_v4_no_matching_tcb_level", "the only TCB level needs higher SGX component SVNs",
        DcapTestVector.tdxV4(pki).tcbInfo(b -> b.tcbLevels(List.of(TcbLevelSpec.tdx(
            new int[] {9, 9, 9, 9, 9, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0}, 11, new int[16], TcbLevelStatus.UP_TO_DATE))))
            .build()));
    m.add(fail("neg_tdx_v4_sept_ve_disabled_off", "TD attributes without SEPT_VE_DISABLE",
        DcapTestVector.tdxV4(pki).tdReport(TdReportSpec.builder().tdAttributes(new byte[8]).build()).build()));
    byte[] serviceTd = new byte[48];
    serviceTd[0] = 1;
    m.add(fail("neg_tdx_v5_mr_service_td", "TD report 1.5 with a non-zero MRSERVICETD",
        DcapTestVector.tdxV5(pki).tdReport(TdReportSpec.builder().v15(true).mrServiceTd(serviceTd).build()).build()));
    DcapTestVector type3 = DcapTestVector.tdxV4(pki).certificationDataType(3).build();
    m.add(fail("neg_tdx_v4_cert_type_3_without_chain", "encrypted PPID in the quote and no chain in collateral",
        type3.withCollateral(type3.collateral().withPckCertificateChain(null))));
    m.add(fail("neg_sgx_v4_quote", "SGX body in a version 4 quote", DcapTestVector.sgxV3(pki)
        .quote(q -> DcapQuoteBuilder.sgxV4(SgxReportSpec.builder().build(), q.pck(), q.attestationKey())).build()));
    DcapTestPki stranger = DcapTestPki.builder().seed("another PKI").clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    m.add(fail("neg_tdx_v4_wrong_root_ca", "trust anchor is the root of another PKI",
        DcapTestVector.tdxV4(pki).build().withRootCaDer(stranger.rootCaDer())));
    m.add(fail("neg_strict_tdx_v4_expired_pck_crl", "PCK CRL nextUpdate an hour before the verification time",
        DcapTestVector.tdxV4(pki).pckCrl(CrlSpec.expiredAt(now)).build()));
    m.add(fail("neg_strict_tdx_v4_module_mrsigner_mismatch",
        "TDX_01 module identity expects another MRSIGNERSEAM", DcapTestVector.tdxV4(pki)
            .tcbInfo(b -> b.tdxModuleIdentities(List.of(new TdxModuleIdentitySpec("TDX_01", "AB".repeat(48),
                "0000000000000000", "FFFFFFFFFFFFFFFF", List.of(EnclaveTcbLevelSpec.of(6, TcbLevelStatus.UP_TO_DATE))))))
            .build()));
    return List.copyOf(m);
  }

  private static Scenario ok(String name, String description, String status, DcapTestVector v) {
    return new Scenario(name, description, true, status, v);
  }

  private static Scenario fail(String name, String description, DcapTestVector v) {
    return new Scenario(name, description, false, null, v);
  }
}
