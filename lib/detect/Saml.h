// SAML / WS-Federation messages carried in form fields and query parameters: decoding the
// SAMLRequest / SAMLResponse / wresult value to its XML (and back), and locating the
// secret-bearing elements inside that XML.
//
//   Expected<SamlMessage> m = decodeSamlMessage(field.value);   // value already percent-decoded
//   for (const SamlSecret& s : findSamlSecrets(m->xml)) xml.replace(s.begin, s.end - s.begin, "REDACTED");
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Error.h"

namespace tracesan::detect {

// How the XML was carried, so a redacted document can be written back the same way.
enum class SamlTransport {
  Xml,                // the value is the XML itself (WS-Fed wresult)
  Base64,             // base64 of the XML (HTTP-POST binding SAMLResponse / SAMLRequest)
  Base64Deflate,      // base64 of raw DEFLATE of the XML (HTTP-Redirect binding SAMLRequest)
  Base64ZlibDeflate,  // base64 of zlib-wrapped DEFLATE (seen from some clients)
};

struct SamlMessage {
  std::string xml;
  SamlTransport transport = SamlTransport::Xml;
};

// True for the parameter names that carry SAML / WS-Fed XML: SAMLRequest, SAMLResponse, wresult.
bool isSamlParameterName(std::string_view name);

// Decodes a SAMLRequest / SAMLResponse / wresult value (already URL- or form-decoded). Whitespace
// inside base64 is ignored. Fails with an InvalidInput error when the value is neither XML nor
// base64 of (possibly deflated) XML, or inflates beyond 64 MiB.
Expected<SamlMessage> decodeSamlMessage(std::string_view value);

// Writes `xml` back with `transport` (before any URL or form encoding of the context).
Expected<std::string> encodeSamlMessage(std::string_view xml, SamlTransport transport);

// A secret-bearing element of a SAML document; the span is the element's content (between its
// start and end tags), so the markup stays well-formed when the content is replaced. Spans may
// nest: an assertion's span contains the spans of its NameID, attribute values and signature.
struct SamlSecret {
  std::size_t begin = 0, end = 0;
  std::string kind;     // "saml-assertion", "saml-encrypted-assertion", "saml-signature", "saml-certificate",
                        // "saml-nameid", "saml-attribute", "saml-cipher", "saml-security-token", "saml-key"
  std::string element;  // the qualified element name, e.g. "saml:Assertion"
  std::string name;     // for attributes: the Name of the enclosing <Attribute>
};

// Finds Assertion / EncryptedAssertion, SignatureValue, X509Certificate, NameID (and SAML 1.1
// NameIdentifier), AttributeValue, CipherValue, BinarySecurityToken and WS-Trust key material
// (BinarySecret, RequestedProofToken) elements, matching local
// names under any namespace prefix.
std::vector<SamlSecret> findSamlSecrets(std::string_view xml);

}  // namespace tracesan::detect
