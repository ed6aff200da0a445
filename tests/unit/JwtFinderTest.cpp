// JWT finding plus the other header-borne credentials: Authorization values and
// WWW-Authenticate / PKeyAuth parameter lists.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "codec/Base64.h"
#include "detect/Scanners.h"
#include "text/TextCodec.h"

using namespace tracesan::detect;
using tracesan::codec::base64Encode;

namespace {

std::string b64u(std::string_view s) { return base64Encode(s, true, false); }

std::string makeJws(std::string_view header = R"({"typ":"JWT","alg":"RS256","kid":"FAKEkid"})") {
  return b64u(header) + "." +
         b64u(R"({"aud":"https://graph.microsoft.com","iss":"https://sts.windows.net/00000000-0000-0000-0000-000000000000/",)"
              R"("upn":"alice@contoso.example","oid":"11111111-2222-3333-4444-555555555555"})") +
         "." + b64u("FAKE-signature-bytes-\xff\xfe");
}

std::string makeJwe() {
  return b64u(R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"FAKE"})") + "." + b64u("encrypted-key-FAKE") + "." +
         b64u("iv-FAKE") + "." + b64u("ciphertext-FAKE-ciphertext") + "." + b64u("tag-FAKE");
}

std::string spanOf(std::string_view text, const TokenSpan& t) { return std::string(text.substr(t.begin, t.end - t.begin)); }

}  // namespace

TEST_CASE("a bare jws is found with its exact span") {
  const std::string jwt = makeJws();
  auto found = findJwts(jwt);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "jwt");
  CHECK(found[0].begin == 0);
  CHECK(found[0].end == jwt.size());
}

TEST_CASE("a jwe with five parts is found as jwe") {
  const std::string jwe = makeJwe();
  const std::string text = "token=" + jwe + "&x=1";
  auto found = findJwts(text);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "jwe");
  CHECK(spanOf(text, found[0]) == jwe);
}

TEST_CASE("a direct-encryption jwe with an empty key segment is found") {
  const std::string jwe = b64u(R"({"alg":"dir","enc":"A256GCM"})") + ".." + b64u("iv") + "." + b64u("ciphertext") + "." +
                          b64u("tag");
  auto found = findJwts(jwe);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "jwe");
  CHECK(found[0].end == jwe.size());
}

TEST_CASE("jwts are found inside url parameters, json strings, html and bearer headers") {
  const std::string jwt = makeJws();
  const std::string text = "GET /cb?id_token=" + jwt + "&state=1\n{\"access_token\":\"" + jwt +
                           "\"}\n<input name=\"id_token\" value=\"" + jwt + "\">\nAuthorization: Bearer " + jwt +
                           "\r\nx-ms-RefreshTokenCredential=" + jwt + ";";
  auto found = findJwts(text);
  REQUIRE(found.size() == 5);
  for (const auto& t : found) {
    CHECK(t.kind == "jwt");
    CHECK(spanOf(text, t) == jwt);
  }
  CHECK(found[0].begin == text.find("id_token=") + 9);
}

TEST_CASE("an unsecured jwt with an empty signature is found without the following text") {
  const std::string jwt = b64u(R"({"alg":"none"})") + "." + b64u(R"({"sub":"x"})") + ".";
  const std::string text = "t=" + jwt + " next.word";
  auto found = findJwts(text);
  REQUIRE(found.size() == 1);
  CHECK(spanOf(text, found[0]) == jwt);
}

TEST_CASE("a jwt followed by a period ends before it") {
  const std::string jwt = makeJws();
  const std::string text = "The token was " + jwt + ".";
  auto found = findJwts(text);
  REQUIRE(found.size() == 1);
  CHECK(spanOf(text, found[0]) == jwt);
}

TEST_CASE("ordinary dotted text and eyJ lookalikes are not jwts") {
  CHECK(findJwts("version 1.2.3 of www.example.com is at a.b.c").empty());
  CHECK(findJwts("eyJustKidding.this.isnt").empty());
  CHECK(findJwts("eyJ.eyJ.eyJ").empty());
  CHECK(findJwts(b64u(R"({"hello":"world"})") + ".eyJ4IjoxfQ.sig").empty());  // no alg/typ/enc
  CHECK(findJwts(b64u(R"({"alg":"RS256"})") + ".eyJ4IjoxfQ").empty());       // two parts only
  CHECK(findJwts(b64u(R"({"alg":"RS256"})") + "..sig").empty());             // empty payload
  CHECK(findJwts("xx" + makeJws()).empty());                                  // inside a longer base64 run
  CHECK(findJwts(b64u(R"({"alg":"A","enc":"B"})") + ".a.b.c").empty());       // jwe needs five parts
}

TEST_CASE("hostile text around eyJ does not crash or slow down") {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "eyJ.";
  text += std::string(1 << 20, 'e') + "eyJ" + std::string(1 << 20, 'A') + "\xff\xfe eyJ";
  auto start = std::chrono::steady_clock::now();
  CHECK(findJwts(text).empty());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("many jwts in a large body are all found") {
  const std::string jwt = makeJws();
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "{\"t\":\"" + jwt + "\"},";
  CHECK(findJwts(text).size() == 10000);
}

TEST_CASE("authorization credentials are the span after the scheme") {
  const std::string jwt = makeJws();
  const std::string bearer = "Bearer " + jwt;
  auto c = authorizationCredential(bearer);
  REQUIRE(c);
  CHECK(c->kind == "bearer");
  CHECK(spanOf(bearer, *c) == jwt);

  const std::string basic = "basic  YWxpY2U6UEBzc3cwcmQtRkFLRS0x  ";
  c = authorizationCredential(basic);
  REQUIRE(c);
  CHECK(c->kind == "basic");
  CHECK(spanOf(basic, *c) == "YWxpY2U6UEBzc3cwcmQtRkFLRS0x");

  for (std::string_view scheme : {"Negotiate", "NTLM"}) {
    const std::string value = std::string(scheme) + " TlRMTVNTUAABAAAAB4IIogAAAAAAAAAA-FAKE==";
    c = authorizationCredential(value);
    REQUIRE(c);
    CHECK(c->kind == tracesan::text::toLower(scheme));
    CHECK(spanOf(value, *c) == "TlRMTVNTUAABAAAAB4IIogAAAAAAAAAA-FAKE==");
  }
}

TEST_CASE("digest and pkeyauth credentials are the whole parameter list") {
  const std::string jwt = makeJws();
  const std::string pkey = "PKeyAuth AuthToken=\"" + jwt + "\",Context=\"ctx-FAKE\",Version=\"1.0\"";
  auto c = authorizationCredential(pkey);
  REQUIRE(c);
  CHECK(c->kind == "pkeyauth");
  CHECK(spanOf(pkey, *c) == pkey.substr(9));
  const std::string digest = "Digest username=\"alice\", realm=\"r\", nonce=\"n\", response=\"6629fae49393a05397450978507c4ef1\"";
  c = authorizationCredential(digest);
  REQUIRE(c);
  CHECK(c->kind == "digest");
  CHECK(c->begin == 7);
  CHECK(c->end == digest.size());
}

TEST_CASE("unknown schemes and scheme-less values are credentials too") {
  const std::string custom = "SharedKey account:c2lnbmF0dXJlLUZBS0U=";
  auto c = authorizationCredential(custom);
  REQUIRE(c);
  CHECK(c->kind == "sharedkey");
  CHECK(spanOf(custom, *c) == "account:c2lnbmF0dXJlLUZBS0U=");
  const std::string bare = makeJws();
  c = authorizationCredential(" " + bare);
  REQUIRE(c);
  CHECK(c->kind == "credential");
  CHECK(c->begin == 1);
  CHECK(c->end == bare.size() + 1);
  const std::string apiKey = "sk-FAKE/abc=";
  c = authorizationCredential(apiKey);
  REQUIRE(c);
  CHECK(c->begin == 0);
  CHECK(c->end == apiKey.size());
}

TEST_CASE("empty authorization values and a lone scheme have no credential") {
  CHECK_FALSE(authorizationCredential(""));
  CHECK_FALSE(authorizationCredential("   "));
  CHECK_FALSE(authorizationCredential("Bearer"));
  CHECK_FALSE(authorizationCredential("Bearer   "));
}

TEST_CASE("www-authenticate bearer challenges expose each parameter") {
  const std::string claims = "eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZX19fQ==";
  const std::string h = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", "
                        "client_id=\"00000003-0000-0000-c000-000000000000\", error=\"insufficient_claims\", claims=\"" +
                        claims + "\"";
  auto params = scanHeaderParams(h);
  REQUIRE(params.size() == 5);
  CHECK(params[0].name == "realm");
  CHECK(params[0].begin == params[0].end);
  CHECK(params[0].begin == h.find("realm=\"") + 7);
  CHECK(params[3].path == "param.error");
  CHECK(params[3].value == "insufficient_claims");
  CHECK(params[4].name == "claims");
  CHECK(spanOf(h, TokenSpan{params[4].begin, params[4].end, ""}) == claims);
}

TEST_CASE("pkeyauth parameter lists without spaces and with token values are parsed") {
  const std::string jwt = makeJws();
  const std::string h = "PKeyAuth AuthToken=\"" + jwt + "\",Context=\"a\\\"b\",Version=1.0, nonce = n0nce";
  auto params = scanHeaderParams(h);
  REQUIRE(params.size() == 4);
  CHECK(params[0].name == "AuthToken");
  CHECK(h.substr(params[0].begin, params[0].end - params[0].begin) == jwt);
  CHECK(params[1].value == "a\"b");
  CHECK(h.substr(params[1].begin, params[1].end - params[1].begin) == "a\\\"b");
  CHECK(params[2].value == "1.0");
  CHECK(params[3].name == "nonce");
  CHECK(params[3].value == "n0nce");
}

TEST_CASE("several challenges in one header value are all scanned") {
  const std::string h = "Bearer realm=\"x\", PKeyAuth nonce=\"n\", Context=\"c\"";
  auto params = scanHeaderParams(h);
  REQUIRE(params.size() == 3);
  CHECK(params[1].name == "nonce");
}

TEST_CASE("an unterminated quoted parameter ends at the end of the value") {
  const std::string h = "Bearer error=\"never closed";
  auto params = scanHeaderParams(h);
  REQUIRE(params.size() == 1);
  CHECK(params[0].end == h.size());
  CHECK(params[0].value == "never closed");
  CHECK(scanHeaderParams("==,,\"\"").empty());
}

TEST_CASE("token68 credentials with padding are not mistaken for parameters") {
  CHECK(scanHeaderParams("Basic YWxpY2U6cA==").empty());
  CHECK(scanHeaderParams("Negotiate YIIFFAKE=").empty());
  auto params = scanHeaderParams("Bearer abc=, realm=\"r\"");
  REQUIRE(params.size() == 1);
  CHECK(params[0].name == "realm");
}
