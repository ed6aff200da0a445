// Issue 17: secrets one layer deeper than the structure scanners look (escape layers, framings,
// binary payloads, text pairs, generic names with a shape test), and harmless values under scary
// names that must stay. Each case pairs a hidden secret with the evidence around it.
#include <catch2/catch.hpp>

#include <fstream>

#include "TestUtil.h"
#include "detect/TextScanners.h"
#include "text/Layers.h"
#include "tracesan/Redactor.h"

using namespace tracesan;


namespace {

const std::string kKey = "trust-layers-test-key";
const std::string kSecret = "Zq7FAKEk2Lp9Wx4Rt6Yu1Io3Pa5Sd8Fg";  // credential-shaped, no known prefix

Entry entryWithBody(const std::string& mime, const std::string& content) {
  return testutil::responseEntry("https://app.contoso-fake.example/api", mime, content);
}

std::string redacted(const std::string& mime, const std::string& content, RedactionResult* out = nullptr) {
  Redactor r = testutil::keyedRedactor(kKey);
  Entry e = entryWithBody(mime, content);
  RedactionResult result = r.redact(e);
  if (out) *out = result;
  return e.response.body.text.value;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a decoded layer maps every byte back to where it came from") {
  auto regions = tracesan::text::decodeLayer(tracesan::text::Layer::Percent, "x?qs=a%253Db%2526c%253Dd end");
  REQUIRE(regions.size() == 1);
  CHECK(regions[0].text == "x?qs=a%3Db%26c%3Dd");
  CHECK(regions[0].original(6) == 6);    // the '%' of %253D
  CHECK(regions[0].original(9) == 11);   // 'b' after the 5-byte escape
  auto html = tracesan::text::decodeLayer(tracesan::text::Layer::Html, R"(<p>a&#x3D;b&amp;c</p>)");
  REQUIRE(html.size() == 1);
  CHECK(html[0].text == "a=b&c");
  CHECK_FALSE(tracesan::text::mayHideStructure(tracesan::text::Layer::Percent, "a%20b%41"));  // no structure in them
}

TEST_CASE("an access token behind an HTML-entity equals sign goes, the page text stays") {
  std::string out = redacted("text/html", "<p>/api?user=adele&amp;access_token&#x3D;" + kSecret + " and &amp;lang=de</p>");
  CHECK_FALSE(contains(out, kSecret));
  CHECK(contains(out, "<p>/api?user=adele&amp;access_token&#x3D;REDACTED-access_token-"));
  CHECK(contains(out, " and &amp;lang=de</p>"));
}

TEST_CASE("a JWT whose dots are encoded twice is found in a script") {
  const std::string jwt = "eyJhbGciOiJSUzI1NiJ9%252EeyJzdWIiOiJGQUtFLXVzZXIifQ%252E" + kSecret;
  std::string out = redacted("application/javascript", "var t = \"" + jwt + "\"; var region = \"westeurope\";");
  CHECK_FALSE(contains(out, kSecret));
  CHECK(contains(out, "var region = \"westeurope\";"));
}

TEST_CASE("an NDJSON body is redacted line by line and never replaced whole") {
  const std::string keep = R"({"name":"pageView","token":"arm","time":"2026-12-06T10:00:03Z"})";
  RedactionResult result;
  std::string out = redacted("application/x-json-stream", keep + "\n" + R"({"accessToken":")" + kSecret + "\"}\n", &result);
  CHECK(result.failClosed.empty());
  CHECK(out.rfind(keep + "\n{\"accessToken\":\"REDACTED-", 0) == 0);
  CHECK_FALSE(contains(out, kSecret));
}

TEST_CASE("XSSI-prefixed and JSONP bodies keep their framing") {
  std::string xssi = redacted("application/json", ")]}'\n{\"sessionToken\":\"" + kSecret + "\",\"items\":[\"kept\"]}");
  CHECK(xssi.rfind(")]}'\n{\"sessionToken\":\"REDACTED-token-", 0) == 0);
  CHECK(contains(xssi, "\"items\":[\"kept\"]}"));
  std::string jsonp = redacted("application/javascript", "cb({\"apiKey\":\"" + kSecret + "\"});");
  CHECK(jsonp.rfind("cb({\"apiKey\":\"REDACTED-api_key-", 0) == 0);
}

TEST_CASE("a generic name needs a credential-shaped value, a specific one does not") {
  std::string out = redacted("application/json", R"({"token":"arm","csrf_token_name":"__RequestVerificationToken","passwordPolicy":"Strong","secretKey":")" +
                                                     kSecret + R"(","password":"short"})");
  CHECK(contains(out, R"({"token":"arm","csrf_token_name":"__RequestVerificationToken","passwordPolicy":"Strong","secretKey":"REDACTED-)"));
  CHECK(contains(out, R"("password":"REDACTED-password-)"));
  CHECK_FALSE(contains(out, kSecret));
  CHECK(looksLikeCredential(kSecret));
  CHECK_FALSE(looksLikeCredential("11111111-2222-3333-4444-555555555555"));
  CHECK_FALSE(looksLikeCredential("https://a.example/x1y2z3abcdefgh"));
}

TEST_CASE("name=value and name: value written as text are redacted, literals stay") {
  std::string out = redacted("text/plain", "DB_PASSWORD=" + kSecret + "\nclient_secret: '" + kSecret + "x'\nretries: 3\nHasPassword: true\n");
  CHECK_FALSE(contains(out, kSecret));
  CHECK(contains(out, "DB_PASSWORD=REDACTED-password-"));
  CHECK(contains(out, "client_secret: 'REDACTED-client_secret-"));
  CHECK(contains(out, "retries: 3\nHasPassword: true\n"));
  auto pairs = detect::scanNameValueText("see https://x.example/a and C:\\temp");
  CHECK(pairs.empty());
}

TEST_CASE("a MessagePack value under a credential name is replaced with the same length") {
  const std::string mp = std::string("\x82\xac", 2) + "access_token" + std::string("\xd9\x20", 2) + kSecret +
                         std::string("\xa4", 1) + "room";
  Redactor r = testutil::keyedRedactor(kKey);
  Entry e = entryWithBody("application/msgpack", mp);
  r.redact(e);
  const std::string& out = e.response.body.text.value;
  CHECK(out.size() == mp.size());
  CHECK_FALSE(contains(out, kSecret));
  CHECK(out.substr(0, 16) == mp.substr(0, 16));  // the map header, the key and the length prefix
  CHECK(isPlaceholder(out.substr(16, kSecret.size())));
}

TEST_CASE("a secret learned late is replaced in a file written before it was learned") {
  RedactionSession session;
  session.remember(kSecret + "/+=", "REDACTED-token-00000000", "token");
  auto path = testutil::writeScratch("trust-late.har", R"({"log":{"pages":[{"title":"s )" + kSecret +
                                                         R"(\/+="}],"entries":[{"x":")" + kSecret + R"(/+="}]}})");
  auto n = replaceKnownSecretsInFile(path, session);
  REQUIRE(n);
  CHECK(*n == 2);
  std::string out = testutil::readFile(path);
  CHECK_FALSE(contains(out, kSecret));
  CHECK(contains(out, R"("title":"s REDACTED-token-00000000"}])"));
}

TEST_CASE("check counts a body it could not decode as a leak of that entry") {
  Redactor r = testutil::keyedRedactor(kKey);
  Entry e = entryWithBody("text/html", "\x1f\x8b not really gzip " + kSecret);
  e.number = 7;
  e.response.body.decodeError = "gzip: invalid header";
  auto leaks = r.checkEntry(e);
  REQUIRE(leaks.size() == 1);
  CHECK(leaks[0].entry == 7);
  CHECK(leaks[0].location == "response.body");
  // Undecodable is not the same as unparsable: text that is not the JSON its type says is read.
  Entry text = entryWithBody("application/json", "undefined");
  CHECK(r.checkEntry(text).empty());
}
