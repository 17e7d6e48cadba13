package io.phat4j.testkit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line tool that writes a set of generated vector folders ({@code quote.bin},
 * {@code collateral.json}, {@code root_ca.der}, {@code time.txt}) for checking a verifier by hand,
 * e.g. against dcap-qvl's {@code test_case} CLI.
 *
 * <p>Usage: {@code WriteDcapVectors OUT_DIR [SEED [EPOCH_SECONDS]]}. The same seed and time always
 * give the same bytes.
 */
public final class WriteDcapVectors {
  private WriteDcapVectors() {}

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
    Path out = Path.of(args[0]);
    for (Map.Entry<String, DcapTestVector> e : scenarios(pki).entrySet()) {
      e.getValue().writeTo(out.resolve(e.getKey()));
      System.out.println(out.resolve(e.getKey()));
    }
  }

  /**
   * Returns the named scenarios the tool writes; folder names say the expected outcome
   * ({@code pos_}: verifies, {@code neg_}: must fail, {@code neg_strict_}: must fail under the
   * strict rules of dcap-qvl 0.5.2 (Rust) — CRL expiry, TDX module identity — while the lenient
   * JS 0.3.9 accepts it).
   *
   * @param pki the PKI to issue everything under
   * @return scenario name to vector, in a stable order
   */
  public static Map<String, DcapTestVector> scenarios(DcapTestPki pki) {
    Map<String, DcapTestVector> m = new LinkedHashMap<>();
    m.put("pos_tdx_v4_uptodate", DcapTestVector.tdxV4(pki).build());
    m.put("pos_tdx_v4_out_of_date_config", DcapTestVector.tdxV4(pki)
        .platformStatus(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED, "INTEL-SA-00960").build());
    m.put("pos_tdx_v4_configuration_needed", DcapTestVector.tdxV4(pki)
        .platformStatus(TcbStatus.CONFIGURATION_NEEDED).qeStatus(TcbStatus.SW_HARDENING_NEEDED, "INTEL-SA-00615")
        .build());
    m.put("pos_tdx_v4_qe_identity_v3", DcapTestVector.tdxV4(pki).qeIdentityVersion(3).build());
    m.put("pos_tdx_v4_cert_type_4", DcapTestVector.tdxV4(pki).certificationDataType(4).build());
    m.put("pos_tdx_v4_cert_type_3", DcapTestVector.tdxV4(pki).certificationDataType(3).build());
    m.put("pos_tdx_v5_td15", DcapTestVector.tdxV5(pki).build());
    m.put("pos_sgx_v3_uptodate", DcapTestVector.sgxV3(pki).build());
    m.put("neg_tdx_v4_revoked_pck", DcapTestVector.tdxV4(pki).revokePck(true).build());
    m.put("neg_tdx_v4_revoked_tcb", DcapTestVector.tdxV4(pki).platformStatus(TcbStatus.REVOKED).build());
    m.put("neg_tdx_v4_debug_qe", DcapTestVector.tdxV4(pki).qeDebug(true).build());
    m.put("neg_tdx_v4_ca_as_end_entity", DcapTestVector.tdxV4(pki).caAsEndEntity(true).build());
    DcapTestVector expiredCrl = DcapTestVector.tdxV4(pki).pckCrl(CrlSpec.expiredAt(pki.now())).build();
    m.put("neg_strict_tdx_v4_expired_pck_crl", expiredCrl);
    m.put("neg_strict_tdx_v4_module_mrsigner_mismatch", DcapTestVector.tdxV4(pki)
        .tcbInfo(b -> b.tdxModuleIdentities(List.of(new TdxModuleIdentity("TDX_01", "AB".repeat(48),
            "0000000000000000", "FFFFFFFFFFFFFFFF", List.of(EnclaveTcbLevel.of(6, TcbStatus.UP_TO_DATE))))))
        .build());
    m.put("neg_tdx_v4_expired_pck_cert", DcapTestVector.tdxV4(pki)
        .pckValidity(pki.now().minus(Duration.ofDays(400)), pki.now().minus(Duration.ofDays(1))).build());
    m.put("neg_tdx_v4_tcb_info_expired", DcapTestVector.tdxV4(pki)
        .tcbInfo(b -> b.dates(pki.now().minus(Duration.ofDays(31)), pki.now().minus(Duration.ofSeconds(1)))).build());
    m.put("neg_tdx_v4_qe_hash_mismatch", DcapTestVector.tdxV4(pki).quote(q -> q.bindQeReport(false)).build());
    m.put("neg_tdx_v4_td_debug", DcapTestVector.tdxV4(pki)
        .tdReport(TdReport.builder().tdAttributes(new byte[] {1, 0, 0, 0x10, 0, 0, 0, 0}).build()).build());
    m.put("neg_tdx_v4_no_matching_tcb_level", DcapTestVector.tdxV4(pki)
        .tcbInfo(b -> b.tcbLevels(List.of(TcbLevel.tdx(new int[] {9, 9, 9, 9, 9, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0}, 11,
            new int[16], TcbStatus.UP_TO_DATE)))).build());
    DcapTestVector type3 = DcapTestVector.tdxV4(pki).certificationDataType(3).build();
    m.put("neg_tdx_v4_cert_type_3_without_chain", type3.withCollateral(type3.collateral().withPckCertificateChain(null)));
    m.put("neg_sgx_v4_quote", DcapTestVector.sgxV3(pki)
        .quote(q -> DcapQuoteBuilder.sgxV4(SgxReportBody.builder().build(), q.pck(), q.attestationKey())).build());
    return m;
  }
}
