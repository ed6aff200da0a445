#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "ScannerTestSupport.h"
#include "detect/Scanners.h"

using namespace tracesan::detect;
using scannertest::rawOf;
using scannertest::findPath;

TEST_CASE("token responses report every string leaf with exact spans between the quotes") {
  const std::string json =
      R"({"token_type":"Bearer","scope":"openid profile","expires_in":3599,)"
      R"("access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJGQUtFIn0.c2lnLUZBS0U",)"
      R"("refresh_token":"1.AXYA-FAKErefresh_AAAA.AgABAAEAAAD--FAKE","id_token":"eyJhbGciOiJub25lIn0.eyJGQUtFIjoxfQ."})";
  bool ok = false;
  auto values = scanJson(json, &ok);
  CHECK(ok);
  REQUIRE(values.size() == 6);
  const NamedValue* refresh = findPath(values, "json.$.refresh_token");
  REQUIRE(refresh);
  CHECK(refresh->name == "refresh_token");
  CHECK(refresh->encoding == ValueEncoding::JsonString);
  CHECK(rawOf(json, *refresh) == "1.AXYA-FAKErefresh_AAAA.AgABAAEAAAD--FAKE");
  CHECK(refresh->value == "1.AXYA-FAKErefresh_AAAA.AgABAAEAAAD--FAKE");
  const NamedValue* expires = findPath(values, "json.$.expires_in");
  REQUIRE(expires);
  CHECK(expires->encoding == ValueEncoding::Raw);
  CHECK(rawOf(json, *expires) == "3599");
  CHECK(expires->value == "3599");
}

TEST_CASE("nested objects and arrays produce dotted and indexed paths") {
  const std::string json = R"({"a":{"b":[{"c":"x"},{"c":"y","d":[1,"two",[3]]}]},"e":[]})";
  bool ok = false;
  auto values = scanJson(json, &ok);
  CHECK(ok);
  REQUIRE(values.size() == 5);
  CHECK(values[0].path == "json.$.a.b[0].c");
  CHECK(values[0].name == "c");
  CHECK(values[1].path == "json.$.a.b[1].c");
  CHECK(rawOf(json, values[1]) == "y");
  CHECK(values[2].path == "json.$.a.b[1].d[0]");
  CHECK(values[2].name == "d");
  CHECK(values[3].path == "json.$.a.b[1].d[1]");
  CHECK(rawOf(json, values[3]) == "two");
  CHECK(values[4].path == "json.$.a.b[1].d[2][0]");
  CHECK(values[4].name == "d");
}

TEST_CASE("root arrays and scalars are scanned") {
  auto values = scanJson(R"(["a", -1.5e3])");
  REQUIRE(values.size() == 2);
  CHECK(values[0].path == "json.$[0]");
  CHECK(values[0].name.empty());
  CHECK(values[1].value == "-1.5e3");
  auto scalar = scanJson(R"(  "just a string"  )");
  REQUIRE(scalar.size() == 1);
  CHECK(scalar[0].path == "json.$");
  CHECK(scalar[0].begin == 3);
}

TEST_CASE("escaped values are unescaped while the span keeps the raw escapes") {
  const std::string json = R"({"error_description":"AADSTS50126: bad \u0022x\u0022\r\nTrace ID: 1","url":"https:\/\/login.microsoftonline.com\/common","e":"\ud83d\ude00"})";
  auto values = scanJson(json);
  REQUIRE(values.size() == 3);
  CHECK(values[0].value == "AADSTS50126: bad \"x\"\r\nTrace ID: 1");
  CHECK(rawOf(json, values[0]) == R"(AADSTS50126: bad \u0022x\u0022\r\nTrace ID: 1)");
  CHECK(values[1].value == "https://login.microsoftonline.com/common");
  CHECK(rawOf(json, values[1]) == R"(https:\/\/login.microsoftonline.com\/common)");
  CHECK(values[2].value == "\xF0\x9F\x98\x80");
}

TEST_CASE("escaped quotes and backslashes do not end a string early") {
  const std::string json = R"({"a":"x\"y\\","b":"\\\"","c\"k":"v"})";
  bool ok = false;
  auto values = scanJson(json, &ok);
  CHECK(ok);
  REQUIRE(values.size() == 3);
  CHECK(rawOf(json, values[0]) == R"(x\"y\\)");
  CHECK(values[0].value == "x\"y\\");
  CHECK(values[1].value == "\\\"");
  CHECK(values[2].name == "c\"k");
  CHECK(values[2].path == "json.$.c\"k");
}

TEST_CASE("keys with unicode escapes are decoded for names") {
  auto values = scanJson(R"({"access\u005ftoken":"eyJ-FAKE"})");
  REQUIRE(values.size() == 1);
  CHECK(values[0].name == "access_token");
  CHECK(values[0].path == "json.$.access_token");
}

TEST_CASE("booleans and nulls are skipped, whitespace everywhere is accepted") {
  const std::string json = " {\n \"a\" : true ,\r\n\t\"b\" :null, \"c\": false, \"d\" : \"v\" } \n";
  bool ok = false;
  auto values = scanJson(json, &ok);
  CHECK(ok);
  REQUIRE(values.size() == 1);
  CHECK(values[0].name == "d");
  CHECK(rawOf(json, values[0]) == "v");
}

TEST_CASE("an unterminated string fails soft and keeps earlier leaves") {
  const std::string json = R"({"a":"1","b":"unterminated)";
  bool ok = true;
  auto values = scanJson(json, &ok);
  CHECK_FALSE(ok);
  REQUIRE(values.size() == 1);
  CHECK(values[0].value == "1");
}

TEST_CASE("malformed json sets ok to false") {
  for (std::string_view bad : {"", "{", "{\"a\"}", "{\"a\":}", "[1,]x", "{\"a\":1,}", "tru", "{\"a\":1} trailing",
                               "[1 2]", "{1:2}", "\"a\\", "]"}) {
    bool ok = true;
    (void)scanJson(bad, &ok);
    INFO(bad);
    CHECK_FALSE(ok);
  }
}

TEST_CASE("invalid escapes keep the raw text as value") {
  const std::string json = R"({"a":"bad\x escape"})";
  auto values = scanJson(json);
  REQUIRE(values.size() == 1);
  CHECK(values[0].value == R"(bad\x escape)");
}

TEST_CASE("strings with raw line breaks from loggers still decode their escapes") {
  const std::string json = "{\"error_description\":\"AADSTS50126: \\\"bad\\\"\r\nTrace ID: 1\"}";
  bool ok = false;
  auto values = scanJson(json, &ok);
  CHECK(ok);
  REQUIRE(values.size() == 1);
  CHECK(values[0].value == "AADSTS50126: \"bad\"\r\nTrace ID: 1");
}

TEST_CASE("invalid utf-8 passes through without failing") {
  const std::string json = "{\"a\":\"\xff\xfe\xc3\"}";
  bool ok = false;
  auto values = scanJson(json, &ok);
  CHECK(ok);
  REQUIRE(values.size() == 1);
  CHECK(values[0].value == "\xff\xfe\xc3");
}

TEST_CASE("nesting deeper than the limit stops with ok false and no crash") {
  const std::string deep = std::string(100000, '[') + "\"x\"" + std::string(100000, ']');
  bool ok = true;
  auto values = scanJson(deep, &ok);
  CHECK_FALSE(ok);
  CHECK(values.empty());
  const std::string deepObjects = [] {
    std::string s;
    for (int i = 0; i < 100000; ++i) s += "{\"a\":";
    return s;
  }();
  ok = true;
  (void)scanJson(deepObjects, &ok);
  CHECK_FALSE(ok);
}

TEST_CASE("nesting within the limit is fine") {
  const std::string json = std::string(500, '[') + "\"deep\"" + std::string(500, ']');
  bool ok = false;
  auto values = scanJson(json, &ok);
  CHECK(ok);
  REQUIRE(values.size() == 1);
  CHECK(rawOf(json, values[0]) == "deep");
}

TEST_CASE("huge string values and long backslash runs are scanned quickly") {
  std::string json = "{\"a\":\"" + std::string(8 << 20, 'A') + "\",\"b\":\"";
  for (int i = 0; i < 200000; ++i) json += "\\\\\\\"";
  json += "\"}";
  auto start = std::chrono::steady_clock::now();
  bool ok = false;
  auto values = scanJson(json, &ok);
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(ok);
  REQUIRE(values.size() == 2);
  CHECK(values[0].end - values[0].begin == (8u << 20));
  CHECK(values[1].value.size() == 400000);
  CHECK(elapsed < std::chrono::seconds(5));
}

TEST_CASE("scanJsonInto honours the path root, base offset and trailing text") {
  const std::string text = "xx{\"k\":\"v\"};rest";
  std::vector<NamedValue> out;
  JsonScanOptions options;
  options.pathRoot = "config";
  options.baseOffset = 2;
  options.allowTrailing = true;
  bool ok = false;
  std::size_t consumed = scanJsonInto(std::string_view(text).substr(2), options, out, &ok);
  CHECK(ok);
  CHECK(consumed == 9);
  REQUIRE(out.size() == 1);
  CHECK(out[0].path == "config.k");
  CHECK(rawOf(text, out[0]) == "v");
}

TEST_CASE("json inside a json string is scanned with spans in the outer text") {
  const std::string json =
      R"({"error":"insufficient_claims","claims":"{\"access_token\":{\"xms_cc\":{\"values\":[\"cp1\"]},\"nbf\":{\"essential\":true,\"value\":\"1700000000\"}}}"})";
  bool ok = false;
  auto values = scanJson(json, &ok);
  CHECK(ok);
  const NamedValue* claims = findPath(values, "json.$.claims");
  REQUIRE(claims);
  CHECK(claims->jsonNesting == 0);
  CHECK(claims->value.substr(0, 17) == R"({"access_token":{)");
  const NamedValue* cp1 = findPath(values, "json.$.claims.$.access_token.xms_cc.values[0]");
  REQUIRE(cp1);
  CHECK(cp1->name == "values");
  CHECK(cp1->value == "cp1");
  CHECK(cp1->jsonNesting == 1);
  CHECK(rawOf(json, *cp1) == "cp1");
  CHECK(json.substr(cp1->begin - 2, 2) == "\\\"");
  CHECK(json.substr(cp1->end, 2) == "\\\"");
  const NamedValue* nbf = findPath(values, "json.$.claims.$.access_token.nbf.value");
  REQUIRE(nbf);
  CHECK(rawOf(json, *nbf) == "1700000000");
}

TEST_CASE("nested json replacements are escaped once per level") {
  const std::string json = R"({"c":"{\"t\":\"old\\\"x\"}"})";
  auto values = scanJson(json);
  const NamedValue* t = findPath(values, "json.$.c.$.t");
  REQUIRE(t);
  CHECK(t->value == "old\"x");
  CHECK(rawOf(json, *t) == R"(old\\\"x)");
  std::string patched = json;
  patched.replace(t->begin, t->end - t->begin, encodeValue("new\"y", *t));
  auto again = scanJson(patched);
  const NamedValue* t2 = findPath(again, "json.$.c.$.t");
  REQUIRE(t2);
  CHECK(t2->value == "new\"y");
}

TEST_CASE("strings that only look like json stay plain strings") {
  auto values = scanJson(R"({"a":"{not json}","b":"[1,2] x","c":"{\"k\":1} {\"k\":2}"})");
  REQUIRE(values.size() == 3);
  CHECK(values[0].value == "{not json}");
}

TEST_CASE("nested json spans survive unicode escapes before the value") {
  const std::string json = R"({"c":"{\"\u00e9\":\"\u00e9v\",\"k\":\"plain\"}"})";
  auto values = scanJson(json);
  const NamedValue* k = findPath(values, "json.$.c.$.k");
  REQUIRE(k);
  CHECK(rawOf(json, *k) == "plain");
  const NamedValue* e = findPath(values, "json.$.c.$.\xC3\xA9");
  REQUIRE(e);
  CHECK(rawOf(json, *e) == R"(\u00e9v)");
  CHECK(e->value == "\xC3\xA9v");
}
