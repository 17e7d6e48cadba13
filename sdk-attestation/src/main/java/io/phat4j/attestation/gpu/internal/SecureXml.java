package io.phat4j.attestation.gpu.internal;

import io.phat4j.attestation.gpu.GpuEvidenceFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/** Parses untrusted XML: secure processing on, no DOCTYPE, no external entities or XInclude. */
public final class SecureXml {
  private SecureXml() {}

  /**
   * Parses XML bytes into a namespace-aware DOM.
   *
   * @param field the document name, for errors
   * @param xml the XML bytes
   * @return a fresh document (DOM is not thread-safe; each call gets its own)
   * @throws GpuEvidenceFormatException if the XML is malformed or has a DOCTYPE
   */
  public static Document parse(String field, byte[] xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(xml));
    } catch (SAXException | IOException e) {
      throw new GpuEvidenceFormatException(field, "malformed XML: " + e.getMessage(), e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("XML parser lacks a required security feature", e);
    }
  }
}
