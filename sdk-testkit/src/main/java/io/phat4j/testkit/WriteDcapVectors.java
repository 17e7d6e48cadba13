package io.phat4j.testkit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
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
   * ({@code pos_}: verifies, {@code neg_}: must fail).
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
    m.put("neg_tdx_v4_expired_pck_crl", expiredCrl);
    m.put("neg_tdx_v4_module_mrsigner_mismatch", DcapTestVector.tdxV4(pki)
        .tcbInfo(b -> b.tdxModuleIdentities(java.util.List.of(new TdxModuleIdentity("TDX_01", "AB".repeat(48),
            "0000000000000000", "FFFFFFFFFFFFFFFF", java.util.List.of(EnclaveTcbLevel.of(6, TcbStatus.UP_TO_DATE))))))
        .build());
    return m;
  }
}
