// The value patterns run only on windows around their literals (RuleSet::findPatterns); these
// tests hold that path to the plain one (the RE2::Set and every reported pattern over the whole
// text, what RuleSetOptions::literalPrefilter = false keeps) and check the pattern reading that
// bounds the windows.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "rules/RegexReach.h"
#include "text/WordFinder.h"
#include "tracesan/Rules.h"

using namespace tracesan;

namespace {

using Spans = std::vector<std::tuple<std::size_t, std::size_t, std::string>>;

Spans spans(const RuleSet& r, std::string_view text, bool pii) {
  Spans out;
  for (const auto& m : r.findPatterns(text, pii)) out.emplace_back(m.begin, m.end, std::string(m.kind));
  return out;
}

// findPatterns given the places where patternLiterals(false) start, as the redactor finds them.
Spans spansFromHits(const RuleSet& r, const text::WordFinder& literals, std::string_view text, bool pii) {
  std::vector<text::WordFinder::Hit> hits;
  literals.findAll(text, hits);
  std::vector<RuleSet::LiteralHit> given;
  for (const auto& h : hits) given.push_back({h.pos, h.word});
  Spans out;
  for (const auto& m : r.findPatterns(text, pii, given)) out.emplace_back(m.begin, m.end, std::string(m.kind));
  return out;
}

// User patterns with anchors and word boundaries at their edges, bounded and unbounded, (?i).
const char* const kUserRules =
    "anchored_start\tregex\t^tkt-[0-9]{4}\n"
    "anchored_end\tregex\t[0-9]{4}-fin$\n"
    "bounded_word\tregex\t\\bzzq[a-z]{2,5}\\b\n"
    "folded\tregex\t(?i)qqk(?:x|yy){1,3}z\n"
    "lazy_pair\tregex\tBEGIN-X[\\s\\S]*?END-X\n"
    "line_gap\tregex\tLGAP[^\\n]{0,30}?=([0-9]{3})\n";

RuleSet rulesWith(bool prefilter) {
  RuleSetOptions o;
  o.ruleTexts.push_back({"team.rules", kUserRules});
  o.literalPrefilter = prefilter;
  auto r = RuleSet::create(o);
  REQUIRE(r);
  return *r;
}

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  while (out.size() < n) out += unit;
  return out.substr(0, n);
}

// Positive examples of every built-in and user pattern, some longer than any fixed window.
std::vector<std::string> examples() {
  const std::string b64 = repeat("MIIEvAIBADANBgkqhkiG9w0BAQEFAASC", 3000);
  return {
      "-----BEGIN RSA PRIVATE KEY-----\nMIIFAKE\n-----END RSA PRIVATE KEY-----",
      "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----",
      "<saml:Assertion ID=\"_a\"><x/></saml:Assertion>",
      "<EncryptedAssertion><x/></EncryptedAssertion>",
      "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm4",
      "PHNhbWw" + b64,
      "<t:RequestedSecurityToken>tok</t:RequestedSecurityToken>",
      "<o:Password Type=\"t\">hunter2-FAKE</o:Password>",
      "<Password>p</Password>",
      "<wsse:BinarySecurityToken ValueType=\"v\">TUlJRkFLRQ==</wsse:BinarySecurityToken>",
      "DefaultEndpointsProtocol=https;AccountKey=abcdefghijklmnop1234==;",
      "SharedAccessSignature=sv=2020&sig=abcdefghijklmnopqrstuv",
      "abc8Q~abcdefghijklmnopqrstuvwxyz0123456",
      "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      "ghp_" + repeat("a1", 4000),
      "github_pat_11ABCDEFG0123456789_abcdefghijkl",
      "xoxb-1234567890-abcdef",
      "sk_live_abcdefghijklmnop1234",
      "AIzaSyA1234567890abcdefghijklmnopqrstuv",
      "AKIAABCDEFGHIJKLMNOP",
      "Authorization: AWS4-HMAC-SHA256 Credential=AKIA/x, SignedHeaders=host, Signature=" + repeat("0a", 64),
      "X-Amz-Signature=" + repeat("f3", 64),
      "0.AXYAabcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123.x-y_z.AgABAAEAAAD",
      "1.AQAB" + repeat("Zz9", 400),
      "PAQABAAEAAAD--DLA3VO7QrddgJg7WevrAbcdefghijklmnopqrstuvwxyz",
      "AQABIQEAAADabcdefghijklmnopqrstuvwxyz0123456789abcd",
      "base64url.bearer.authorization.k8s.io.ZXlKaGJHY2lPaUpT",
      "https://acct.blob.core.windows.net/c/b?sv=2021&sig=abcdefghijklmnopqrstuvwx%2B%3D&se=1",
      "&amp;sig%3Dabcdefghijklmnopqrstuvwx",
      ".AspNetCore.OpenIdConnect.Nonce.CfDJ8abcdefghijklmnop",
      ".AspNetCore.Correlation.abcdefghijklmnopqrstu",
      "OpenIdConnect.AuthenticationProperties%3Dabcdefghijklmnopqrstu",
      "Authorization: Bearer abcdefghijklmnopqrstuvwx",
      "Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      "Basic dXNlcjpwYXNzd29yZA==",
      "NTLM TlRMTVNTUAABAAAA",
      "Negotiate " + repeat("YII", 3000),
      "client 10.0.12.255 said",
      "10.1.2.3",
      "/personal/adele_contoso_com/Documents",
      "mail adele.vance@contoso.example now",
      "adele@" + repeat("sub.", 500) + "example",
      "tkt-1234",
      "5678-fin",
      "zzqabc",
      "QQKxYyZ",
      "BEGIN-X\n" + repeat("<a>", 500) + "END-X",
      "LGAP a b c=123",
  };
}

// A literal some pattern needs, with no match around it.
const std::vector<std::string> kBareLiterals{
    "password", "Password", "Bearer", "basic ", "0.A", "AKIA", "-----BEGIN ", "<Assertion", "signature=",
    "sig=", "@", "/personal/", "AccountKey=", "8Q~", "ghp_", "PHNhbW", "AWS4-HMAC-SHA256", "BEGIN-X", "LGAP",
    "tkt-", "-fin", "zzq", "qqk", "10.0.0.",
};

// Filler the patterns' runs stop at or run through: base64, words, markup, quotes, newlines,
// separators and non-ASCII text.
std::string filler(std::mt19937& rng, std::size_t n) {
  static const std::vector<std::string> pools{
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
      "ab <>=;:\"'/\n-~_.&?%",
      "<>\"' \n\t",
      "0123456789.",
  };
  const std::string& pool = pools[rng() % pools.size()];
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (rng() % 97 == 0) out += "\xc3\xa9";  // é
    else out += pool[rng() % pool.size()];
  }
  return out;
}

std::string mutate(std::mt19937& rng, std::string s) {
  switch (rng() % 6) {
    case 0:
      for (char& c : s)
        c = static_cast<char>(rng() % 2 ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
      break;
    case 1:
      if (!s.empty()) s.erase(rng() % s.size(), 1);
      break;
    case 2:
      if (!s.empty()) s.insert(rng() % s.size(), 1, "\n<\" ;"[rng() % 5]);
      break;
    default:
      break;  // as written, most of the time
  }
  return s;
}

}  // namespace

TEST_CASE("value patterns found in windows around their literals are exactly those a whole-text scan finds") {
  const RuleSet windowed = rulesWith(true);
  const RuleSet whole = rulesWith(false);
  const text::WordFinder literalFinder(*windowed.patternLiterals(false));
  const auto ex = examples();
  std::mt19937 rng(20261206);
  std::size_t withMatches = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const bool atStart = rng() % 5 == 0;
    const std::size_t parts = 1 + rng() % 4;
    for (std::size_t i = 0; i < parts; ++i) {
      // Leading filler: none at the text start, sometimes none or a byte between two matches.
      if (!(atStart && i == 0)) text += filler(rng, rng() % 3 == 0 ? rng() % 3 : rng() % 200);
      if (rng() % 4 == 0) text += kBareLiterals[rng() % kBareLiterals.size()];
      else text += mutate(rng, ex[rng() % ex.size()]);
    }
    if (rng() % 3 != 0) text += filler(rng, rng() % 100);  // else a match may end the text
    INFO("round " << round << ": " << text.substr(0, 2000));
    const Spans fast = spans(windowed, text, true);
    REQUIRE(fast == spans(whole, text, true));
    REQUIRE(spans(windowed, text, false) == spans(whole, text, false));
    // The same with the literals' places found by the caller (the redactor's one pass).
    REQUIRE(spansFromHits(windowed, literalFinder, text, true) == fast);
    if (!fast.empty()) ++withMatches;
  }
  CHECK(withMatches > 1500);  // the texts do hold matches, most of them
}

TEST_CASE("each example alone, and two of them touching, match the same in windows as in the whole text") {
  const RuleSet windowed = rulesWith(true);
  const RuleSet whole = rulesWith(false);
  const auto ex = examples();
  for (const auto& a : ex) {
    INFO(a.substr(0, 200));
    REQUIRE_FALSE(spans(whole, a, true).empty());
    CHECK(spans(windowed, a, true) == spans(whole, a, true));
    for (const auto& b : ex) {
      const std::string two = a + b;
      INFO(b.substr(0, 200));
      REQUIRE(spans(windowed, two, true) == spans(whole, two, true));
    }
  }
}

TEST_CASE("a match much longer than any window is found whole") {
  const RuleSet windowed = rulesWith(true);
  const std::string token = "ghp_" + repeat("a1B2", 100000);
  const std::string text = "x = '" + token + "';";
  const auto found = windowed.findPatterns(text, false);
  REQUIRE(found.size() == 1);
  CHECK(found[0].begin == 5);
  CHECK(found[0].end == 5 + token.size());
  CHECK(found[0].kind == "github_token");
}

TEST_CASE("of two rules finding the same span the earlier rule names it, on both paths") {
  // `Bearer ghp_…`: the authorization rule's group and the GitHub rule find the same bytes.
  const std::string text = "Authorization: Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789\r\n";
  for (bool prefilter : {true, false}) {
    const RuleSet rules = rulesWith(prefilter);  // the kinds are views into it
    auto found = rules.findPatterns(text, false);
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == "github_token");
  }
}

TEST_CASE("a non-ASCII letter that folds to k or s sends the text to the whole-text scan") {
  const RuleSet windowed = rulesWith(true);
  // "AccountKey" with U+212A KELVIN SIGN for the K: the literal "accountk" is not in the text.
  const std::string text = "Account\xe2\x84\xaa" "ey=abcdefghijklmnop1234;";
  const auto found = windowed.findPatterns(text, false);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "storage_key");
  CHECK(spans(windowed, text, false) == spans(rulesWith(false), text, false));
}

TEST_CASE("a pattern's reach: the bytes a match can hold and its longest length") {
  auto reach = analyzeReach(R"(\bgh[pousr]_[A-Za-z0-9]{36,})");
  REQUIRE(reach);
  CHECK(reach->maxLength == RegexReach::kUnbounded);
  CHECK(reach->bytes.test('g'));
  CHECK(reach->bytes.test('_'));
  CHECK(reach->bytes.test('Z'));
  CHECK_FALSE(reach->bytes.test('-'));
  CHECK_FALSE(reach->bytes.test('"'));
  CHECK_FALSE(reach->bytes.test(0xc3));

  reach = analyzeReach(R"(\bAIza[0-9A-Za-z_-]{35})");
  REQUIRE(reach);
  CHECK(reach->maxLength == 39);
  CHECK(reach->bytes.test('-'));
  CHECK_FALSE(reach->bytes.test('.'));
}

TEST_CASE("a pattern's reach counts non-ASCII characters as up to four bytes") {
  auto reach = analyzeReach("a[^<]{2}b");
  REQUIRE(reach);
  CHECK(reach->maxLength == 10);
  CHECK(reach->bytes.test(0xe2));
  CHECK(reach->bytes.test('\n'));
  CHECK_FALSE(reach->bytes.test('<'));

  reach = analyzeReach("x.y");  // `.` skips newline, takes any character
  REQUIRE(reach);
  CHECK(reach->maxLength == 6);
  CHECK_FALSE(reach->bytes.test('\n'));
  CHECK(reach->bytes.test(0xff));
  reach = analyzeReach("(?s)x.y");
  REQUIRE(reach);
  CHECK(reach->bytes.test('\n'));
}

TEST_CASE("case folding in a pattern's reach takes both cases and the non-ASCII letters that fold") {
  auto reach = analyzeReach("(?i)key=(?-i:v)");
  REQUIRE(reach);
  CHECK(reach->bytes.test('K'));
  CHECK(reach->bytes.test('k'));
  CHECK(reach->bytes.test(0xe2));  // KELVIN SIGN's first byte
  CHECK_FALSE(reach->bytes.test('V'));
  CHECK(reach->maxLength == 4 * 3 + 1 + 1);

  reach = analyzeReach("a(?i:b)c");
  REQUIRE(reach);
  CHECK(reach->bytes.test('B'));
  CHECK_FALSE(reach->bytes.test('C'));
}

TEST_CASE("perl classes, alternation, counted and lazy repetition bound a pattern's reach") {
  auto reach = analyzeReach(R"((?:ab|cde)\d{2,3}?\s*x{2})");
  REQUIRE(reach);
  CHECK(reach->maxLength == RegexReach::kUnbounded);
  reach = analyzeReach(R"((?:ab|cde)\d{2,3}?\s?x{2}\w)");
  REQUIRE(reach);
  CHECK(reach->maxLength == 3 + 3 + 1 + 2 + 1);
  CHECK(reach->bytes.test('\t'));
  CHECK(reach->bytes.test('7'));
  CHECK_FALSE(reach->bytes.test('-'));
  reach = analyzeReach(R"(\S\D)");
  REQUIRE(reach);
  CHECK(reach->bytes.test(' '));  // \D
  CHECK(reach->bytes.test('-'));
  CHECK(reach->maxLength == 8);
  reach = analyzeReach(R"(\S[^\W_])");
  REQUIRE(reach);
  CHECK_FALSE(reach->bytes.test(' '));
  CHECK_FALSE(reach->bytes.test('\n'));
  CHECK(reach->maxLength == 8);
  reach = analyzeReach("a{,2}");  // not a repetition in RE2: the literal text "a{,2}"
  REQUIRE(reach);
  CHECK(reach->maxLength == 5);
  CHECK(reach->bytes.test('{'));
}

TEST_CASE("syntax the reach reading does not follow gives no reach") {
  CHECK_FALSE(analyzeReach(R"(\pL+)"));
  CHECK_FALSE(analyzeReach(R"([[:alpha:]]+)"));
  CHECK_FALSE(analyzeReach(R"(\Qa.b\E)"));
  CHECK_FALSE(analyzeReach("[\xc3\xa9]"));
  CHECK_FALSE(analyzeReach("(?i)\xc3\xa9"));
  CHECK_FALSE(analyzeReach("(ab"));
  CHECK_FALSE(analyzeReach(std::string(200, '(') + "a" + std::string(200, ')')));
}

TEST_CASE("a text with hundreds of windows or thousands of literals finds the same as the whole-text scan") {
  const RuleSet windowed = rulesWith(true);
  const RuleSet whole = rulesWith(false);
  std::mt19937 rng(5);
  // 1500 literals make more separate windows per pattern than the windowed path keeps; 6000
  // more literals than it follows: both go to the set over the whole text.
  for (int items : {150, 1500, 6000}) {
    std::string text;
    for (int i = 0; i < items; ++i) {
      text += i % 3 == 0 ? "ghp_" : i % 3 == 1 ? "ghp_abcdefghijklmnopqrstuvwxyz0123456789" : "0.A";
      text += " ;\"<"[rng() % 4];
    }
    INFO(items << " literals");
    const Spans fast = spans(windowed, text, false);
    CHECK(fast.size() == static_cast<std::size_t>(items / 3));
    CHECK(fast == spans(whole, text, false));
  }
}

TEST_CASE("a match after thousands of touching literals is found") {
  const RuleSet windowed = rulesWith(true);
  const std::string text = repeat("0.A", 3 * 5000) + " ghp_abcdefghijklmnopqrstuvwxyz0123456789";
  const Spans fast = spans(windowed, text, false);
  REQUIRE(fast.size() == 1);
  CHECK(std::get<2>(fast[0]) == "github_token");
  CHECK(fast == spans(rulesWith(false), text, false));
}
