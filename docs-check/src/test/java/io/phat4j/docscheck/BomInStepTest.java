package io.phat4j.docscheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * bom/pom.xml repeats versions from the root pom.xml (a reactor cannot import its own BOM): the two
 * must not drift, and the BOM must list every published phat4j artifact.
 */
class BomInStepTest {
  private static final Path ROOT = Path.of(System.getProperty("phat4j.repository.root", "..")).normalize();

  @Test
  void bomVersionsAreTheRootPomVersions() throws Exception {
    Map<String, String> root = properties(read(ROOT.resolve("pom.xml")));
    Map<String, String> bom = properties(read(ROOT.resolve("bom/pom.xml")));

    assertThat(bom).isNotEmpty();
    for (var entry : bom.entrySet()) {
      if (root.containsKey(entry.getKey())) {
        assertThat(entry.getValue())
            .as("bom/pom.xml <%s> must equal the root pom.xml's", entry.getKey())
            .isEqualTo(root.get(entry.getKey()));
      }
    }
    // The versions the BOM pins that matter most to consumers are the root's own.
    assertThat(bom).containsKeys("okhttp.version", "okio.version", "jackson.version", "bouncycastle.version", "web3j.version");
  }

  @Test
  void bomListsEveryPhat4jArtifactOfTheParent() throws Exception {
    assertThat(phat4jArtifacts(read(ROOT.resolve("bom/pom.xml"))))
        .isEqualTo(phat4jArtifacts(read(ROOT.resolve("pom.xml"))))
        .contains("phat4j-core", "phat4j-devnet", "phat4j-testkit");
  }

  private static TreeSet<String> phat4jArtifacts(Element pom) {
    TreeSet<String> out = new TreeSet<>();
    Element management = child(pom, "dependencyManagement");
    for (Element dependency : children(child(management, "dependencies"), "dependency")) {
      if ("io.phat4j".equals(text(dependency, "groupId"))) {
        out.add(text(dependency, "artifactId"));
      }
    }
    return out;
  }

  private static Map<String, String> properties(Element pom) {
    Map<String, String> out = new LinkedHashMap<>();
    Element properties = child(pom, "properties");
    for (Node n = properties.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.put(e.getTagName(), e.getTextContent().trim());
      }
    }
    return out;
  }

  private static Element read(Path pom) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
  }

  private static Element child(Element parent, String name) {
    return children(parent, name).stream().findFirst()
        .orElseThrow(() -> new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">"));
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new java.util.ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
  }
}
