#include <catch2/catch.hpp>

#include <zlib.h>

#include <string>

#include "codec/Base64.h"
#include "detect/Saml.h"

using namespace tracesan::detect;
using tracesan::codec::base64Encode;

namespace {

const std::string kResponse =
    R"(<?xml version="1.0" encoding="UTF-8"?>)"
    R"(<samlp:Response ID="_FAKE1" Version="2.0" IssueInstant="2025-01-02T03:04:05Z" Destination="https://sp.example/acs" )"
    R"(xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">)"
    R"(<Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">https://sts.windows.net/00000000-0000-0000-0000-000000000000/</Issuer>)"
    R"(<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>)"
    R"(<Assertion ID="_FAKE2" xmlns="urn:oasis:names:tc:SAML:2.0:assertion">)"
    R"(<Issuer>https://sts.windows.net/00000000-0000-0000-0000-000000000000/</Issuer>)"
    R"(<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><DigestValue>ZGlnZXN0LUZBS0U=</DigestValue></SignedInfo>)"
    R"(<SignatureValue>c2lnbmF0dXJlLUZBS0U=</SignatureValue>)"
    R"(<KeyInfo><X509Data><X509Certificate>MIIC8DCCAdigAwIBAgIQFAKE</X509Certificate></X509Data></KeyInfo></Signature>)"
    R"(<Subject><NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@contoso.example</NameID></Subject>)"
    R"(<AttributeStatement>)"
    R"(<Attribute Name="http://schemas.microsoft.com/identity/claims/objectidentifier">)"
    R"(<AttributeValue>11111111-2222-3333-4444-555555555555</AttributeValue></Attribute>)"
    R"(<Attribute Name="groups"><AttributeValue>g1</AttributeValue><AttributeValue>g2</AttributeValue></Attribute>)"
    R"(</AttributeStatement></Assertion></samlp:Response>)";

const std::string kErrorResponse =
    R"(<samlp:Response ID="_FAKE3" Version="2.0" xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">)"
    R"(<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester">)"
    R"(<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:RequestUnsupported"/></samlp:StatusCode>)"
    R"(<samlp:StatusMessage>AADSTS75006: An error occurred. Trace ID: 11111111-2222-3333-4444-555555550000</samlp:StatusMessage>)"
    R"(</samlp:Status></samlp:Response>)";

const std::string kRequest =
    R"(<samlp:AuthnRequest xmlns="urn:oasis:names:tc:SAML:2.0:metadata" ID="id_FAKE" Version="2.0" )"
    R"(IssueInstant="2025-01-02T03:04:05Z" xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">)"
    R"(<Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">https://sp.example</Issuer></samlp:AuthnRequest>)";

std::string deflate(const std::string& in, int windowBits) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, 9, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, in.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(::deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string contentOf(std::string_view xml, const SamlSecret& s) { return std::string(xml.substr(s.begin, s.end - s.begin)); }

}  // namespace

TEST_CASE("saml parameter names are recognised case-insensitively") {
  CHECK(isSamlParameterName("SAMLResponse"));
  CHECK(isSamlParameterName("samlrequest"));
  CHECK(isSamlParameterName("wresult"));
  CHECK_FALSE(isSamlParameterName("RelayState"));
}

TEST_CASE("a base64 SAMLResponse decodes to its xml") {
  auto m = decodeSamlMessage(base64Encode(kResponse));
  REQUIRE(m);
  CHECK(m->transport == SamlTransport::Base64);
  CHECK(m->xml == kResponse);
}

TEST_CASE("base64 with line breaks decodes too") {
  std::string b64 = base64Encode(kErrorResponse);
  for (std::size_t i = 76; i < b64.size(); i += 78) b64.insert(i, "\r\n");
  auto m = decodeSamlMessage("  " + b64 + "\n");
  REQUIRE(m);
  CHECK(m->xml == kErrorResponse);
}

TEST_CASE("a deflated SAMLRequest from the redirect binding is inflated") {
  auto m = decodeSamlMessage(base64Encode(deflate(kRequest, -15)));
  REQUIRE(m);
  CHECK(m->transport == SamlTransport::Base64Deflate);
  CHECK(m->xml == kRequest);
}

TEST_CASE("a zlib-wrapped deflated request is inflated") {
  auto m = decodeSamlMessage(base64Encode(deflate(kRequest, 15)));
  REQUIRE(m);
  CHECK(m->transport == SamlTransport::Base64ZlibDeflate);
  CHECK(m->xml == kRequest);
}

TEST_CASE("a wresult that is already xml is returned as is") {
  const std::string wresult = "<t:RequestSecurityTokenResponse xmlns:t=\"http://schemas.xmlsoap.org/ws/2005/02/trust\">"
                              "<t:RequestedSecurityToken>" + kResponse.substr(kResponse.find("<Assertion")) +
                              "</t:RequestedSecurityToken></t:RequestSecurityTokenResponse>";
  auto m = decodeSamlMessage(wresult);
  REQUIRE(m);
  CHECK(m->transport == SamlTransport::Xml);
  CHECK(m->xml == wresult);
}

TEST_CASE("invalid saml values fail with a clear error") {
  auto notBase64 = decodeSamlMessage("not base64 !!");
  REQUIRE_FALSE(notBase64);
  CHECK(notBase64.error().message() == "saml: invalid base64");
  auto notXml = decodeSamlMessage(base64Encode("hello, not xml"));
  REQUIRE_FALSE(notXml);
  CHECK(notXml.error().message() == "saml: base64 value is neither xml nor deflated xml");
  auto truncated = decodeSamlMessage(base64Encode(deflate(kRequest, -15).substr(0, 20)));
  CHECK_FALSE(truncated);
  CHECK_FALSE(decodeSamlMessage(""));
}

TEST_CASE("a deflate bomb is refused") {
  const std::string huge = "<" + std::string(70u << 20, 'a');
  auto m = decodeSamlMessage(base64Encode(deflate(huge, -15)));
  REQUIRE_FALSE(m);
  CHECK(m.error().message() == "saml: inflated message larger than 64 MiB");
}

TEST_CASE("encoding a message round-trips each transport") {
  for (auto t : {SamlTransport::Xml, SamlTransport::Base64, SamlTransport::Base64Deflate, SamlTransport::Base64ZlibDeflate}) {
    auto encoded = encodeSamlMessage(kRequest, t);
    REQUIRE(encoded);
    auto back = decodeSamlMessage(*encoded);
    REQUIRE(back);
    CHECK(back->transport == t);
    CHECK(back->xml == kRequest);
  }
}

TEST_CASE("secret elements of a response are found with content spans") {
  auto secrets = findSamlSecrets(kResponse);
  REQUIRE(secrets.size() == 7);
  CHECK(secrets[0].kind == "saml-assertion");
  CHECK(secrets[0].element == "Assertion");
  CHECK(contentOf(kResponse, secrets[0]).substr(0, 8) == "<Issuer>");
  CHECK(secrets[0].end == kResponse.find("</Assertion>"));
  CHECK(secrets[1].kind == "saml-signature");
  CHECK(contentOf(kResponse, secrets[1]) == "c2lnbmF0dXJlLUZBS0U=");
  CHECK(secrets[2].kind == "saml-certificate");
  CHECK(contentOf(kResponse, secrets[2]) == "MIIC8DCCAdigAwIBAgIQFAKE");
  CHECK(secrets[3].kind == "saml-nameid");
  CHECK(contentOf(kResponse, secrets[3]) == "alice@contoso.example");
  CHECK(secrets[4].kind == "saml-attribute");
  CHECK(secrets[4].name == "http://schemas.microsoft.com/identity/claims/objectidentifier");
  CHECK(contentOf(kResponse, secrets[4]) == "11111111-2222-3333-4444-555555555555");
  CHECK(secrets[5].name == "groups");
  CHECK(contentOf(kResponse, secrets[5]) == "g1");
  CHECK(contentOf(kResponse, secrets[6]) == "g2");
}

TEST_CASE("prefixed elements and saml 1.1 name identifiers are matched by local name") {
  const std::string xml = "<saml:Assertion MajorVersion=\"1\"><saml:AuthenticationStatement><saml:Subject>"
                          "<saml:NameIdentifier>alice@contoso.example</saml:NameIdentifier></saml:Subject>"
                          "</saml:AuthenticationStatement><ds:Signature><ds:SignatureValue>c2ln</ds:SignatureValue>"
                          "</ds:Signature></saml:Assertion>";
  auto secrets = findSamlSecrets(xml);
  REQUIRE(secrets.size() == 3);
  CHECK(secrets[0].element == "saml:Assertion");
  CHECK(secrets[1].kind == "saml-nameid");
  CHECK(contentOf(xml, secrets[1]) == "alice@contoso.example");
  CHECK(secrets[2].element == "ds:SignatureValue");
  CHECK(contentOf(xml, secrets[2]) == "c2ln");
}

TEST_CASE("an error response has no secrets") { CHECK(findSamlSecrets(kErrorResponse).empty()); }

TEST_CASE("comments, cdata and self-closing tags do not confuse the element finder") {
  const std::string xml = "<r><!-- <NameID>not</NameID> --><NameID/><NameID><![CDATA[a</NameID>b]]></NameID></r>";
  auto secrets = findSamlSecrets(xml);
  REQUIRE(secrets.size() == 1);
  CHECK(contentOf(xml, secrets[0]) == "<![CDATA[a</NameID>b]]>");
}

TEST_CASE("broken and hostile xml does not crash or hang") {
  CHECK(findSamlSecrets("<NameID>unterminated").empty());
  CHECK(findSamlSecrets("<NameID attr=\"unterminated>x</NameID>").empty());
  CHECK(findSamlSecrets("<").empty());
  CHECK(findSamlSecrets("</></NameID><NameID").empty());
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "<AttributeValue>";
  for (int i = 0; i < 100000; ++i) many += "</x>";
  CHECK(findSamlSecrets(many).empty());
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  deep += "<NameID>\xff\xfe</NameID>";
  auto secrets = findSamlSecrets(deep);
  REQUIRE(secrets.size() == 1);
  CHECK(contentOf(deep, secrets[0]) == "\xff\xfe");
}
