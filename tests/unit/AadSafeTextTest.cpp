// What the finder prints comes from the shared secret rules: the tests tie safeUrl / safeText to
// the built-in RuleSet and to what the redactor writes, so an original trace and its sanitized
// copy print the same.
#include <catch2/catch.hpp>

#include <string>

#include "TestUtil.h"
#include "detect/aad/SafeText.h"
#include "tracesan/AadErrors.h"
#include "tracesan/Redactor.h"
#include "tracesan/Rules.h"

using namespace tracesan;

namespace {

// header.payload.signature of fake JSON, built here: {"alg":"none"}.{"sub":"FAKE-USER"}.FAKE
constexpr const char* kJwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJGQUtFLVVTRVIifQ.RkFLRS1TSUdOQVRVUkUtMQ";

using testutil::text;

Entry requestTo(std::string url) {
  Entry e;
  e.number = 1;
  e.request.method = text("GET");
  e.request.url = text(std::move(url));
  return e;
}

// The URL as sanitize-trace would write it (fixed key, default options).
std::string sanitizedUrl(const std::string& url, RedactOptions options = {}) {
  Redactor redactor = testutil::keyedRedactor("finder-safe-text-test-key", options);
  Entry e = requestTo(url);
  redactor.redact(e);
  return e.request.url.value;
}

}  // namespace

TEST_CASE("every plain parameter name the built-in rules call secret in a query is secret to the finder") {
  const RuleSet* rules = aad::builtInRules();
  REQUIRE(rules != nullptr);
  std::size_t checked = 0;
  for (const Rule& rule : rules->rules()) {
    bool paramLike = rule.target == RuleTarget::Param || rule.target == RuleTarget::PiiParam ||
                     rule.target == RuleTarget::StateParam;
    if (!paramLike || (rule.contexts & kContextQuery) == 0) continue;
    if (rule.pattern.find_first_of("*?") != std::string::npos || rules->isAllowed(rule.pattern)) continue;
    INFO(rule.pattern << " (" << rule.origin << ")");
    CHECK(aad::isSecretParam(rule.pattern, kContextQuery));
    ++checked;
  }
  CHECK(checked > 30);
}

TEST_CASE("name globs of the rules make longer names secret") {
  CHECK(aad::isSecretParam("csrf_token"));     // *_token
  CHECK(aad::isSecretParam("NewPassword"));    // *password
  CHECK(aad::isSecretParam("app_secret"));     // *_secret
}

TEST_CASE("protocol parameters and allow-listed names are not secret") {
  CHECK_FALSE(aad::isSecretParam("client_id"));
  CHECK_FALSE(aad::isSecretParam("redirect_uri"));
  CHECK_FALSE(aad::isSecretParam("error_description"));
  CHECK_FALSE(aad::isSecretParam("error_uri"));
  CHECK_FALSE(aad::isSecretParam("scope"));
}

TEST_CASE("rules limited to some contexts apply only there") {
  CHECK(aad::isSecretParam("sig", kContextQuery));          // query:sig
  CHECK_FALSE(aad::isSecretParam("sig", kContextFragment));
}

TEST_CASE("personal and state parameters are hidden in URLs whatever the sanitizer was asked") {
  CHECK(aad::safeUrl("https://login.example/common/oauth2/v2.0/authorize?client_id=c1&login_hint=adele%40contoso.example&state=s1&nonce=n1") ==
        "https://login.example/common/oauth2/v2.0/authorize?client_id=c1&login_hint=REDACTED&state=REDACTED&nonce=REDACTED");
}

TEST_CASE("a token under a parameter name no rule knows is still hidden") {
  std::string url = std::string("https://app.example/cb?id_token_hint=") + kJwt + "&x=1";
  CHECK(aad::safeUrl(url) == "https://app.example/cb?id_token_hint=REDACTED&x=1");
}

TEST_CASE("an e-mail address inside another parameter value is hidden, also percent-encoded") {
  CHECK(aad::safeUrl("https://app.example/p?note=mail+adele%40contoso.example+now&x=1") ==
        "https://app.example/p?note=mail+REDACTED+now&x=1");
}

TEST_CASE("placeholders a sanitizer wrote print as REDACTED") {
  CHECK(aad::safeUrl("https://app.example/cb?code=REDACTED-code-1a2b3c4d&foo=REDACTED-jwt-0badc0de&x=1") ==
        "https://app.example/cb?code=REDACTED&foo=REDACTED&x=1");
  CHECK(aad::safeText("refused REDACTED-jwt-0badc0de for client", false) == "refused REDACTED for client");
}

TEST_CASE("a URL and its sanitized copy give the same safe URL") {
  const std::string url = std::string("https://app.example/cb?code=0.AXoA-FAKE-CODE-1&state=s1&session_state=FAKE-SS&x=1") +
                          "&hint=" + kJwt +
                          "&ru=https%3A%2F%2Flogin.example%2Fcommon%2Freprocess%3Fctx%3DFAKE-CTX-1%26x%3D1" +
                          "#id_token=" + kJwt + "&scope=openid";
  for (bool state : {false, true}) {
    for (bool pii : {false, true}) {
      RedactOptions o;
      o.redactStateNonce = state;
      o.redactPii = pii;
      std::string clean = sanitizedUrl(url, o);
      INFO("state " << state << " pii " << pii << ": " << clean);
      REQUIRE(clean != url);
      CHECK(aad::safeUrl(clean) == aad::safeUrl(url));
    }
  }
  CHECK(aad::safeUrl(url).find("FAKE") == std::string::npos);
}

TEST_CASE("tokens and credentials quoted in a message are hidden") {
  std::string message = std::string("The token ") + kJwt + " was refused; header was Bearer Zm9vYmFyLUZBS0UtVE9LRU4tMQ here.";
  std::string safe = aad::safeText(message, true);
  CHECK(safe == "The token REDACTED was refused; header was Bearer REDACTED here.");
}

TEST_CASE("e-mail addresses in messages are hidden unless the user is shown") {
  std::string message = "User account 'adele.vance@contoso-fake.example' from identity provider does not exist.";
  CHECK(aad::safeText(message, false) == "User account 'REDACTED' from identity provider does not exist.");
  CHECK(aad::safeText(message, true) == message);
}

TEST_CASE("a finding's message never quotes a token from the error description") {
  std::string url = std::string("https://app.example/cb?error=invalid_request&error_description=AADSTS50000%3a+Bad+assertion+") +
                    kJwt + "+given.";
  Entry e = requestTo(url);
  auto findings = findAadErrors(e, FindOptions{});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "Bad assertion REDACTED given.");
  CHECK(findings[0].url.find(kJwt) == std::string::npos);
}

TEST_CASE("tokens and e-mail addresses in the URL path are hidden, the host is kept") {
  CHECK(aad::safeUrl(std::string("https://graph.example/v1.0/users/adele%40contoso.example/") + kJwt + "?x=1") ==
        "https://graph.example/v1.0/users/REDACTED/REDACTED?x=1");
  CHECK(aad::safeUrl("https://graph.example/v1.0/users/adele@contoso.example/photo") ==
        "https://graph.example/v1.0/users/REDACTED/photo");
  CHECK(aad::safeUrl("https://user:P%40ss-FAKE@host.example/a/REDACTED-jwt-0badc0de") ==
        "https://user:REDACTED@host.example/a/REDACTED");
  CHECK(aad::safeUrl("/relative/adele@contoso.example?code=FAKE") == "/relative/REDACTED?code=REDACTED");
}
