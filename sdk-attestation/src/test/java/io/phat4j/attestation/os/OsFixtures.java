package io.phat4j.attestation.os;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phat4j.attestation.dcap.Quote;
import io.phat4j.attestation.dcap.TdReport;
import io.phat4j.core.Hex;
import io.phat4j.core.Measurement;
import io.phat4j.core.dstack.EventLog;
import io.phat4j.core.json.PhalaJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Loads the dstack-verifier fixtures copied to src/test/resources/os (see the README there). */
final class OsFixtures {
  static final String GETQUOTE = "tdx-lite-getquote";
  static final String TLS_KEY = "tdx-lite-v0-get-tls-key";

  /**
   * One genuine CVM: its VM config JSON, event log, quote registers and reference values.
   *
   * @param vmConfigJson the vm_config string exactly as the CVM reported it
   * @param eventLogJson the event log JSON (for the certificate case: the three ACPI events only)
   * @param quoted the quote's MRTD and RTMR0-2
   * @param expected expected.json
   */
  record Fixture(String name, String vmConfigJson, String eventLogJson, TdxRegisters quoted, JsonNode expected) {
    VmConfig vmConfig() {
      return VmConfig.parse(vmConfigJson);
    }

    EventLog eventLog() {
      return EventLog.parse(eventLogJson);
    }

    JsonNode reference() {
      return expected.get("reference");
    }

    Measurement ref(String group, String field) {
      return Measurement.fromHex(reference().get(group).get(field).asText());
    }
  }

  private OsFixtures() {}

  static byte[] resource(String path) {
    try (InputStream in = OsFixtures.class.getResourceAsStream("/os/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /os/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Fixture load(String name) {
    JsonNode expected = PhalaJson.readTree("expected", resource(name + "/expected.json"));
    if (name.equals(GETQUOTE)) {
      JsonNode input = PhalaJson.readTree("input", resource(name + "/" + name + ".json"));
      Quote quote = Quote.parse(Hex.decode("quote", input.get("quote").asText()));
      return new Fixture(name, input.get("vm_config").asText(), input.get("event_log").asText(),
          TdxRegisters.of((TdReport) quote.body()), expected);
    }
    JsonNode q = expected.get("reference").get("quote");
    TdxRegisters quoted = new TdxRegisters(Measurement.fromHex(q.get("mr_td").asText()),
        Measurement.fromHex(q.get("rt_mr0").asText()), Measurement.fromHex(q.get("rt_mr1").asText()),
        Measurement.fromHex(q.get("rt_mr2").asText()));
    JsonNode acpi = expected.get("reference").get("acpi_reported");
    return new Fixture(name, vmConfigFromCertificate(resource(name + "/" + name + ".pem")),
        acpiEventLog(acpi.get("acpi-loader").asText(), acpi.get("acpi-rsdp").asText(), acpi.get("acpi-tables").asText()),
        quoted, expected);
  }

  /** Finds the vm_config JSON object inside the leaf certificate's DER (it is embedded verbatim). */
  static String vmConfigFromCertificate(byte[] pem) {
    Matcher m = Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL)
        .matcher(new String(pem, StandardCharsets.US_ASCII));
    if (!m.find()) {
      throw new IllegalStateException("no certificate");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    String text = new String(der, StandardCharsets.ISO_8859_1);
    int start = text.indexOf("{\"os_image_hash\"");
    int depth = 0;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return text.substring(start, i + 1);
      }
    }
    throw new IllegalStateException("unterminated vm_config");
  }

  /** An event log holding only the three named RTMR0 ACPI DATA events. */
  static String acpiEventLog(String loader, String rsdp, String tables) {
    ArrayNode log = JsonNodeFactory.instance.arrayNode();
    acpiEvent(log, "acpi-loader", loader);
    acpiEvent(log, "acpi-rsdp", rsdp);
    acpiEvent(log, "acpi-tables", tables);
    return log.toString();
  }

  static void acpiEvent(ArrayNode log, String name, String digest) {
    ObjectNode e = log.addObject();
    e.put("imr", 0);
    e.put("event_type", 10);
    e.put("digest", digest);
    e.put("event", name);
    e.put("event_payload", Hex.encode("ACPI DATA".getBytes(StandardCharsets.US_ASCII)));
  }
}
