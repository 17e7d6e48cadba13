package io.phat4j.attestation.app.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import io.phat4j.core.json.PhalaJson;
import org.jspecify.annotations.Nullable;

/** Reads the few VM configuration fields the identity needs, leniently (the OS-image link reads it strictly). */
public final class VmConfigFields {
  private VmConfigFields() {}

  /**
   * Returns {@code os_image_hash} as dstack's {@code decode_vm_config} does: empty when there is no
   * configuration or no such field.
   *
   * @param vmConfigJson the configuration, or null
   * @return the bytes, possibly empty
   */
  public static byte[] osImageHash(@Nullable String vmConfigJson) {
    if (vmConfigJson == null) {
      return new byte[0];
    }
    try {
      JsonNode n = PhalaJson.readTree("vm_config", vmConfigJson).get("os_image_hash");
      if (n == null || !n.isTextual()) {
        return new byte[0];
      }
      String s = n.textValue();
      return Hex.decode("vm_config.os_image_hash", s.startsWith("0x") ? s.substring(2) : s);
    } catch (PhalaException e) {
      return new byte[0];
    }
  }
}
