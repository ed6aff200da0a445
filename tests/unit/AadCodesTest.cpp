#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "EntraHostCases.h"
#include "detect/aad/EntraHosts.h"
#include "detect/aad/Tsv.h"
#include "tracesan/AadErrors.h"

namespace tracesan::data {
extern const std::string_view aadsts_codes;
extern const std::string_view aadsts_guidance;
}  // namespace tracesan::data

using namespace tracesan;

namespace {
bool anyContains(const std::vector<std::string>& items, std::string_view needle) {
  return std::any_of(items.begin(), items.end(), [&](const std::string& s) { return s.find(needle) != std::string::npos; });
}
}  // namespace

TEST_CASE("the code table loads all 345 codes of the reference") {
  CHECK(allAadCodes().size() == 345);
  CHECK(std::is_sorted(allAadCodes().begin(), allAadCodes().end(),
                       [](const CodeInfo& a, const CodeInfo& b) { return a.code < b.code; }));
}

TEST_CASE("50125 is PasswordResetRegistrationRequiredInterrupt") {
  const CodeInfo* info = lookupAadCode(50125);
  REQUIRE(info != nullptr);
  CHECK(info->name == "PasswordResetRegistrationRequiredInterrupt");
}

TEST_CASE("50125 has the full explanation: meaning, causes, resolution and what to collect") {
  const CodeInfo* info = lookupAadCode(50125);
  REQUIRE(info != nullptr);
  const CodeGuidance& g = info->guidance;
  CHECK(g.meaning.find("password reset") != std::string::npos);
  CHECK(g.causes.size() >= 4);
  CHECK(anyContains(g.causes, "Conditional Access"));
  CHECK(anyContains(g.resolution, "https://aka.ms/mfasetup"));
  CHECK(anyContains(g.resolution, "account recovery"));
  CHECK(anyContains(g.resolution, "cookies"));
  CHECK(anyContains(g.resolution, "another device or network"));
  CHECK(anyContains(g.collect, "AzureAD Operational"));
  CHECK(anyContains(g.collect, "sanitize-trace"));
}

TEST_CASE("every common sign-in code has a meaning and a resolution") {
  for (long code : {50020L, 50034L, 50053L, 50055L, 50056L, 50057L, 50058L, 50072L, 50074L, 50076L, 50079L, 50105L,
                    50126L, 50128L, 50140L, 50158L, 50173L, 53003L, 54005L, 65001L, 70008L, 70011L, 700016L,
                    7000215L, 700082L, 90072L, 500011L, 530032L, 70016L}) {
    INFO("code " << code);
    const CodeInfo* info = lookupAadCode(code);
    REQUIRE(info != nullptr);
    CHECK(!info->guidance.meaning.empty());
    CHECK(!info->guidance.resolution.empty());
  }
}

TEST_CASE("a code listed without a name keeps an empty name") {
  const CodeInfo* info = lookupAadCode(50056);
  REQUIRE(info != nullptr);
  CHECK(info->name.empty());
  CHECK(!info->guidance.meaning.empty());
}

TEST_CASE("a code the table does not list has no entry") {
  CHECK(lookupAadCode(1234567) == nullptr);
  CHECK(lookupAadCode(0) == nullptr);
}

TEST_CASE("device-code polling 70016 is marked as expected and 50125 is not") {
  REQUIRE(lookupAadCode(70016) != nullptr);
  CHECK(lookupAadCode(70016)->expected);
  CHECK_FALSE(lookupAadCode(50125)->expected);
}

TEST_CASE("the generic collect guidance names the ids and a sanitized trace") {
  CHECK(anyContains(genericCollectGuidance(), "Correlation ID"));
  CHECK(anyContains(genericCollectGuidance(), "sanitize-trace"));
}

TEST_CASE("every guidance row names a listed code or '*' and a known field") {
  std::set<std::string_view> fields{"meaning", "cause", "resolution", "collect", "expected"};
  auto rows = aad::parseTsv(data::aadsts_guidance);
  CHECK(rows.size() > 60);
  for (const auto& row : rows) {
    INFO(std::string(row[0]));
    REQUIRE(row.size() == 3);
    CHECK(fields.count(row[1]) == 1);
    CHECK(!row[2].empty());
    if (row[0] != "*") CHECK(lookupAadCode(std::stol(std::string(row[0]))) != nullptr);
  }
}

TEST_CASE("the tsv reader skips comments and the header and keeps empty fields") {
  auto rows = aad::parseTsv("# comment\ncode\tname\n\n1\t\r\n2\tb\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].size() == 2);
  CHECK(rows[0][1].empty());
  CHECK(rows[1][1] == "b");
}

TEST_CASE("every host of the reference is an Entra host of its cloud") {
  // The sign-in hosts (shared with the finder test) and the rest of the reference: service, page,
  // static content and interrupt hosts, plus a spelling with case and a port.
  const aadtest::HostCase others[] = {
      {"enterpriseregistration.windows.net", "public"}, {"ccs.login.microsoftonline.com", "public"},
      {"login.live.com", "msa"},                        {"account.live.com", "msa"},
      {"aadcdn.msauth.net", "public"},                  {"aadcdn.msftauth.net", "public"},
      {"login.windows-ppe.net", "ppe"},                 {"passwordreset.microsoftonline.com", "public"},
      {"mysignins.microsoft.com", "public"},            {"LOGIN.MicrosoftOnline.com:443", "public"},
  };
  std::vector<aadtest::HostCase> cases(std::begin(aadtest::kSignInHosts), std::end(aadtest::kSignInHosts));
  cases.insert(cases.end(), std::begin(others), std::end(others));
  for (const aadtest::HostCase& c : cases) {
    INFO(c.host);
    const aad::EntraHost* host = aad::lookupEntraHost(c.host);
    REQUIRE(host != nullptr);
    CHECK(host->cloud == c.cloud);
  }
}

TEST_CASE("other hosts, and a wildcard's bare suffix, are not Entra hosts") {
  CHECK(aad::lookupEntraHost("app.contoso.com") == nullptr);
  CHECK(aad::lookupEntraHost("b2clogin.com") == nullptr);
  CHECK(aad::lookupEntraHost("evil-login.microsoftonline.com.example") == nullptr);
  CHECK(aad::lookupEntraHost("") == nullptr);
}

TEST_CASE("the host of a URL drops userinfo, port and case") {
  CHECK(aad::hostOfUrl("https://user:pw@Login.Windows.NET:443/common/oauth2/token?x=1") == "login.windows.net");
  CHECK(aad::hostOfUrl("/relative/path") == "");
}

TEST_CASE("the tenant comes from the first path segment when it names a tenant") {
  CHECK(aad::tenantFromPath("/contoso.onmicrosoft.com/oauth2/v2.0/token") == "contoso.onmicrosoft.com");
  CHECK(aad::tenantFromPath("/11111111-2222-3333-4444-555555555555/saml2") == "11111111-2222-3333-4444-555555555555");
  CHECK(aad::tenantFromPath("/common/login") == "common");
  CHECK(aad::tenantFromPath("/kmsi") == "");
  CHECK(aad::tenantFromPath("") == "");
}
