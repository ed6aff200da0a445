#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <iterator>
#include <random>
#include <thread>
#include <tuple>

#include "tracesan/Rules.h"

using namespace tracesan;

namespace {
RuleSet builtIns() {
  auto r = RuleSet::create();
  REQUIRE(r);
  return *r;
}

RuleSet withText(const std::string& text, std::vector<std::string> allow = {}) {
  RuleSetOptions o;
  o.ruleTexts.push_back({"team.rules", text});
  o.allow = std::move(allow);
  auto r = RuleSet::create(o);
  REQUIRE(r);
  return *r;
}
}  // namespace

TEST_CASE("the built-in rules compile and cover the Entra cookies, headers and parameters") {
  RuleSet r = builtIns();
  CHECK(r.size() > 100);
  CHECK(r.kindFor(RuleTarget::Cookie, "ESTSAUTHPERSISTENT") == std::optional<std::string_view>("ests_session"));
  CHECK(r.kindFor(RuleTarget::Cookie, "estsauth") == std::optional<std::string_view>("ests_session"));
  CHECK(r.kindFor(RuleTarget::Cookie, "x-ms-RefreshTokenCredential2") == std::optional<std::string_view>("prt_credential"));
  CHECK(r.kindFor(RuleTarget::Header, "x-ms-DeviceCredential1") == std::optional<std::string_view>("device_credential"));
  CHECK(r.kindFor(RuleTarget::Header, "X-Api-Key") == std::optional<std::string_view>("api_key"));
  CHECK(r.kindFor(RuleTarget::Header, "Ocp-Apim-Subscription-Key") == std::optional<std::string_view>("api_key"));
  CHECK(r.kindFor(RuleTarget::AuthHeader, "Proxy-Authorization").has_value());
  CHECK(r.kindFor(RuleTarget::Param, "refresh_token") == std::optional<std::string_view>("refresh_token"));
  CHECK(r.kindFor(RuleTarget::Param, "passwd") == std::optional<std::string_view>("password"));
  CHECK(r.kindFor(RuleTarget::Param, "flowToken") == std::optional<std::string_view>("flow_token"));
}

TEST_CASE("any cookie name falls back to the generic cookie rule") {
  CHECK(builtIns().kindFor(RuleTarget::Cookie, "MyAppSession") == std::optional<std::string_view>("cookie"));
}

TEST_CASE("non-secret names have no rule") {
  RuleSet r = builtIns();
  CHECK_FALSE(r.kindFor(RuleTarget::Header, "Content-Type"));
  CHECK_FALSE(r.kindFor(RuleTarget::Header, "x-ms-request-id"));
  CHECK_FALSE(r.kindFor(RuleTarget::Param, "client_id"));
  CHECK_FALSE(r.kindFor(RuleTarget::Param, "error_description"));
  CHECK_FALSE(r.kindFor(RuleTarget::Param, "correlation_id"));
}

TEST_CASE("a context prefix limits a parameter rule: JSON code members are error codes") {
  RuleSet r = builtIns();
  CHECK(r.kindFor(RuleTarget::Param, "code", kContextQuery) == std::optional<std::string_view>("code"));
  CHECK(r.kindFor(RuleTarget::Param, "code", kContextForm) == std::optional<std::string_view>("code"));
  CHECK_FALSE(r.kindFor(RuleTarget::Param, "code", kContextJson));
}

TEST_CASE("state and personal names have their own targets") {
  RuleSet r = builtIns();
  CHECK_FALSE(r.kindFor(RuleTarget::Param, "state"));
  CHECK(r.kindFor(RuleTarget::StateParam, "state") == std::optional<std::string_view>("state"));
  CHECK_FALSE(r.kindFor(RuleTarget::Param, "loginfmt"));
  CHECK(r.kindFor(RuleTarget::PiiParam, "loginfmt") == std::optional<std::string_view>("upn"));
  CHECK(r.kindFor(RuleTarget::PiiHeader, "X-Forwarded-For") == std::optional<std::string_view>("ip"));
  CHECK(r.kindFor(RuleTarget::Claim, "preferred_username") == std::optional<std::string_view>("upn"));
  CHECK(r.kindFor(RuleTarget::PiiClaim, "oid") == std::optional<std::string_view>("oid"));
  CHECK(r.kindFor(RuleTarget::PiiFlag, "x-clientIP") == std::optional<std::string_view>("ip"));
}

TEST_CASE("json-path rules match paths by glob") {
  RuleSet r = builtIns();
  CHECK(r.kindFor(RuleTarget::JsonPath, "$.arrSessions[0].ln") == std::optional<std::string_view>("session_list"));
  CHECK_FALSE(r.kindFor(RuleTarget::JsonPath, "$.pgid"));
}

TEST_CASE("value patterns find spans and use group 1 when the pattern has one") {
  RuleSet r = withText("soap_password\tregex\t<Pwd>([^<]+)</Pwd>\n");
  std::string text = "<x><Pwd>P@ssw0rd-FAKE-1</Pwd></x>";
  auto found = r.findPatterns(text, false);
  REQUIRE(found.size() == 1);
  CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == "P@ssw0rd-FAKE-1");
  CHECK(found[0].kind == "soap_password");
}

TEST_CASE("a built-in pattern finds a PEM private key") {
  std::string text = "cfg: -----BEGIN RSA PRIVATE KEY-----\nMIIFAKEFAKE\n-----END RSA PRIVATE KEY----- end";
  RuleSet rules = builtIns();  // match kinds view into the rule set, which must outlive them
  auto found = rules.findPatterns(text, false);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "private_key");
  CHECK(text.substr(found[0].end) == " end");
}

TEST_CASE("personal-data patterns run only when asked for") {
  RuleSet r = builtIns();
  std::string text = "User account 'adele.vance@contoso.example' does not exist";
  CHECK(r.findPatterns(text, false).empty());
  auto found = r.findPatterns(text, true);
  REQUIRE(found.size() == 1);
  CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == "adele.vance@contoso.example");
}

TEST_CASE("user rules win over built-in rules") {
  RuleSet r = withText("my_session\tcookie\tESTSAUTH\tours\n");
  CHECK(r.kindFor(RuleTarget::Cookie, "ESTSAUTH") == std::optional<std::string_view>("my_session"));
}

TEST_CASE("allow-listed names are never redacted, even by a wildcard rule") {
  RuleSet r = withText("", {"x-ms-gateway-slice"});
  CHECK_FALSE(r.kindFor(RuleTarget::Cookie, "X-MS-Gateway-Slice"));
  CHECK(r.isAllowed("x-ms-gateway-slice"));
  CHECK(r.kindFor(RuleTarget::Cookie, "ESTSAUTH"));
}

TEST_CASE("comments and blank lines are ignored and a label is optional") {
  auto rules = RuleSet::parse("# comment\n\n   \nk\tparam\tfoo\n  # indented comment\nk2\theader\tx-bar\tlabel\r\n", "f");
  REQUIRE(rules);
  REQUIRE(rules->size() == 2);
  CHECK((*rules)[0].label.empty());
  CHECK((*rules)[1].label == "label");
  CHECK((*rules)[1].pattern == "x-bar");
}

TEST_CASE("an unknown target is an error with file and line") {
  auto rules = RuleSet::parse("# c\nk\tparam\tfoo\nk\theder\tx\n", "team.rules");
  REQUIRE_FALSE(rules);
  CHECK(rules.error().message() == "team.rules: line 3: unknown target 'heder'");
  CHECK(rules.error().kind() == ErrorKind::InvalidInput);
}

TEST_CASE("a wrong column count is an error with file and line") {
  auto rules = RuleSet::parse("k param foo\n", "r.tsv");
  REQUIRE_FALSE(rules);
  CHECK(rules.error().message().rfind("r.tsv: line 1: expected 3 or 4 tab-separated columns", 0) == 0);
}

TEST_CASE("a kind with characters a placeholder cannot hold is an error") {
  auto rules = RuleSet::parse("my-kind\tparam\tfoo\n", "r.tsv");
  REQUIRE_FALSE(rules);
  CHECK(rules.error().message().rfind("r.tsv: line 1: invalid kind 'my-kind'", 0) == 0);
}

TEST_CASE("an invalid regex is an error with file and line") {
  auto rules = RuleSet::parse("\nk\tregex\t(unclosed\n", "r.tsv");
  REQUIRE_FALSE(rules);
  CHECK(rules.error().message().rfind("r.tsv: line 2: invalid regex:", 0) == 0);
}

TEST_CASE("an unknown parameter context is an error") {
  auto rules = RuleSet::parse("k\tparam\tbody:foo\n", "r.tsv");
  REQUIRE_FALSE(rules);
  CHECK(rules.error().message().rfind("r.tsv: line 1: unknown context 'body'", 0) == 0);
}

TEST_CASE("rule files are read from disk and a missing file is an error") {
  std::string path = std::string(TRACESAN_BINARY_DIR) + "/rules-test.rules";
  {
    std::ofstream f(path);
    f << "vault_token\theader\tx-vault-token\n";
  }
  RuleSetOptions o;
  o.ruleFiles = {path};
  auto r = RuleSet::create(o);
  REQUIRE(r);
  CHECK(r->kindFor(RuleTarget::Header, "X-Vault-Token") == std::optional<std::string_view>("vault_token"));
  std::remove(path.c_str());
  auto missing = RuleSet::create(o);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message().find("rules-test.rules") != std::string::npos);
}

TEST_CASE("the shipped example rules file is valid") {
  RuleSetOptions o;
  o.ruleFiles = {std::string(TRACESAN_SAMPLES_DIR) + "/rules/example.rules"};
  auto r = RuleSet::create(o);
  REQUIRE(r);
  CHECK(r->size() > builtIns().size());
}

TEST_CASE("a compiled rule set answers from several threads at once") {
  RuleSet r = builtIns();
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i)
        if (r.kindFor(RuleTarget::Cookie, "ESTSAUTH") && !r.findPatterns("-----BEGIN PRIVATE KEY-----x-----END PRIVATE KEY-----", false).empty())
          ++good;
    });
  for (auto& t : threads) t.join();
  CHECK(good == 800);
}

TEST_CASE("token and secret members are found by suffix but protocol fields are kept") {
  RuleSet r = builtIns();
  CHECK(r.kindFor(RuleTarget::GenericParam, "sessionToken") == std::optional<std::string_view>("token"));
  CHECK(r.kindFor(RuleTarget::GenericParam, "sso_token") == std::optional<std::string_view>("token"));
  CHECK(r.kindFor(RuleTarget::Param, "appSecret") == std::optional<std::string_view>("secret"));
  CHECK_FALSE(r.kindFor(RuleTarget::Param, "token_type"));
  CHECK_FALSE(r.kindFor(RuleTarget::Param, "client_assertion_type"));
  CHECK_FALSE(r.kindFor(RuleTarget::Param, "tokenLifetime"));
}

namespace {
RuleSet withoutPrefilter(RuleSetOptions o = {}) {
  o.literalPrefilter = false;
  auto r = RuleSet::create(o);
  REQUIRE(r);
  return *r;
}

std::vector<std::tuple<std::size_t, std::size_t, std::string>> spans(const RuleSet& r, std::string_view text, bool pii) {
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> out;
  for (const auto& m : r.findPatterns(text, pii)) out.emplace_back(m.begin, m.end, std::string(m.kind));
  return out;
}

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST_CASE("the literal prefilter in front of the value patterns changes no result") {
  RuleSet fast = builtIns();
  RuleSet slow = withoutPrefilter();
  // One example of every built-in pattern, and the non-ASCII letters (?i) folds to k and s.
  const std::vector<std::string> examples{
      "-----BEGIN RSA PRIVATE KEY-----\nMIIFAKE\n-----END RSA PRIVATE KEY-----",
      "<saml:Assertion ID=\"_a\"><x/></saml:Assertion>",
      "<EncryptedAssertion><x/></EncryptedAssertion>",
      "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm4",
      "<t:RequestedSecurityToken>tok</t:RequestedSecurityToken>",
      "<o:Password Type=\"t\">hunter2-FAKE</o:Password>",
      "<wsse:BinarySecurityToken ValueType=\"v\">TUlJRkFLRQ==</wsse:BinarySecurityToken>",
      "DefaultEndpointsProtocol=https;AccountKey=abcdefghijklmnop1234==;",
      "Account\xe2\x84\xaa" "ey=abcdefghijklmnop1234",
      "SharedAcce\xc5\xbfsSignature=abcdefghijklmnop1234",
      "abc8Q~abcdefghijklmnopqrstuvwxyz0123456",
      "OpenIdConnect.AuthenticationProperties%3Dabcdefghijklmnopqrstu",
      "Authorization: Bearer abcdefghijklmnopqrstuvwx",
      "NTLM TlRMTVNTUAABAAAA",
      "mail adele.vance@contoso.example now",
  };
  std::mt19937 rng(11);
  const std::string filler = "ab <>=;:\"/\n-~8QKkSs";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    std::size_t parts = rng() % 4;
    for (std::size_t i = 0; i < parts; ++i) {
      for (std::size_t n = rng() % 40; n > 0; --n) text += filler[rng() % filler.size()];
      std::string ex = examples[rng() % examples.size()];
      if (rng() % 3 == 0)
        for (char& c : ex) c = static_cast<char>(rng() % 2 ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
      if (rng() % 4 == 0 && !ex.empty()) ex.erase(rng() % ex.size(), 1);
      text += ex;
    }
    INFO(text);
    CHECK(spans(fast, text, false) == spans(slow, text, false));
    CHECK(spans(fast, text, true) == spans(slow, text, true));
  }
  for (const auto& ex : examples) {
    INFO(ex);
    CHECK(spans(fast, ex, true) == spans(slow, ex, true));
  }
  // Every sample trace, whole.
  for (const auto& file : std::filesystem::directory_iterator(std::string(TRACESAN_SAMPLES_DIR) + "/har")) {
    std::string text = readAll(file.path().string());
    REQUIRE_FALSE(text.empty());
    CHECK(spans(fast, text, true) == spans(slow, text, true));
  }
}

TEST_CASE("a user pattern without a required literal turns the prefilter off, and still matches") {
  RuleSetOptions o;
  o.ruleTexts.push_back({"team.rules", "ticket\tregex\t\\b[0-9]{12}\\b\n"});
  auto fast = RuleSet::create(o);
  REQUIRE(fast);
  RuleSet slow = withoutPrefilter(o);
  std::string text = "ref 123456789012 done";
  auto found = fast->findPatterns(text, false);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "ticket");
  CHECK(spans(*fast, text, false) == spans(slow, text, false));
}

TEST_CASE("decideName answers a whole decision from the one cache, the same as kindFor step by step") {
  RuleSet r = withText("", {"access_token"});
  const std::vector<RuleTarget> order = {RuleTarget::Param, RuleTarget::PiiParam, RuleTarget::StateParam,
                                         RuleTarget::GenericParam};
  for (std::string name : {"password", "Password", "state", "login_hint", "sessionToken", "token", "page", "access_token"}) {
    INFO(name);
    for (int round = 0; round < 2; ++round) {  // the second time from the cache
      auto all = r.decideName(name, kContextQuery,
                              {RuleTarget::Param, RuleTarget::PiiParam, RuleTarget::StateParam, RuleTarget::GenericParam});
      auto few = r.decideName(name, kContextQuery, {RuleTarget::Param, RuleTarget::GenericParam});
      CHECK(all.allowed == r.isAllowed(name));
      std::optional<std::size_t> expected;
      std::string_view kind;
      if (!all.allowed)
        for (std::size_t i = 0; i < order.size() && !expected; ++i)
          if (auto k = r.kindFor(order[i], name, kContextQuery)) expected = i, kind = *k;
      CHECK(all.target == expected);
      if (expected) CHECK(all.kind == kind);
      // Another list of targets is another question, never the cached answer of the first.
      if (expected && (*expected == 1 || *expected == 2)) CHECK(few.target != expected);
    }
  }
  CHECK(r.decideName("access_token", kContextQuery, {RuleTarget::Param}).allowed);
  CHECK(r.decideName("password", kContextForm, {RuleTarget::Param}).target == std::optional<std::size_t>(0));
  CHECK(r.decideName("state", kContextQuery, {RuleTarget::StateParam}).target == std::optional<std::size_t>(0));
  CHECK_FALSE(r.decideName("state", kContextQuery, {RuleTarget::Param}).target);
}
