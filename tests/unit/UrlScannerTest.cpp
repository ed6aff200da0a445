#include <catch2/catch.hpp>

#include <string>

#include "ScannerTestSupport.h"
#include "codec/Base64.h"
#include "detect/Scanners.h"

using namespace tracesan::detect;
using scannertest::rawOf;
using scannertest::findPath;

namespace {

std::string fakeJwt() {
  using tracesan::codec::base64Encode;
  return base64Encode(R"({"alg":"RS256","typ":"JWT","kid":"FAKE-KID"})", true, false) + "." +
         base64Encode(R"({"aud":"00000003-0000-0000-c000-000000000000","upn":"alice@contoso.example"})", true, false) +
         ".c2lnbmF0dXJlLUZBS0U";
}

}  // namespace

TEST_CASE("query string parameters are reported with exact raw spans and decoded values") {
  const std::string q = "client_id=11111111-2222-3333-4444-555555555555&code=0.AXYA-FAKE_code%2Bpart&state=abc";
  auto values = scanQueryString(q);
  REQUIRE(values.size() == 3);
  CHECK(values[0].name == "client_id");
  CHECK(values[0].path == "query.client_id");
  CHECK(rawOf(q, values[0]) == "11111111-2222-3333-4444-555555555555");
  CHECK(values[1].name == "code");
  CHECK(rawOf(q, values[1]) == "0.AXYA-FAKE_code%2Bpart");
  CHECK(values[1].value == "0.AXYA-FAKE_code+part");
  CHECK(values[1].encoding == ValueEncoding::Form);
  CHECK(rawOf(q, values[2]) == "abc");
}

TEST_CASE("query string values decode plus as space in form style") {
  const std::string q = "error_description=AADSTS50125%3a+Sign-in+was+interrupted%0d%0aTrace+ID%3a+x";
  auto values = scanQueryString(q);
  REQUIRE(values.size() == 1);
  CHECK(values[0].value == "AADSTS50125: Sign-in was interrupted\r\nTrace ID: x");
  CHECK(rawOf(q, values[0]) == q.substr(q.find('=') + 1));
}

TEST_CASE("query string with percent encoding keeps plus literal") {
  auto values = scanQueryString("a=x+y", ValueEncoding::Percent);
  REQUIRE(values.size() == 1);
  CHECK(values[0].value == "x+y");
  CHECK(values[0].encoding == ValueEncoding::Percent);
}

TEST_CASE("empty values get an empty span at the right place") {
  const std::string q = "a=&b=2&c=";
  auto values = scanQueryString(q);
  REQUIRE(values.size() == 3);
  CHECK(values[0].begin == 2);
  CHECK(values[0].end == 2);
  CHECK(values[0].value.empty());
  CHECK(rawOf(q, values[1]) == "2");
  CHECK(values[2].begin == q.size());
  CHECK(values[2].end == q.size());
}

TEST_CASE("repeated names are all reported") {
  const std::string q = "scope=openid&scope=profile&scope=offline_access";
  auto values = scanQueryString(q);
  REQUIRE(values.size() == 3);
  CHECK(values[0].value == "openid");
  CHECK(values[1].value == "profile");
  CHECK(values[2].value == "offline_access");
  CHECK(rawOf(q, values[2]) == "offline_access");
}

TEST_CASE("semicolons are not separators and equals signs stay inside values") {
  const std::string q = "a=1;b=2&sig=abc==&x=k=v";
  auto values = scanQueryString(q);
  REQUIRE(values.size() == 3);
  CHECK(values[0].name == "a");
  CHECK(values[0].value == "1;b=2");
  CHECK(rawOf(q, values[1]) == "abc==");
  CHECK(values[2].name == "x");
  CHECK(values[2].value == "k=v");
}

TEST_CASE("percent-encoded names are decoded") {
  const std::string q = "access%5Ftoken=tok&x%20y=1";
  auto values = scanQueryString(q);
  REQUIRE(values.size() == 2);
  CHECK(values[0].name == "access_token");
  CHECK(values[0].path == "query.access_token");
  CHECK(values[1].name == "x y");
}

TEST_CASE("pairs without an equals sign and empty pairs are skipped") {
  auto values = scanQueryString("flag&&=v&b=1&");
  REQUIRE(values.size() == 2);
  CHECK(values[0].name.empty());
  CHECK(values[0].value == "v");
  CHECK(values[1].name == "b");
}

TEST_CASE("url query offsets are relative to the whole url") {
  const std::string url = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=abc&login_hint=alice%40contoso.example";
  auto values = scanUrl(url);
  REQUIRE(values.size() == 2);
  CHECK(values[1].path == "query.login_hint");
  CHECK(rawOf(url, values[1]) == "alice%40contoso.example");
  CHECK(values[1].value == "alice@contoso.example");
}

TEST_CASE("url fragment parameters are reported with fragment paths") {
  const std::string jwt = fakeJwt();
  const std::string url = "https://app.example/cb#access_token=" + jwt + "&id_token=" + jwt + "&state=s1&session_state=ss";
  auto values = scanUrl(url);
  REQUIRE(values.size() == 4);
  const NamedValue* access = findPath(values, "fragment.access_token");
  REQUIRE(access);
  CHECK(rawOf(url, *access) == jwt);
  const NamedValue* id = findPath(values, "fragment.id_token");
  REQUIRE(id);
  CHECK(id->begin == url.find("&id_token=") + 10);
  CHECK(rawOf(url, *id) == jwt);
}

TEST_CASE("url with both query and fragment separates them") {
  const std::string url = "https://app.example/cb?q=1#code=0.AXYA-FAKE&x=y?z";
  auto values = scanUrl(url);
  REQUIRE(values.size() == 3);
  CHECK(values[0].path == "query.q");
  CHECK(rawOf(url, values[0]) == "1");
  CHECK(values[1].path == "fragment.code");
  CHECK(rawOf(url, values[1]) == "0.AXYA-FAKE");
  CHECK(values[2].value == "y?z");
}

TEST_CASE("a fragment that is an anchor is not scanned") {
  CHECK(scanUrl("https://docs.example/page#section-2").empty());
}

TEST_CASE("spa route fragments are scanned after their question mark") {
  const std::string url = "https://app.example/#/callback?code=FAKE-CODE&state=1";
  auto values = scanUrl(url);
  REQUIRE(values.size() == 2);
  CHECK(values[0].path == "fragment.code");
  CHECK(rawOf(url, values[0]) == "FAKE-CODE");
}

TEST_CASE("userinfo password and user are reported with exact spans") {
  const std::string url = "https://alice%40contoso:P%40ssw0rd-FAKE-1@proxy.example:8080/path?x=1";
  auto values = scanUrl(url);
  const NamedValue* password = findPath(values, "userinfo");
  REQUIRE(password);
  CHECK(rawOf(url, *password) == "P%40ssw0rd-FAKE-1");
  CHECK(password->value == "P@ssw0rd-FAKE-1");
  CHECK(password->encoding == ValueEncoding::Percent);
  const NamedValue* user = findPath(values, "userinfo.user");
  REQUIRE(user);
  CHECK(rawOf(url, *user) == "alice%40contoso");
  CHECK(user->value == "alice@contoso");
  CHECK(findPath(values, "query.x"));
}

TEST_CASE("an at sign in the path or query is not userinfo") {
  auto values = scanUrl("https://host.example/users/a@b?login_hint=c@d");
  CHECK_FALSE(findPath(values, "userinfo"));
  CHECK_FALSE(findPath(values, "userinfo.user"));
  CHECK(findPath(values, "query.login_hint"));
}

TEST_CASE("relative urls have their query scanned") {
  const std::string url = "/common/oauth2/authorize?sso_nonce=AwABAAEAAAAC-FAKE";
  auto values = scanUrl(url);
  REQUIRE(values.size() == 1);
  CHECK(rawOf(url, values[0]) == "AwABAAEAAAAC-FAKE");
}

TEST_CASE("form bodies decode plus and percent and ignore a trailing line break") {
  const std::string body =
      "i13=0&login=alice%40contoso.example&loginfmt=alice%40contoso.example&passwd=P%40ss+w0rd-FAKE-1"
      "&flowToken=AQABAAEAAAD--DLA3VO7QrddgJg7WevrFAKE_flow%2Btoken*&canary=C4nary%2FFAKE%3D\r\n";
  auto values = scanFormBody(body);
  REQUIRE(values.size() == 6);
  CHECK(values[3].path == "form.passwd");
  CHECK(values[3].value == "P@ss w0rd-FAKE-1");
  CHECK(rawOf(body, values[3]) == "P%40ss+w0rd-FAKE-1");
  CHECK(values[4].value == "AQABAAEAAAD--DLA3VO7QrddgJg7WevrFAKE_flow+token*");
  CHECK(rawOf(body, values[5]) == "C4nary%2FFAKE%3D");
  CHECK(values[5].encoding == ValueEncoding::Form);
}

TEST_CASE("encodeValue writes each encoding so it decodes back") {
  const std::string plain = "a b+c/\"<&>'\\\n";
  for (auto enc : {ValueEncoding::Raw, ValueEncoding::Percent, ValueEncoding::Form, ValueEncoding::JsonString,
                   ValueEncoding::HtmlAttribute}) {
    CHECK(decodeValue(encodeValue(plain, enc), enc) == plain);
  }
  CHECK(encodeValue("a b", ValueEncoding::Form) == "a+b");
  CHECK(encodeValue("a b", ValueEncoding::Percent) == "a%20b");
  CHECK(encodeValue("a\"b", ValueEncoding::JsonString) == "a\\\"b");
  CHECK(encodeValue("a\"b", ValueEncoding::HtmlAttribute) == "a&quot;b");
  CHECK(encodeValue("a b", ValueEncoding::Raw) == "a b");
}

TEST_CASE("huge query strings are scanned in one pass") {
  std::string q;
  for (int i = 0; i < 100000; ++i) q += "k=v&";
  q += "refresh_token=" + std::string(1 << 20, 'A');
  auto values = scanQueryString(q);
  REQUIRE(values.size() == 100001);
  CHECK(values.back().end - values.back().begin == (1u << 20));
}

TEST_CASE("a query string passed with its question mark keeps offsets relative to the input") {
  const std::string q = "?code=FAKE&x=1";
  auto values = scanQueryString(q);
  REQUIRE(values.size() == 2);
  CHECK(values[0].name == "code");
  CHECK(rawOf(q, values[0]) == "FAKE");
}
