package io.phat4j.cli;

import io.phat4j.attestation.dcap.ReportBody;
import io.phat4j.attestation.dcap.SgxReport;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.core.Hex;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of a quote's report as lowercase hex (numbers as numbers), in layout order. */
final class ReportFields {
  private ReportFields() {}

  static String reportType(ReportBody body) {
    return switch (body.type()) {
      case SGX_ENCLAVE -> "sgx";
      case TD_REPORT_10 -> "td10";
      case TD_REPORT_15 -> "td15";
    };
  }

  static Map<String, Object> of(ReportBody body) {
    Map<String, Object> f = new LinkedHashMap<>();
    switch (body) {
      case TdReport td -> {
        f.put("tee_tcb_svn", Hex.encode(td.teeTcbSvn()));
        f.put("mr_seam", td.mrSeam().hex());
        f.put("mr_signer_seam", td.mrSignerSeam().hex());
        f.put("seam_attributes", Hex.encode(td.seamAttributes()));
        f.put("td_attributes", Hex.encode(td.tdAttributes()));
        f.put("xfam", Hex.encode(td.xfam()));
        f.put("mr_td", td.mrTd().hex());
        f.put("mr_config_id", td.mrConfigId().hex());
        f.put("mr_owner", td.mrOwner().hex());
        f.put("mr_owner_config", td.mrOwnerConfig().hex());
        for (int i = 0; i < 4; i++) {
          f.put("rtmr" + i, td.rtmr(i).hex());
        }
        f.put("report_data", Hex.encode(td.reportData()));
        byte[] svn2 = td.teeTcbSvn2();
        if (svn2 != null) {
          f.put("tee_tcb_svn2", Hex.encode(svn2));
        }
        if (td.mrServiceTd() != null) {
          f.put("mr_service_td", td.mrServiceTd().hex());
        }
      }
      case SgxReport sgx -> {
        f.put("cpu_svn", Hex.encode(sgx.cpuSvn()));
        f.put("misc_select", sgx.miscSelect());
        f.put("isv_ext_prod_id", Hex.encode(sgx.isvExtProdId()));
        f.put("attributes", Hex.encode(sgx.attributes()));
        f.put("mr_enclave", sgx.mrEnclave().hex());
        f.put("mr_signer", sgx.mrSigner().hex());
        f.put("config_id", Hex.encode(sgx.configId()));
        f.put("isv_prod_id", sgx.isvProdId());
        f.put("isv_svn", sgx.isvSvn());
        f.put("config_svn", sgx.configSvn());
        f.put("isv_family_id", Hex.encode(sgx.isvFamilyId()));
        f.put("report_data", Hex.encode(sgx.reportData()));
      }
    }
    return f;
  }
}
