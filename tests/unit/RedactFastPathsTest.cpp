// The short cuts the redactor takes for speed (issue 17's cost target) give what the long way
// gives: text pairs filtered before they are built, the second pass over a written file read in
// mapped windows, rules compiled once at start-up.
#include <catch2/catch.hpp>

#include "TestUtil.h"
#include "codec/Base64.h"
#include "detect/TextScanners.h"
#include "text/WordFinder.h"
#include "tracesan/Redactor.h"

using namespace tracesan;

namespace {

const std::string kKey = "fast-paths-test-key";
const std::string kSecret = "Zq7FAKEk2Lp9Wx4Rt6Yu1Io3Pa5Sd8Fg";  // credential-shaped, no known prefix

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string redactedScript(const std::string& script) {
  Redactor r = testutil::keyedRedactor(kKey);
  Entry e = testutil::responseEntry("https://app.contoso-fake.example/app.js", "application/javascript", script);
  r.redact(e);
  return e.response.body.text.value;
}

}  // namespace

TEST_CASE("a pair filter keeps exactly the pairs it accepts, with the spans of the unfiltered scan") {
  const std::string text = "a=1; userPass: 'x1y2z3w4'\n?sig=abc&lang=de var k = \"v\"";
  auto all = detect::scanNameValueText(text);
  REQUIRE(all.size() == 5);
  std::vector<std::string> asked;
  auto some = detect::scanNameValueText(text, [&](std::string_view name, bool query, std::string_view value) {
    asked.push_back(std::string(name) + (query ? "?" : "") + "=" + std::string(value));
    return name == "userPass" || name == "sig";
  });
  CHECK(asked == std::vector<std::string>{"a=1", "userPass=x1y2z3w4", "sig?=abc", "lang?=de", "k=v"});
  REQUIRE(some.size() == 2);
  CHECK(some[0].path == "text.userPass");
  CHECK(some[0].begin == all[1].begin);
  CHECK(some[0].end == all[1].end);
  CHECK(some[1].path == "query.sig");
  CHECK(some[1].value == "abc");
}

TEST_CASE("pairs found from name words are the pairs of the full scan whose names hold a word") {
  // Random texts built from the pieces that make pair scanning hard: names with and without a
  // word (in any case, at any place in the name), quotes and blanks before the separator, long
  // names, '==', schemes, values that are structure, query pairs.
  const std::vector<std::string> words{"token", "pass", "ctx", "cookie"};
  text::WordFinder finder(words);
  const std::vector<std::string> lead{"", "", "?", "&", "&amp;", " ", "\n", "x", "$", "-", "9", "."};
  const std::vector<std::string> names{"a", "x.y", "accessToken", "TOKEN", "ctx", "myctxId", "pass", "userPass",
                                       "passwd", "cookie", "document.cookie", std::string(70, 'n') + "token",
                                       std::string(60, 'n') + "token", "tok", "en", "9token", "_pass", "$ctx"};
  const std::vector<std::string> quote{"", "", "\"", "'"};
  const std::vector<std::string> seps{"=", "=", ":", ":", "==", "://", ":\\", ""};
  const std::vector<std::string> values{"v1", "\"q v\"", "'x'", "{", "(", "[", "", "a\\'b'", "\"open"};
  const std::vector<std::string> tail{";", ",", "\n", " ", "", "&", ")"};
  auto holdsWord = [&](std::string_view name) { return finder.containsAny(name); };
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };  // a fixed LCG: the same texts every run
  auto pick = [&](const std::vector<std::string>& from) { return from[(next() >> 16) % from.size()]; };
  auto blanks = [&] {
    std::string out;
    for (std::uint32_t k = (next() >> 16) % 7; k > 0; --k) out += (next() >> 16) % 3 == 0 ? '\t' : ' ';
    return out;
  };
  std::size_t found = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (std::uint32_t k = 1 + (next() >> 16) % 8; k > 0; --k)
      text += pick(lead) + pick(names) + pick(quote) + blanks() + pick(seps) + blanks() + pick(values) + pick(tail);
    auto byName = [&](std::string_view name, bool, std::string_view) { return holdsWord(name); };
    auto all = detect::scanNameValueText(text, byName);
    auto fromWords = detect::scanNameValueText(text, byName, finder);
    INFO(text);
    REQUIRE(fromWords.size() == all.size());
    found += all.size();
    for (std::size_t i = 0; i < all.size(); ++i) {
      CHECK(fromWords[i].path == all[i].path);
      CHECK(fromWords[i].begin == all[i].begin);
      CHECK(fromWords[i].end == all[i].end);
    }
  }
  CHECK(found > 1000);  // the texts hold pairs to compare, not only misses
}

TEST_CASE("framed JSON found by skipping lines without a record bracket is framed JSON found line by line") {
  // Random texts of framings, prefixes split over lines, JSONP, socket.io, code and brackets after
  // every kind of byte: the records (and whether any) must be the same either way.
  const std::vector<std::string> pieces{
      "{\"a\":1}", "[1,2]", "{\"t\":\"x\"}", ")]}'", ")]}',", ",", "while(1);", "for(;;);", "data:", "data: ", "/**/",
      "42", "40/ns,", "cb(", "cb (", "x.y(", "foo", " ", "\t", "\r", "\n", "\n", "\n", "\x1e", "=", ")", "(", ";", ":",
      "'", "9", "{", "[", "}", "]", "{\"b\":", "function f(a){return a;}", "if(x){y=[1];}", "-"};
  std::uint32_t seed = 99;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };  // a fixed LCG: the same texts every run
  std::size_t framedTexts = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (std::uint32_t k = 1 + (next() >> 16) % 14; k > 0; --k) text += pieces[(next() >> 16) % pieces.size()];
    bool fast = false, slow = false;
    auto a = detect::scanFramedJson(text, &fast);
    auto b = detect::scanFramedJsonEveryLine(text, &slow);
    INFO(text);
    REQUIRE(fast == slow);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].path == b[i].path);
      CHECK(a[i].begin == b[i].begin);
      CHECK(a[i].end == b[i].end);
    }
    framedTexts += fast ? 1 : 0;
  }
  CHECK(framedTexts > 2000);  // the texts hold records to compare, not only misses
}

TEST_CASE("in a script full of pairs, the secret ones go and the harmless ones stay") {
  std::string script;
  for (int i = 0; i < 2000; ++i) script += "a" + std::to_string(i) + ":\"v" + std::to_string(i) + "\",x=y" + std::to_string(i) + ";";
  script += "\nvar cfg = {apiKey: \"" + kSecret + "\", token: \"arm\"};\n";
  script += "document.cookie = \"ESTSAUTH=" + kSecret + "c; path=/\";\n";
  std::string out = redactedScript(script);
  CHECK_FALSE(contains(out, kSecret));
  CHECK(contains(out, "apiKey: \"REDACTED-"));
  CHECK(contains(out, "token: \"arm\""));  // a generic name with a value that is no credential
  CHECK(contains(out, "ESTSAUTH=REDACTED-"));  // a cookie string under a *cookie name
  CHECK(contains(out, "a1999:\"v1999\",x=y1999;"));
}

TEST_CASE("a script pair under an exact rule name without a generic credential word goes too") {
  // ctx, sFT and wctx are rule names that hold none of "token", "pass", "key" … : the pair scan
  // is started by the words of the name rules themselves.
  std::string script = "var a = {sFT: \"" + kSecret + "1\", other: 1};\nload('x?wctx=" + kSecret + "2&lang=en');\n";
  std::string out = redactedScript(script);
  CHECK_FALSE(contains(out, kSecret));
  CHECK(contains(out, "sFT: \"REDACTED-"));
  CHECK(contains(out, "wctx=REDACTED-"));
  CHECK(contains(out, "other: 1"));
  CHECK(contains(out, "&lang=en"));
}

TEST_CASE("a late secret is found in a file of several windows, also across a window's edge") {
  RedactionSession session;
  session.remember(kSecret, "REDACTED-token-00000000", "token");
  constexpr std::size_t kWindow = 8u << 20;  // KnownSecretsFile.cpp's window
  std::string bytes(2 * kWindow + 4096, 'a');
  const std::size_t at[] = {0, kWindow - 10, 2 * kWindow - kSecret.size(), bytes.size() - kSecret.size()};
  for (std::size_t p : at) bytes.replace(p, kSecret.size(), kSecret);
  auto path = testutil::writeScratch("fast-paths-windows.har", bytes);
  auto n = replaceKnownSecretsInFile(path, session);
  REQUIRE(n);
  CHECK(*n == 4);
  std::string out = testutil::readFile(path);
  CHECK_FALSE(contains(out, kSecret));
  CHECK(out.size() == bytes.size() - 4 * (kSecret.size() - 23));
  CHECK(out.rfind("REDACTED-token-00000000") == out.size() - 23);
  CHECK(out.find("REDACTED-token-00000000", kWindow - 10 - (kSecret.size() - 23)) == kWindow - 10 - (kSecret.size() - 23));
}

TEST_CASE("a file without any learned secret is left as it was") {
  RedactionSession session;
  session.remember(kSecret, "REDACTED-token-00000000", "token");
  const std::string bytes = R"({"log":{"entries":[{"x":"nothing here"}]}})";
  auto path = testutil::writeScratch("fast-paths-clean.har", bytes);
  auto n = replaceKnownSecretsInFile(path, session);
  REQUIRE(n);
  CHECK(*n == 0);
  CHECK(testutil::readFile(path) == bytes);
  auto empty = testutil::writeScratch("fast-paths-empty.har", "");
  auto none = replaceKnownSecretsInFile(empty, session);
  REQUIRE(none);
  CHECK(*none == 0);
}

TEST_CASE("an invalid regex in a rules text is an error of create with the text's name and line") {
  RuleSetOptions o;
  o.ruleTexts.push_back({"team.rules", "k\tparam\tfoo\nk\tregex\t(unclosed\n"});
  auto rules = RuleSet::create(o);
  REQUIRE_FALSE(rules);
  CHECK(rules.error().message().rfind("team.rules: line 2: invalid regex: missing )", 0) == 0);
  o.ruleTexts = {{"pii.rules", "k\tpii-regex\t[z-a]\n"}};
  auto pii = RuleSet::create(o);
  REQUIRE_FALSE(pii);
  CHECK(pii.error().message().rfind("pii.rules: line 1: invalid regex:", 0) == 0);
}

TEST_CASE("value patterns find the same spans with and without the literal prefilter, and from given literals") {
  const std::string text = "x AKIAABCDEFGHIJKLMNOP y ghp_" + std::string(36, 'a') + " Bearer " + kSecret +
                           " AccountKey=" + kSecret + "; mail adele@contoso-fake.example 10.1.2.3 ";
  RuleSetOptions with, without;
  without.literalPrefilter = false;
  auto a = RuleSet::create(with), b = RuleSet::create(without);
  REQUIRE(a);
  REQUIRE(b);
  for (bool pii : {false, true}) {
    auto x = a->findPatterns(text, pii), y = b->findPatterns(text, pii);
    // A caller that found where the literals are (here: akia, bearer …), as the redactor does.
    std::vector<text::WordFinder::Hit> hits;
    text::WordFinder(*a->patternLiterals(false)).findAll(text, hits);
    std::vector<RuleSet::LiteralHit> given;
    for (const auto& h : hits) given.push_back({h.pos, h.word});
    auto z = a->findPatterns(text, pii, given);
    REQUIRE(x.size() == y.size());
    REQUIRE(z.size() == x.size());
    CHECK(x.size() >= (pii ? 6u : 4u));
    for (std::size_t i = 0; i < x.size(); ++i) {
      CHECK(x[i].begin == y[i].begin);
      CHECK(x[i].end == y[i].end);
      CHECK(x[i].kind == y[i].kind);
      CHECK(z[i].begin == x[i].begin);
      CHECK(z[i].end == x[i].end);
    }
  }
}

TEST_CASE("a learned secret inside or next to a placeholder is not replaced there, elsewhere it is") {
  RedactionSession session;
  session.remember(kSecret, "REDACTED-token-00000000", "token");
  std::string replaced;
  std::size_t consumed = 0;
  const std::string text = "REDACTED-x-" + kSecret + " \"" + kSecret + "\" REDACTED-" + kSecret.substr(0, 4) + " " + kSecret;
  CHECK(session.replaceKnown(text, text.size(), replaced, consumed) == 2);
  CHECK(replaced == "REDACTED-x-" + kSecret + " \"REDACTED-token-00000000\" REDACTED-" + kSecret.substr(0, 4) +
                        " REDACTED-token-00000000");
}

TEST_CASE("a base64 body decoded once per entry still gets the known pass, changed by the first pass or not") {
  Redactor r = testutil::keyedRedactor(kKey);
  for (bool firstPassChanges : {false, true}) {
    INFO("first pass changes the body: " << firstPassChanges);
    Entry e;
    e.number = 1;
    e.request.method = testutil::text("GET");
    e.request.url = testutil::text("https://app.contoso-fake.example/api");
    e.request.headers.push_back(testutil::field("Authorization", "Bearer " + kSecret));
    e.response.present = true;
    e.response.body.present = true;
    e.response.body.mimeType = testutil::text("text/plain");
    e.response.body.encoding = testutil::text("base64");
    const std::string plain = std::string(firstPassChanges ? "DB_PASSWORD=Hk3FAKEq9Zr2Lm5W\n" : "") + "echo " + kSecret + " done\n";
    e.response.body.text = testutil::text(codec::base64Encode(plain));
    r.redact(e);
    auto decoded = codec::base64Decode(e.response.body.text.value);
    REQUIRE(decoded);
    CHECK_FALSE(contains(*decoded, kSecret));
    CHECK_FALSE(contains(*decoded, "Hk3FAKEq9Zr2Lm5W"));
    CHECK(contains(*decoded, "echo REDACTED-"));
    CHECK(contains(*decoded, " done\n"));
  }
}
