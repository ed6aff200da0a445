// The finder classes of issue 14, one behaviour each: app echoes, escapes, ids around the message,
// arrValErrs, lookalike hosts, stored compression, the SAML redirect binding, and the traps that
// mention codes without being errors. The whole corpus: tests/adversarial/finder.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "AadEntryBuilder.h"
#include "codec/Base64.h"
#include "codec/Compression.h"
#include "detect/Saml.h"
#include "detect/Scanners.h"
#include "detect/aad/AadPrefilter.h"
#include "tracesan/AadErrors.h"

using namespace tracesan;
using testutil::EntryBuilder;

namespace {

constexpr const char* kTrace = "11111111-2222-3333-4444-555555550000";
constexpr const char* kCorrelation = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
constexpr const char* kApp = "https://app.contoso-fake.example";

std::vector<Finding> find(const Entry& e) { return findAadErrors(e, FindOptions{}); }

std::vector<std::string> kinds(const Finding& f) {
  std::vector<std::string> out;
  for (const ErrorSource& s : f.sources) out.push_back(s.kind);
  return out;
}

std::string description(const std::string& code) {
  return code + ": Your administrator has blocked this.\r\nTrace ID: " + kTrace + "\r\nCorrelation ID: " + kCorrelation +
         "\r\nTimestamp: 2026-11-30 10:15:04Z";
}

std::string htmlEscaped(std::string s) {
  std::string out;
  for (char c : s) out += c == '\'' ? std::string("&#39;") : c == '\r' ? std::string("&#13;") : std::string(1, c);
  return out;
}

}  // namespace

TEST_CASE("an app's error page echoing Entra's error is an app-echo finding, even with status 200") {
  std::string page = "<pre>OpenIdConnectProtocolException: Message contains error: &#39;access_denied&#39;, "
                     "error_description: &#39;" + htmlEscaped(description("AADSTS50105")) + "&#39;</pre>";
  auto found = find(EntryBuilder("GET", std::string(kApp) + "/Home/Error").responseBody("text/html", page).build());
  REQUIRE(found.size() == 1);
  CHECK(found[0].code == 50105);
  CHECK(found[0].sources.front().kind == "app-echo");
  CHECK(found[0].traceId == kTrace);
  CHECK(found[0].correlationId == kCorrelation);
}

TEST_CASE("the app's echo merges after the Entra response it echoes") {
  std::string d = description("AADSTS50105");
  std::string page = "<div>Message contains error: &#39;access_denied&#39;, error_description: &#39;" + htmlEscaped(d) + "</div>";
  auto found = find(EntryBuilder("POST", std::string(kApp) + "/signin-oidc", 500)
                        .requestBody("application/x-www-form-urlencoded",
                                     "error=access_denied&error_description=" + detect::encodeValue(d, detect::ValueEncoding::Form))
                        .responseBody("text/html", page)
                        .build());
  REQUIRE(found.size() == 1);
  CHECK(kinds(found[0]) == std::vector<std::string>{"form_post", "app-echo"});
}

TEST_CASE("a help page naming a code beside an error_description field is not an echo") {
  std::string page = "<form><input type=\"hidden\" name=\"error_description\" value=\"AADSTS50125: example\" /></form>";
  CHECK(find(EntryBuilder("GET", std::string(kApp) + "/ticket").responseBody("text/html", page).build()).empty());
}

TEST_CASE("a code right after a \\u0027 escape is found with its ids") {
  std::string body = "<script>var e = \"error_description: \\u0027AADSTS50173: Fresh token needed.\\r\\nTrace ID: " +
                     std::string(kTrace) + "\\r\\nCorrelation ID: " + kCorrelation + "\\u0027\";</script>";
  auto found = find(EntryBuilder("GET", "https://login.microsoftonline.com/common/reprocess").responseBody("text/html", body).build());
  REQUIRE(found.size() == 1);
  CHECK(found[0].code == 50173);
  CHECK(found[0].correlationId == kCorrelation);
}

TEST_CASE("ids printed before the message, after markup and with localized labels are read") {
  std::string table = std::string("<table><tr><td><b>ID de la demande:</b></td><td>") + kTrace +
                      "</td></tr><tr><td><b>ID de corrélation:</b></td><td>" + kCorrelation +
                      "</td></tr><tr><td><b>Message:</b></td><td>AADSTS50020: User account does not exist.</td></tr></table>";
  auto found = find(EntryBuilder("GET", "https://login.microsoftonline.com/common/oauth2/authorize").responseBody("text/html", table).build());
  REQUIRE(found.size() == 1);
  CHECK(found[0].traceId == kTrace);
  CHECK(found[0].correlationId == kCorrelation);
  CHECK(found[0].message == "User account does not exist.");
}

TEST_CASE("the ids of an earlier code's block are not taken for a later code") {
  std::string text = std::string("Correlation ID: ") + kCorrelation + "\nAADSTS50020: first.\nAADSTS50105: second.";
  auto found = find(EntryBuilder("GET", "https://login.microsoftonline.com/x").responseBody("text/plain", text).build());
  REQUIRE(found.size() == 2);
  CHECK(found[0].correlationId == kCorrelation);
  CHECK(found[1].correlationId.empty());
}

TEST_CASE("$Config arrValErrs without sErrorCode is a finding") {
  std::string page = std::string("<script>$Config={\"pgid\":\"ConvergedSignIn\",\"arrValErrs\":[\"50126\"],\"iErrorCode\":0,") +
                     "\"correlationId\":\"" + kCorrelation + "\"};</script>";
  auto found = find(EntryBuilder("POST", "https://login.microsoftonline.com/common/login")
                        .responseHeader("x-ms-request-id", kTrace)
                        .responseBody("text/html", page)
                        .build());
  REQUIRE(found.size() == 1);
  CHECK(found[0].code == 50126);
  CHECK(found[0].sources.front().kind == "config");
  CHECK(found[0].traceId == kTrace);
  CHECK(found[0].correlationId == kCorrelation);
}

TEST_CASE("$Config on a lookalike host is reported as untrusted-config") {
  std::string page = "<script>$Config={\"iErrorCode\":50126,\"sErrorCode\":\"50126\"};</script>";
  auto found = find(EntryBuilder("POST", "https://login.microsoftonline.com.contoso-fake.example/common/login")
                        .responseBody("text/html", page)
                        .build());
  REQUIRE(found.size() == 1);
  CHECK(found[0].sources.front().kind == "untrusted-config");
  CHECK_FALSE(found[0].entraHost);
}

TEST_CASE("a HAR body stored as base64 of its gzip bytes is read, and the prefilter lets it through") {
  std::string json = R"({"error":"invalid_grant","error_codes":[70008],"error_description":"AADSTS70008: expired."})";
  auto gz = codec::gzipEncode(json);
  REQUIRE(gz);
  Entry e = EntryBuilder("POST", "https://login.microsoftonline.com/common/oauth2/v2.0/token", 400)
                .responseHeader("Content-Encoding", "gzip")
                .responseBody("application/json", codec::base64Encode(*gz), "base64")
                .build();
  auto found = find(e);
  REQUIRE(found.size() == 1);
  CHECK(found[0].code == 70008);
  CHECK(aad::mayHoldAadError(R"({"content":{"text":"H4sI","encoding":"base64"}})"));
}

TEST_CASE("a B2C-only page and a wresult name their words for the prefilter") {
  CHECK(aad::mayHoldAadError("{\"text\":\"AADB2C90118: forgot password\"}"));
  CHECK(aad::mayHoldAadError("{\"text\":\"wa=wsignin1.0&wresult=PHM6RW52\"}"));
  CHECK_FALSE(aad::mayHoldAadError("{\"text\":\"nothing to see here\"}"));
}

TEST_CASE("a SAML LogoutResponse in the redirect binding is found in the request query and in Location") {
  std::string xml = std::string("<samlp:LogoutResponse><samlp:Status><samlp:StatusCode Value=\"x\"/><samlp:StatusMessage>") +
                    "AADSTS75005: Saml2 message is invalid.\nTrace ID: " + kTrace + "</samlp:StatusMessage></samlp:Status></samlp:LogoutResponse>";
  auto encoded = detect::encodeSamlMessage(xml, detect::SamlTransport::Base64Deflate);
  REQUIRE(encoded);
  std::string query = "SAMLResponse=" + detect::encodeValue(*encoded, detect::ValueEncoding::Form) + "&RelayState=r";
  auto inQuery = find(EntryBuilder("GET", std::string(kApp) + "/saml/slo?" + query, 302).build());
  REQUIRE(inQuery.size() == 1);
  CHECK(inQuery[0].sources.front().kind == "saml");
  CHECK(inQuery[0].traceId == kTrace);
  auto inLocation = find(EntryBuilder("GET", "https://login.microsoftonline.com/t/saml2", 302)
                             .responseHeader("Location", std::string(kApp) + "/saml/slo?" + query)
                             .build());
  REQUIRE(inLocation.size() == 1);
  CHECK(inLocation[0].code == 75005);
}

TEST_CASE("documentation JSON and catalogs listing codes are not findings") {
  std::string docs = R"({"results":[{"title":"AADSTS50125","description":"AADSTS50125: Sign-in was interrupted."}]})";
  CHECK(find(EntryBuilder("GET", "https://learn.contoso-fake.example/api/search").responseBody("application/json", docs).build()).empty());
  std::string catalog = R"({"codes":[{"message":"AADSTS53003: Blocked by Conditional Access.","detail":"AADSTS53003"}]})";
  CHECK(find(EntryBuilder("GET", std::string(kApp) + "/api/catalog").responseBody("application/json", catalog).build()).empty());
  // The same words under an error member of an API's answer are an error.
  std::string api = R"({"error":{"message":"AADSTS53003: Blocked by Conditional Access."}})";
  CHECK(find(EntryBuilder("GET", std::string(kApp) + "/api/me").responseBody("application/json", api).build()).size() == 1);
}

TEST_CASE("a 404 page echoing a request path with a code is not a finding") {
  CHECK(find(EntryBuilder("GET", std::string(kApp) + "/help/AADSTS50105", 404)
                 .responseBody("text/html", "<p>/help/AADSTS50105 was not found</p>")
                 .build())
            .empty());
  // A failing page naming a code its path does not is still read.
  CHECK(find(EntryBuilder("GET", std::string(kApp) + "/help", 500).responseBody("text/plain", "AADSTS50105: denied").build()).size() == 1);
}

TEST_CASE("a redirect off Entra's hosts needs error beside error_description") {
  std::string help = std::string(kApp) + "/help?error_description=AADSTS50058%3a+explained";
  CHECK(find(EntryBuilder("GET", std::string(kApp) + "/login", 302).responseHeader("Location", help).build()).empty());
  std::string real = std::string(kApp) + "/cb?error=login_required&error_description=AADSTS50058%3a+no+user";
  CHECK(find(EntryBuilder("GET", std::string(kApp) + "/login", 302).responseHeader("Location", real).build()).size() == 1);
}
