// SAML and WS-Fed messages are redacted element by element (lib/redact/KeptEvidence.cpp): the
// secrets go, the evidence the finder reads (Status, StatusMessage, Issuer, IDs, timestamps) stays,
// and the value is written back with the layering it came in.
#include <catch2/catch.hpp>

#include <string>

#include "TestUtil.h"
#include "codec/Base64.h"
#include "detect/Saml.h"
#include "detect/Scanners.h"
#include "tracesan/Redactor.h"

using namespace tracesan;
using testutil::text;

namespace {

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

const std::string kErrorStatus =
    "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Requester\"/>"
    "<samlp:StatusMessage>AADSTS75011: Authentication method does not match.\nTrace ID: "
    "11111111-2222-3333-4444-555555550000</samlp:StatusMessage></samlp:Status>";

// A response with an error status and, one layer deeper, an assertion holding a NameID, an
// attribute and a signature.
std::string responseWithAssertion() {
  return "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_resp-FAKE-1\" "
         "IssueInstant=\"2026-11-30T10:15:04Z\"><saml:Issuer>https://sts.windows.net/fake-tenant/</saml:Issuer>" +
         kErrorStatus +
         "<saml:Assertion ID=\"_assert-FAKE-1\"><saml:Subject><saml:NameID>adele@contoso-fake.example</saml:NameID>"
         "</saml:Subject><saml:AttributeStatement><saml:Attribute Name=\"groups\"><saml:AttributeValue>FAKE-group-1"
         "</saml:AttributeValue></saml:Attribute></saml:AttributeStatement><ds:SignatureValue>FAKE-signature-value-1"
         "</ds:SignatureValue></saml:Assertion></samlp:Response>";
}

Entry getEntry(const std::string& url) {
  Entry e;
  e.number = 1;
  e.request.method = text("GET");
  e.request.url = text(url);
  return e;
}

// The SAMLResponse of a URL's query, percent-decoded.
std::string queryValue(const std::string& url, std::string_view name) {
  for (const detect::NamedValue& v : detect::scanUrl(url))
    if (v.name == name) return v.value;
  return {};
}

}  // namespace

TEST_CASE("an assertion deflated and base64 encoded in a query loses its secrets and keeps the status") {
  Redactor r = testutil::keyedRedactor("saml-redaction-test");
  auto encoded = detect::encodeSamlMessage(responseWithAssertion(), detect::SamlTransport::Base64Deflate);
  REQUIRE(encoded);
  std::string query = detect::encodeValue(*encoded, detect::ValueEncoding::Form);
  Entry e = getEntry("https://app.contoso-fake.example/saml/acs?SAMLResponse=" + query + "&x=1");
  RedactionResult res = r.redact(e);

  auto message = detect::decodeSamlMessage(queryValue(e.request.url.value, "SAMLResponse"));
  REQUIRE(message);
  CHECK(message->transport == detect::SamlTransport::Base64Deflate);  // same layering as it came
  const std::string& xml = message->xml;
  CHECK_FALSE(contains(xml, "adele@contoso-fake.example"));
  CHECK_FALSE(contains(xml, "FAKE-group-1"));
  CHECK_FALSE(contains(xml, "FAKE-signature-value-1"));
  CHECK(contains(xml, "<saml:Assertion ID=\"_assert-FAKE-1\">REDACTED-saml_assertion-"));
  CHECK(contains(xml, kErrorStatus));
  CHECK(contains(xml, "ID=\"_resp-FAKE-1\" IssueInstant=\"2026-11-30T10:15:04Z\""));
  CHECK(contains(xml, "<saml:Issuer>https://sts.windows.net/fake-tenant/</saml:Issuer>"));
  CHECK(contains(e.request.url.value, "&x=1"));
  REQUIRE_FALSE(res.records.empty());
  CHECK(res.records[0].kind == "saml_assertion");
}

TEST_CASE("an error SAMLResponse without secrets stays byte for byte") {
  Redactor r = testutil::keyedRedactor("saml-redaction-test");
  std::string xml = "<samlp:Response ID=\"_FAKE-2\">" + kErrorStatus + "</samlp:Response>";
  std::string body = "SAMLResponse=" + detect::encodeValue(codec::base64Encode(xml), detect::ValueEncoding::Form);
  Entry e = getEntry("https://app.contoso-fake.example/saml/acs");
  e.request.method = text("POST");
  e.request.body.present = true;
  e.request.body.mimeType = text("application/x-www-form-urlencoded");
  e.request.body.text = text(body);
  e.request.body.params.push_back(testutil::field("SAMLResponse", codec::base64Encode(xml)));
  RedactionResult res = r.redact(e);
  CHECK(e.request.body.text.value == body);
  CHECK(e.request.body.params[0].value.value == codec::base64Encode(xml));  // the HAR view too
  CHECK(res.records.empty());
}

TEST_CASE("a WS-Fed wresult in an auto-post page loses its token and proof key, not its lifetime") {
  Redactor r = testutil::keyedRedactor("saml-redaction-test");
  std::string rstr =
      "&lt;t:RequestSecurityTokenResponse xmlns:t=&quot;http://schemas.xmlsoap.org/ws/2005/02/trust&quot;&gt;"
      "&lt;t:Lifetime&gt;&lt;wsu:Created&gt;2026-11-30T10:15:04Z&lt;/wsu:Created&gt;&lt;/t:Lifetime&gt;"
      "&lt;t:RequestedSecurityToken&gt;&lt;wsse:BinarySecurityToken&gt;FAKE-bst-token-1&lt;/wsse:BinarySecurityToken&gt;"
      "&lt;/t:RequestedSecurityToken&gt;&lt;t:RequestedProofToken&gt;&lt;t:BinarySecret&gt;FAKE-proof-key-1"
      "&lt;/t:BinarySecret&gt;&lt;/t:RequestedProofToken&gt;&lt;/t:RequestSecurityTokenResponse&gt;";
  std::string page = "<html><body><form method=\"POST\"><input type=\"hidden\" name=\"wresult\" value=\"" + rstr +
                     "\" /></form></body></html>";
  Entry e = getEntry("https://login.microsoftonline.com/fake-tenant/wsfed");
  e.response.present = true;
  e.response.body.present = true;
  e.response.body.mimeType = text("text/html");
  e.response.body.text = text(page);
  r.redact(e);
  const std::string& out = e.response.body.text.value;
  CHECK_FALSE(contains(out, "FAKE-bst-token-1"));
  CHECK_FALSE(contains(out, "FAKE-proof-key-1"));
  CHECK(contains(out, "&lt;wsu:Created&gt;2026-11-30T10:15:04Z&lt;/wsu:Created&gt;"));
  CHECK(contains(out, "REDACTED-saml_security_token-"));
}

TEST_CASE("a SAML value whose secrets cannot be told apart is replaced whole") {
  Redactor r = testutil::keyedRedactor("saml-redaction-test");
  // An assertion without its end tag: the element scanner cannot say where the secret ends.
  std::string xml = "<samlp:Response>" + kErrorStatus + "<saml:Assertion><saml:NameID>adele@contoso-fake.example";
  Entry e = getEntry("https://app.contoso-fake.example/saml/acs?SAMLResponse=" +
                     detect::encodeValue(codec::base64Encode(xml), detect::ValueEncoding::Form));
  r.redact(e);
  CHECK(isPlaceholder(queryValue(e.request.url.value, "SAMLResponse")));
}

TEST_CASE("a SAMLRequest naming AssertionConsumerServiceURL and NameIDPolicy is not a secret") {
  Redactor r = testutil::keyedRedactor("saml-redaction-test");
  std::string xml =
      "<samlp:AuthnRequest ID=\"_req-FAKE\" AssertionConsumerServiceURL=\"https://app.contoso-fake.example/acs\">"
      "<saml:Issuer>https://app.contoso-fake.example</saml:Issuer><samlp:NameIDPolicy Format=\"x\"/></samlp:AuthnRequest>";
  auto encoded = detect::encodeSamlMessage(xml, detect::SamlTransport::Base64Deflate);
  REQUIRE(encoded);
  std::string url = "https://login.microsoftonline.com/fake-tenant/saml2?SAMLRequest=" +
                    detect::encodeValue(*encoded, detect::ValueEncoding::Form);
  Entry e = getEntry(url);
  RedactionResult res = r.redact(e);
  CHECK(e.request.url.value == url);
  CHECK(res.records.empty());
}

TEST_CASE("sanitizing a sanitized SAML message again changes nothing and finds nothing") {
  Redactor r = testutil::keyedRedactor("saml-redaction-test");
  std::string url = "https://app.contoso-fake.example/acs?SAMLResponse=" +
                    detect::encodeValue(codec::base64Encode(responseWithAssertion()), detect::ValueEncoding::Form);
  Entry e = getEntry(url);
  CHECK_FALSE(r.checkEntry(e).empty());
  r.redact(e);
  std::string once = e.request.url.value;
  CHECK(once != url);
  CHECK(r.checkEntry(e).empty());
  r.redact(e);
  CHECK(e.request.url.value == once);
}

TEST_CASE("the error lookup page's code is an AADSTS code and stays") {
  Redactor r = testutil::keyedRedactor("saml-redaction-test");
  Entry e = getEntry("https://login.microsoftonline.com/error?code=50125");
  r.redact(e);
  CHECK(e.request.url.value == "https://login.microsoftonline.com/error?code=50125");

  // Inside a JSON error_uri as well.
  Entry j = getEntry("https://login.microsoftonline.com/common/oauth2/v2.0/token");
  j.response.present = true;
  j.response.body.present = true;
  j.response.body.mimeType = text("application/json");
  std::string body = R"({"error":"invalid_grant","error_uri":"https://login.microsoftonline.com/error?code=70008"})";
  j.response.body.text = text(body);
  r.redact(j);
  CHECK(j.response.body.text.value == body);
}

TEST_CASE("a short numeric code elsewhere is still redacted as an authorization code") {
  Redactor r = testutil::keyedRedactor("saml-redaction-test");
  for (std::string url : {"https://app.contoso-fake.example/error?code=50125",  // not an Entra host
                          "https://login.microsoftonline.com/common/oauth2/authorize?code=50125",  // not /error
                          "https://login.microsoftonline.com/error?code=50125x"}) {                // not a number
    Entry e = getEntry(url);
    r.redact(e);
    CHECK(e.request.url.value != url);
  }
}
