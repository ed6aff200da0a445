// The redactor's and the AADSTS finder's policies over the one body classifier (http/MediaType.h):
// what each does with a body of each kind, including types that lie or say little.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "AadEntryBuilder.h"
#include "TestUtil.h"
#include "codec/Base64.h"
#include "tracesan/AadErrors.h"
#include "tracesan/Redactor.h"

using namespace tracesan;
using testutil::EntryBuilder;

namespace {

const std::string kRefresh = "0.AXYAFAKEFAKE-refresh-token-Zm9vYmFyYmF6cXV4";
const std::string kJwt = codec::base64Encode(R"({"alg":"RS256","typ":"JWT"})", true, false) + "." +
                         codec::base64Encode(R"({"upn":"adele@contoso.example","tid":"fake"})", true, false) +
                         ".c2lnbmF0dXJlLUZBS0UtMDEyMzQ1Njc4OQ";

Entry withResponseBody(const std::string& mime, const std::string& body) {
  return EntryBuilder("POST", "https://login.microsoftonline.com/common/oauth2/v2.0/token").responseBody(mime, body).build();
}

bool hasLocation(const RedactionResult& r, const std::string& location) {
  for (const auto& rec : r.records)
    if (rec.location == location) return true;
  return false;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

Redactor redactor() { return testutil::keyedRedactor("body-policy-test"); }

std::vector<Finding> find(const Entry& e) { return findAadErrors(e, FindOptions{}); }

const std::string kError = "AADSTS50126: Error validating credentials due to invalid username or password.";

}  // namespace

// --- the redactor --------------------------------------------------------------------------------

TEST_CASE("a JSON body is read as JSON whatever the case, parameters or suffix of its type") {
  for (const char* mime : {"Application/JSON; Charset=UTF-8", "application/problem+json", "text/x-json"}) {
    INFO(mime);
    Entry e = withResponseBody(mime, R"({"token_type":"Bearer","refresh_token":")" + kRefresh + R"("})");
    auto res = redactor().redact(e);
    CHECK_FALSE(contains(e.response.body.text.value, kRefresh));
    CHECK(hasLocation(res, "response.body.json.$.refresh_token"));
    CHECK(contains(e.response.body.text.value, R"("token_type":"Bearer")"));  // harmless: kept
  }
}

TEST_CASE("a JSON body under a type that says little is sniffed") {
  for (const char* mime : {"text/plain", "", "application/x-custom", "text/javascript"}) {
    INFO(mime);
    Entry e = withResponseBody(mime, " \r\n{\"refresh_token\":\"" + kRefresh + "\"}");
    auto res = redactor().redact(e);
    CHECK_FALSE(contains(e.response.body.text.value, kRefresh));
    CHECK(hasLocation(res, "response.body.json.$.refresh_token"));
  }
  // Past a byte order mark the body is still taken for JSON; its secret goes all the same.
  Entry bom = withResponseBody("text/plain", "\xEF\xBB\xBF{\"refresh_token\":\"" + kRefresh + "\"}");
  (void)redactor().redact(bom);
  CHECK_FALSE(contains(bom.response.body.text.value, kRefresh));
}

TEST_CASE("a form is taken on its type's word only: form-looking text is free text") {
  Entry form = withResponseBody("application/x-www-form-urlencoded", "refresh_token=" + kRefresh + "&state=ok");
  auto res = redactor().redact(form);
  CHECK(hasLocation(res, "response.body.form.refresh_token"));
  CHECK_FALSE(contains(form.response.body.text.value, kRefresh));

  Entry text = withResponseBody("text/plain", "refresh_token=" + kRefresh + "&state=ok");
  auto plain = redactor().redact(text);
  CHECK_FALSE(hasLocation(plain, "response.body.form.refresh_token"));
  CHECK_FALSE(contains(text.response.body.text.value, kRefresh));  // the free-text pass still gets it
}

TEST_CASE("binary bytes under any declared text kind fail closed") {
  const std::string binary = std::string("\x01\x02\x03\x04\x05\x06\x00", 7) + kRefresh;
  for (const char* mime : {"text/css", "application/soap+xml", "application/javascript", "text/html; charset=utf-8"}) {
    INFO(mime);
    Entry e = withResponseBody(mime, binary);
    auto res = redactor().redact(e);
    REQUIRE(res.failClosed.size() == 1);
    CHECK(res.failClosed[0].reason == "binary content with a text media type");
    CHECK_FALSE(contains(e.response.body.text.value, kRefresh));
  }
}

TEST_CASE("binary bytes under a binary or unknown type keep their length, the secret one layer into the runs goes") {
  const std::string binary = std::string("\x0a\x20", 2) + kJwt + std::string("\x12\x04\x00\x01\x02\x03", 6);
  for (const char* mime : {"application/octet-stream; name=\"page.html\"", "application/x-protobuf",
                           "application/x-msgpack", "application/grpc-web+proto"}) {
    INFO(mime);
    Entry e = withResponseBody(mime, codec::base64Encode(binary));
    e.response.body.encoding = testutil::text("base64");
    auto res = redactor().redact(e);
    CHECK(res.failClosed.empty());
    auto decoded = codec::base64Decode(e.response.body.text.value);
    REQUIRE(decoded);
    CHECK(decoded->size() == binary.size());
    CHECK_FALSE(contains(*decoded, kJwt));
  }
}

TEST_CASE("pictures, sound, video and fonts are not scanned, wherever the font is filed") {
  for (const char* mime : {"image/png", "IMAGE/SVG+XML", "font/woff2", "application/font-woff"}) {
    INFO(mime);
    Entry e = withResponseBody(mime, codec::base64Encode("\x89PNG\r\n" + kJwt));
    e.response.body.encoding = testutil::text("base64");
    const std::string before = e.response.body.text.value;
    auto res = redactor().redact(e);
    CHECK(e.response.body.text.value == before);
    CHECK(res.failClosed.empty());
  }
}

// --- the finder ----------------------------------------------------------------------------------

TEST_CASE("the finder reads a code in text, JSON and packed messages on Entra's hosts") {
  for (const char* mime : {"text/plain", "Application/JSON; charset=utf-8", "application/grpc-web+proto", ""}) {
    INFO(mime);
    auto e = EntryBuilder("POST", "https://login.microsoftonline.com/common/oauth2/v2.0/token", 400)
                 .responseBody(mime, std::string("\x0a\x01 ", 3) + kError)
                 .build();
    auto found = find(e);
    REQUIRE(found.size() == 1);
    CHECK(found[0].code == 50126);
  }
}

TEST_CASE("the finder skips scripts, style sheets, media and binary documents that name a code") {
  for (const char* mime : {"application/javascript", "text/css", "image/svg+xml", "application/pdf",
                           "application/octet-stream", "font/woff2"}) {
    INFO(mime);
    auto e = EntryBuilder("GET", "https://login.microsoftonline.com/shared/bundle", 400)
                 .responseBody(mime, "var m={\"50126\":\"" + kError + "\"};")
                 .build();
    CHECK(find(e).empty());
  }
}

TEST_CASE("the finder reads a JSON error whose type says little, and a form post whose type has odd case") {
  auto json = EntryBuilder("POST", "https://login.microsoftonline.com/common/oauth2/v2.0/token", 400)
                  .responseBody("text/plain", R"({"error":"invalid_grant","error_description":")" + kError +
                                                  R"(","error_codes":[50126]})")
                  .build();
  auto found = find(json);
  REQUIRE(found.size() == 1);
  REQUIRE_FALSE(found[0].sources.empty());
  CHECK(found[0].sources[0].kind == "json");

  auto post = EntryBuilder("POST", "https://app.contoso-fake.example/signin-oidc")
                  .requestBody("Application/X-WWW-Form-URLEncoded; charset=UTF-8",
                               "error=access_denied&error_description=AADSTS50105%3a+Not+assigned.")
                  .build();
  auto posted = find(post);
  REQUIRE(posted.size() == 1);
  CHECK(posted[0].code == 50105);
}
