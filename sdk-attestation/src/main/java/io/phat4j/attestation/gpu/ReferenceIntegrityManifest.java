package io.phat4j.attestation.gpu;

import io.phat4j.attestation.gpu.internal.CertPaths;
import io.phat4j.attestation.gpu.internal.SecureXml;
import io.phat4j.core.CryptoException;
import io.phat4j.core.Hex;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.KeySelector;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * An NVIDIA reference integrity manifest: a signed ISO/IEC 19770-2 SWID tag holding the golden
 * measurements of one driver or VBIOS version.
 *
 * <p>{@link #parse(byte[])} reads the structure (secure XML parsing, no DOCTYPE); {@link
 * #verifySignature()} checks the enveloped XML signature with the embedded signer certificate, and
 * {@link #validateChain(X509Certificate, Instant)} validates that signer to NVIDIA's RIM root.
 * Instances are immutable and thread-safe (signature checks re-parse the kept bytes).
 */
public final class ReferenceIntegrityManifest {
  static final String SWID_NS = "http://standards.iso.org/iso/19770/-2/2015/schema.xsd";
  static final String HASH_NS = "http://www.w3.org/2001/04/xmlenc#sha384";
  private static final String C14N11 = "http://www.w3.org/2006/12/xml-c14n11";

  private final byte[] xml;
  private final String tagId;
  private final String product;
  private final String version;
  private final List<GoldenMeasurement> measurements;
  private final List<X509Certificate> signingChain;

  private ReferenceIntegrityManifest(byte[] xml, String tagId, String product, String version,
      List<GoldenMeasurement> measurements, List<X509Certificate> signingChain) {
    this.xml = xml;
    this.tagId = tagId;
    this.product = product;
    this.version = version;
    this.measurements = measurements;
    this.signingChain = signingChain;
  }

  /**
   * Parses RIM XML.
   *
   * @param xml the SWID tag bytes
   * @return the manifest (its signature not yet checked)
   * @throws GpuEvidenceFormatException if the XML is malformed or lacks a required element
   */
  public static ReferenceIntegrityManifest parse(byte[] xml) {
    byte[] raw = xml.clone();
    Document doc = SecureXml.parse("rim", raw);
    Element root = doc.getDocumentElement();
    if (!"SoftwareIdentity".equals(root.getLocalName()) || !SWID_NS.equals(root.getNamespaceURI())) {
      throw new GpuEvidenceFormatException("rim", "root element is not a SWID SoftwareIdentity", null);
    }
    Element meta = single(root, SWID_NS, "Meta", "rim.Meta");
    Element payload = single(root, SWID_NS, "Payload", "rim.Payload");
    List<GoldenMeasurement> golden = new ArrayList<>();
    NodeList resources = payload.getElementsByTagNameNS(SWID_NS, "Resource");
    for (int r = 0; r < resources.getLength(); r++) {
      Element res = (Element) resources.item(r);
      if ("Measurement".equals(res.getAttribute("type"))) {
        golden.add(measurement(res, "rim.Resource[" + r + "]"));
      }
    }
    return new ReferenceIntegrityManifest(raw, root.getAttribute("tagId"), root.getAttribute("name"),
        required(meta, "colloquialVersion", "rim.Meta"), List.copyOf(golden), certificates(root));
  }

  private static GoldenMeasurement measurement(Element res, String field) {
    int index = integer(res, "index", field);
    String activeText = required(res, "active", field);
    boolean active;
    if ("true".equalsIgnoreCase(activeText)) {
      active = true;
    } else if ("false".equalsIgnoreCase(activeText)) {
      active = false;
    } else {
      throw new GpuEvidenceFormatException(field + ".active", "expected True or False, got '" + activeText + "'", null);
    }
    int alternatives = integer(res, "alternatives", field);
    int size = integer(res, "size", field);
    if (alternatives < 1 || alternatives > 64) {
      throw new GpuEvidenceFormatException(field + ".alternatives", "out of range: " + alternatives, null);
    }
    List<byte[]> values = new ArrayList<>(alternatives);
    for (int a = 0; a < alternatives; a++) {
      String name = "Hash" + a;
      if (!res.hasAttributeNS(HASH_NS, name)) {
        throw new GpuEvidenceFormatException(field + "." + name, "missing", null);
      }
      values.add(Hex.decode(field + "." + name, res.getAttributeNS(HASH_NS, name)));
    }
    return new GoldenMeasurement(index, active, size, values);
  }

  private static List<X509Certificate> certificates(Element root) {
    // Only certificates in the enveloped signature's KeyInfo count; the first is the signer.
    Element signature = null;
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && "Signature".equals(e.getLocalName())
          && XMLSignature.XMLNS.equals(e.getNamespaceURI())) {
        if (signature != null) {
          throw new GpuEvidenceFormatException("rim.Signature", "more than one enveloped signature", null);
        }
        signature = e;
      }
    }
    if (signature == null) {
      throw new GpuEvidenceFormatException("rim.Signature", "no enveloped XML signature", null);
    }
    Element keyInfo = single(signature, XMLSignature.XMLNS, "KeyInfo", "rim.Signature.KeyInfo");
    NodeList nodes = keyInfo.getElementsByTagNameNS(XMLSignature.XMLNS, "X509Certificate");
    if (nodes.getLength() == 0) {
      throw new GpuEvidenceFormatException("rim.Signature.KeyInfo", "no X509Certificate", null);
    }
    List<X509Certificate> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      String field = "rim.X509Certificate[" + i + "]";
      try {
        byte[] der = Base64.getDecoder().decode(nodes.item(i).getTextContent().replaceAll("\\s", ""));
        out.add((X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der)));
      } catch (IllegalArgumentException | CertificateException e) {
        throw new GpuEvidenceFormatException(field, "malformed certificate", e);
      }
    }
    return List.copyOf(out);
  }

  private static Element single(Element parent, String ns, String name, String field) {
    NodeList nl = parent.getElementsByTagNameNS(ns, name);
    if (nl.getLength() != 1) {
      throw new GpuEvidenceFormatException(field, "expected exactly one element, found " + nl.getLength(), null);
    }
    return (Element) nl.item(0);
  }

  private static String required(Element e, String attr, String field) {
    if (!e.hasAttribute(attr)) {
      throw new GpuEvidenceFormatException(field + "." + attr, "missing", null);
    }
    return e.getAttribute(attr);
  }

  private static int integer(Element e, String attr, String field) {
    String text = required(e, attr, field);
    try {
      int v = Integer.parseInt(text);
      if (v < 0) {
        throw new NumberFormatException("negative");
      }
      return v;
    } catch (NumberFormatException ex) {
      throw new GpuEvidenceFormatException(field + "." + attr, "not a non-negative integer: '" + text + "'", ex);
    }
  }

  /**
   * Verifies the enveloped XML signature with the signer certificate (the first embedded one).
   *
   * <p>Only the shape NVIDIA uses is accepted: one {@code ds:Signature} directly under the root,
   * ECDSA-SHA384, and exactly one reference with {@code URI=""} (the whole document), so no part of
   * the manifest can sit outside what is signed. The JDK's secure validation mode is on.
   *
   * @throws CryptoException if the signature or a reference digest does not verify
   * @throws GpuEvidenceFormatException if the signature element is missing or malformed
   */
  public void verifySignature() {
    Document doc = SecureXml.parse("rim", xml);
    NodeList sigs = doc.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
    if (sigs.getLength() != 1) {
      throw new GpuEvidenceFormatException("rim.Signature", "expected exactly one, found " + sigs.getLength(), null);
    }
    Node sigNode = sigs.item(0);
    if (sigNode.getParentNode() != doc.getDocumentElement()) {
      throw new CryptoException("RIM signature is not enveloped in the SoftwareIdentity root");
    }
    DOMValidateContext ctx =
        new DOMValidateContext(KeySelector.singletonKeySelector(signingChain.get(0).getPublicKey()), sigNode);
    ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
    try {
      XMLSignature sig = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(ctx);
      String method = sig.getSignedInfo().getSignatureMethod().getAlgorithm();
      if (!SignatureMethod.ECDSA_SHA384.equals(method)) {
        throw new CryptoException("RIM signature method is " + method + ", expected ECDSA-SHA384");
      }
      List<?> refs = sig.getSignedInfo().getReferences();
      if (refs.size() != 1 || !"".equals(((Reference) refs.get(0)).getURI())) {
        throw new CryptoException("RIM signature must have exactly one reference to the whole document");
      }
      if (!C14N11.equals(sig.getSignedInfo().getCanonicalizationMethod().getAlgorithm())) {
        throw new CryptoException("RIM signature canonicalization is not C14N 1.1");
      }
      if (!sig.validate(ctx)) {
        boolean digestOk = ((Reference) refs.get(0)).validate(ctx);
        throw new CryptoException(digestOk
            ? "RIM XML signature value does not verify with the signer certificate"
            : "RIM XML digest does not match: the signed content was changed");
      }
    } catch (MarshalException e) {
      throw new GpuEvidenceFormatException("rim.Signature", "malformed XML signature: " + e.getMessage(), e);
    } catch (XMLSignatureException e) {
      throw new CryptoException("RIM XML signature could not be checked: " + e.getMessage(), e);
    }
  }

  /**
   * Validates the signing chain to a RIM root at a given time, replacing the embedded root with
   * the pinned one as NVIDIA's verifier does.
   *
   * @param root the pinned RIM root (see {@link GpuEvidenceVerifier})
   * @param at the validation time
   * @return empty when valid, else the first problem (e.g. an expired signer)
   */
  public Optional<String> validateChain(X509Certificate root, Instant at) {
    List<X509Certificate> path = signingChain.size() > 1
        ? signingChain.subList(0, signingChain.size() - 1)
        : signingChain;
    return CertPaths.validate(path, root, at);
  }

  /**
   * Returns the SWID tag id.
   *
   * @return the tag id
   */
  public String tagId() {
    return tagId;
  }

  /**
   * Returns the product name (e.g. {@code GH100}).
   *
   * @return the product
   */
  public String product() {
    return product;
  }

  /**
   * Returns {@code Meta@colloquialVersion}: the driver or VBIOS version the RIM describes.
   *
   * @return the version as written in the RIM
   */
  public String version() {
    return version;
  }

  /**
   * Returns all golden measurements, active or not, in document order.
   *
   * @return the measurements
   */
  public List<GoldenMeasurement> measurements() {
    return measurements;
  }

  /**
   * Returns the embedded signing chain, signer first, as embedded (root included).
   *
   * @return the certificates
   */
  public List<X509Certificate> signingChain() {
    return signingChain;
  }

  /**
   * Returns the RIM XML as parsed.
   *
   * @return a copy of the bytes
   */
  public byte[] toByteArray() {
    return xml.clone();
  }

  /** Returns the product, version and measurement count. */
  @Override
  public String toString() {
    return "ReferenceIntegrityManifest[product=" + product + ", version=" + version
        + ", measurements=" + measurements.size() + "]";
  }

}
