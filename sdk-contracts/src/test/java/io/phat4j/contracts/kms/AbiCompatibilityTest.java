package io.phat4j.contracts.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.contracts.kms.internal.DstackAbi;
import io.phat4j.core.Bytes32;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Hash;

/** Our compiled contracts and Java wrappers against the published dstack ABIs. */
class AbiCompatibilityTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode read(String resource) throws Exception {
    try (InputStream in = AbiCompatibilityTest.class.getResourceAsStream(resource)) {
      JsonNode n = JSON.readTree(in);
      return n.isArray() ? n : n.get("abi");
    }
  }

  /** Canonical type: tuples expand to their components. */
  static String type(JsonNode param) {
    String t = param.get("type").asText();
    if (t.startsWith("tuple")) {
      String inner = new ArrayList<JsonNode>() {{ param.get("components").forEach(this::add); }}
          .stream().map(AbiCompatibilityTest::type).collect(Collectors.joining(","));
      return "(" + inner + ")" + t.substring("tuple".length());
    }
    return t;
  }

  static String signature(JsonNode entry) {
    List<String> types = new ArrayList<>();
    entry.path("inputs").forEach(p -> types.add(type(p)));
    return entry.get("name").asText() + "(" + String.join(",", types) + ")";
  }

  /** Everything that must agree for an entry to be compatible. */
  static String shape(JsonNode entry) {
    List<String> outs = new ArrayList<>();
    entry.path("outputs").forEach(p -> outs.add(type(p)));
    List<String> indexed = new ArrayList<>();
    entry.path("inputs").forEach(p -> indexed.add(p.path("indexed").asBoolean(false) ? "i" : "-"));
    return entry.get("type").asText() + " " + signature(entry) + " -> (" + String.join(",", outs) + ") "
        + entry.path("stateMutability").asText("") + (entry.get("type").asText().equals("event") ? " " + indexed : "");
  }

  static Map<String, String> entries(JsonNode abi) {
    Map<String, String> out = new HashMap<>();
    for (JsonNode e : abi) {
      if (e.has("name")) {
        out.put(e.get("type").asText() + " " + signature(e), shape(e));
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"DstackApp", "DstackKms"})
  void everyPublishedFunctionEventAndErrorHasTheSameShapeInOurArtifact(String name) throws Exception {
    Map<String, String> published = entries(read("/io/phat4j/contracts/abi/" + name + ".json"));
    Map<String, String> ours = entries(read("/io/phat4j/contracts/artifacts/" + name + ".json"));
    assertThat(published).isNotEmpty();
    for (Map.Entry<String, String> e : published.entrySet()) {
      assertThat(ours.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void theDocumentedExtensionsAreTheOnlyAdditions() throws Exception {
    Set<String> app = new TreeSet<>(entries(read("/io/phat4j/contracts/artifacts/DstackApp.json")).keySet());
    app.removeAll(entries(read("/io/phat4j/contracts/abi/DstackApp.json")).keySet());
    assertThat(app)
        .containsExactlyInAnyOrder(
            "function initialize(address,bool,bool,bool,bytes32,bytes32)",
            "function requireTcbUpToDate()",
            "function setRequireTcbUpToDate(bool)",
            "event RequireTcbUpToDateSet(bool)",
            "event PolicyChanged(address,bytes32,bytes32,bool)");
    Set<String> kms = new TreeSet<>(entries(read("/io/phat4j/contracts/artifacts/DstackKms.json")).keySet());
    kms.removeAll(entries(read("/io/phat4j/contracts/abi/DstackKms.json")).keySet());
    assertThat(kms)
        .containsExactlyInAnyOrder(
            "function deployAndRegisterApp(address,bool,bool,bool,bytes32,bytes32)",
            "event PolicyChanged(address,bytes32,bytes32,bool)");
  }

  /** Selectors of the artifact's functions, and topic hashes of its events. */
  static Set<String> selectors(String artifact) throws Exception {
    Set<String> out = new TreeSet<>();
    for (JsonNode e : read("/io/phat4j/contracts/artifacts/" + artifact + ".json")) {
      String kind = e.get("type").asText();
      if (kind.equals("function")) {
        out.add(Hash.sha3String(signature(e)).substring(0, 10));
      } else if (kind.equals("event")) {
        out.add(Hash.sha3String(signature(e)));
      }
    }
    return out;
  }

  @Test
  void everyFunctionAndEventTheJavaWrappersUseIsInTheArtifacts() throws Exception {
    Set<String> known = new TreeSet<>(selectors("DstackApp"));
    known.addAll(selectors("DstackKms"));
    AppBootInfo boot =
        new AppBootInfo(EvmAddress.ZERO, zero(), EvmAddress.ZERO, zero(), zero(), zero(), zero(), "UpToDate", List.of("INTEL-SA-1"));
    int functions = 0;
    for (Method m : DstackAbi.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.getReturnType() != Function.class) {
        continue;
      }
      Object[] args = new Object[m.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        Class<?> p = m.getParameterTypes()[i];
        args[i] =
            p == EvmAddress.class ? EvmAddress.ZERO
                : p == Bytes32.class ? zero()
                : p == boolean.class ? Boolean.TRUE
                : p == String.class ? "x"
                : p == byte[].class ? new byte[] {1}
                : p == AppBootInfo.class ? boot
                : null;
      }
      Function f = (Function) m.invoke(null, args);
      assertThat(known).as(m.toString()).contains(FunctionEncoder.encode(f).substring(0, 10));
      functions++;
    }
    assertThat(functions).isGreaterThan(30);
    for (Event e : DstackAbi.KMS_EVENTS) {
      assertThat(selectors("DstackKms")).as(e.getName()).contains(EventEncoder.encode(e));
    }
    for (Event e : DstackAbi.APP_EVENTS) {
      assertThat(selectors("DstackApp")).as(e.getName()).contains(EventEncoder.encode(e));
    }
  }

  @Test
  void theCustomErrorsWeDecodeAreThePublishedOnes() throws Exception {
    Set<String> published = new TreeSet<>();
    for (JsonNode e : read("/io/phat4j/contracts/abi/DstackApp.json")) {
      if (e.get("type").asText().equals("error")) {
        published.add(Hash.sha3String(signature(e)).substring(0, 10));
      }
    }
    Set<String> ours = new TreeSet<>();
    DstackAbi.ERRORS.forEach(c -> ours.add(c.selector()));
    assertThat(ours).isEqualTo(published);
  }

  static Bytes32 zero() {
    return Bytes32.of(new byte[32]);
  }
}
