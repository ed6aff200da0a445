#include <catch2/catch.hpp>

#include <string>

#include "ScannerTestSupport.h"
#include "detect/Scanners.h"

using namespace tracesan::detect;
using scannertest::rawOf;

namespace {

// Shaped like a real ESTSAUTH value: base64url-ish, long, with dots and dashes. Fake.
const std::string kEstsAuth = "0.AXYAFAKEqqqqRRRRssssTTTT-uuuuVVVV_wwwwXXXX.AgABFAKEAwDs_wUA9P-FAKEyyyy";
const std::string kEstsAuthPersistent = "1.AXYAFAKEpersistent_AAAABBBBCCCC-DDDD.AgABAAQAAAD--FAKE";

}  // namespace

TEST_CASE("cookie header values get exact spans per cookie") {
  const std::string h = "ESTSAUTH=" + kEstsAuth + "; ESTSAUTHPERSISTENT=" + kEstsAuthPersistent +
                        "; buid=0.AXYA-FAKE-buid; fpc=AkFAKEfpc; x-ms-gateway-slice=estsfd";
  auto values = scanCookieHeader(h);
  REQUIRE(values.size() == 5);
  CHECK(values[0].name == "ESTSAUTH");
  CHECK(values[0].path == "cookie.ESTSAUTH");
  CHECK(rawOf(h, values[0]) == kEstsAuth);
  CHECK(values[0].value == kEstsAuth);
  CHECK(values[0].encoding == ValueEncoding::Raw);
  CHECK(values[1].name == "ESTSAUTHPERSISTENT");
  CHECK(rawOf(h, values[1]) == kEstsAuthPersistent);
  CHECK(rawOf(h, values[4]) == "estsfd");
}

TEST_CASE("cookie headers without spaces after semicolons are split") {
  const std::string h = "a=1;b=2;esctx=PAQABAAEAAAD--FAKE-esctx";
  auto values = scanCookieHeader(h);
  REQUIRE(values.size() == 3);
  CHECK(values[1].name == "b");
  CHECK(rawOf(h, values[2]) == "PAQABAAEAAAD--FAKE-esctx");
}

TEST_CASE("quoted cookie values span the inside of the quotes") {
  const std::string h = "a=\"quoted value\"; b=\"\"";
  auto values = scanCookieHeader(h);
  REQUIRE(values.size() == 2);
  CHECK(rawOf(h, values[0]) == "quoted value");
  CHECK(values[0].value == "quoted value");
  CHECK(values[1].begin == values[1].end);
  CHECK(values[1].begin == h.size() - 1);
}

TEST_CASE("empty cookie values and stray separators are handled") {
  const std::string h = " ;empty=; x=1 ;; ";
  auto values = scanCookieHeader(h);
  REQUIRE(values.size() == 2);
  CHECK(values[0].name == "empty");
  CHECK(values[0].begin == values[0].end);
  CHECK(values[0].begin == h.find("empty=") + 6);
  CHECK(rawOf(h, values[1]) == "1");
}

TEST_CASE("cookie values keep equals signs and a nameless cookie is reported") {
  const std::string h = "sig=YWJj==; lonelyvalue";
  auto values = scanCookieHeader(h);
  REQUIRE(values.size() == 2);
  CHECK(rawOf(h, values[0]) == "YWJj==");
  CHECK(values[1].name.empty());
  CHECK(values[1].path == "cookie");
  CHECK(rawOf(h, values[1]) == "lonelyvalue");
}

TEST_CASE("set-cookie reports only the name and value and leaves attributes alone") {
  const std::string h = "ESTSAUTH=" + kEstsAuth +
                        "; domain=.login.microsoftonline.com; path=/; secure; HttpOnly; SameSite=None; "
                        "expires=Wed, 01-Jan-2031 00:00:00 GMT";
  auto v = scanSetCookie(h);
  REQUIRE(v);
  CHECK(v->name == "ESTSAUTH");
  CHECK(v->path == "set-cookie.ESTSAUTH");
  CHECK(v->begin == 9);
  CHECK(rawOf(h, *v) == kEstsAuth);
}

TEST_CASE("set-cookie without attributes and with an empty value") {
  auto v = scanSetCookie("esctx=PAQABAAEAAAD--FAKE");
  REQUIRE(v);
  CHECK(v->value == "PAQABAAEAAAD--FAKE");
  auto e = scanSetCookie("ESTSAUTH=; expires=Thu, 01-Jan-1970 00:00:00 GMT");
  REQUIRE(e);
  CHECK(e->begin == 9);
  CHECK(e->end == 9);
  CHECK_FALSE(scanSetCookie("   "));
}

TEST_CASE("a huge cookie header is scanned without trouble") {
  std::string h;
  for (int i = 0; i < 50000; ++i) h += "c" + std::to_string(i) + "=v; ";
  h += "ESTSAUTH=" + std::string(1 << 20, 'Q');
  auto values = scanCookieHeader(h);
  REQUIRE(values.size() == 50001);
  CHECK(values.back().end == h.size());
}
