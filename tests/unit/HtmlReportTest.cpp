// The diagnosis report: step names from data/flow-steps.tsv, the flow of a trace (what is shown,
// what is collapsed, the failing step, redirects), escaping, and what the page never holds.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "TestUtil.h"
#include "report/FlowSteps.h"
#include "report/Html.h"
#include "tracesan/HtmlReport.h"

using namespace tracesan;

namespace {

std::string samplePath(const std::string& name) { return std::string(TRACESAN_SAMPLES_DIR) + "/har/" + name; }

TraceDiagnosis diagnose(const std::string& path, FindOptions options = {}) {
  auto reader = openTrace(path);
  REQUIRE(reader);
  auto d = diagnoseTrace(*reader.value(), options);
  REQUIRE(d);
  return std::move(*d);
}

// A HAR with the given entries: {method, url, status, location}.
std::string harOf(const std::vector<std::array<std::string, 4>>& entries) {
  nlohmann::json list = nlohmann::json::array();
  int second = 0;
  for (const auto& [method, url, status, location] : entries) {
    nlohmann::json headers = nlohmann::json::array();
    if (!location.empty()) headers.push_back({{"name", "Location"}, {"value", location}});
    list.push_back({{"startedDateTime", "2026-11-30T10:15:0" + std::to_string(second++) + ".000Z"},
                    {"time", 1},
                    {"request",
                     {{"method", method}, {"url", url}, {"httpVersion", "HTTP/1.1"}, {"headers", nlohmann::json::array()},
                      {"queryString", nlohmann::json::array()}, {"cookies", nlohmann::json::array()},
                      {"headersSize", -1}, {"bodySize", 0}}},
                    {"response",
                     {{"status", std::stoi(status)}, {"statusText", ""}, {"httpVersion", "HTTP/1.1"}, {"headers", headers},
                      {"cookies", nlohmann::json::array()}, {"content", {{"size", 0}, {"mimeType", "text/html"}}},
                      {"redirectURL", location}, {"headersSize", -1}, {"bodySize", 0}}},
                    {"cache", nlohmann::json::object()},
                    {"timings", {{"send", 0}, {"wait", 1}, {"receive", 0}}}});
  }
  nlohmann::json har = {{"log", {{"version", "1.2"}, {"creator", {{"name", "test"}, {"version", "1"}}}, {"entries", list}}}};
  return har.dump();
}

const FlowRow* rowOfEntry(const TraceDiagnosis& d, std::size_t entry) {
  for (const FlowRow& row : d.flow)
    if (row.entry == entry && row.collapsed == 0) return &row;
  return nullptr;
}

std::string stepOf(std::string_view method, std::string_view host, std::string_view path, int status,
                   const std::vector<report::AppTarget>& apps = {}) {
  return report::FlowStepTable::builtIn().stepOf({method, host, path, status}, apps).value_or("(none)");
}

}  // namespace

TEST_CASE("glob patterns match case-insensitively with stars anywhere") {
  CHECK(report::globMatch("*/oauth2/*authorize", "/common/oauth2/v2.0/authorize"));
  CHECK(report::globMatch("*/oauth2/*authorize", "/tenant/OAuth2/Authorize"));
  CHECK_FALSE(report::globMatch("*/oauth2/*authorize", "/common/oauth2/v2.0/authorize/extra"));
  CHECK(report::globMatch("*", ""));
  CHECK_FALSE(report::globMatch("/mfasetup*", "/sspr"));
}

TEST_CASE("the step table names every protocol step of a sign-in") {
  const std::string host = "login.microsoftonline.com";
  CHECK(stepOf("GET", host, "/common/oauth2/v2.0/authorize", 200) == "login page");
  CHECK(stepOf("GET", host, "/common/oauth2/v2.0/authorize", 302) == "authorize");
  CHECK(stepOf("POST", host, "/common/GetCredentialType", 200) == "GetCredentialType");
  CHECK(stepOf("POST", host, "/common/login", 200) == "credential POST");
  CHECK(stepOf("POST", host, "/kmsi", 200) == "KMSI");
  CHECK(stepOf("GET", host, "/common/reprocess", 302) == "interrupt");
  CHECK(stepOf("POST", host, "/72f988bf-0000-4fa5-fake-2d7cd011db47/oauth2/v2.0/token", 400) == "token");
  CHECK(stepOf("GET", host, "/error", 200) == "error page");
  CHECK(stepOf("GET", "mysignins.microsoft.com", "/register", 200) == "SSPR/registration");
  CHECK(stepOf("GET", "passwordreset.microsoftonline.com", "/", 200) == "SSPR/registration");
  // Every cloud's hosts are Entra hosts.
  CHECK(stepOf("POST", "login.microsoftonline.us", "/organizations/oauth2/token", 200) == "token");
  CHECK(stepOf("POST", "login.partner.microsoftonline.cn", "/common/login", 200) == "credential POST");
}

TEST_CASE("requests to the app's redirect URI are form_post or redirect steps, others of its host are not") {
  std::vector<report::AppTarget> app{{"app.contoso-fake.example", "/signin-oidc"}};
  CHECK(stepOf("POST", "app.contoso-fake.example", "/signin-oidc", 302, app) == "form_post to the app");
  CHECK(stepOf("GET", "app.contoso-fake.example", "/signin-oidc", 200, app) == "redirect to the app");
  CHECK(stepOf("GET", "app.contoso-fake.example", "/api/inbox", 200, app) == "(none)");
  CHECK(stepOf("POST", "app.contoso-fake.example", "/signin-oidc", 302) == "(none)");
}

TEST_CASE("a look-alike host is not an Entra or SSPR step") {
  CHECK(stepOf("POST", "login.microsoftonline.com.evil.example", "/common/login", 200) == "(none)");
  CHECK(stepOf("GET", "notmysignins.microsoft.com", "/register", 200) == "(none)");
  CHECK(stepOf("GET", "aka.ms", "/other", 200) == "(none)");
}

TEST_CASE("static content of the sign-in page and proxy tunnels are not steps") {
  CHECK(stepOf("GET", "aadcdn.msftauth.net", "/shared/1.0/content/js/ConvergedLogin.js", 200) == "-");
  CHECK(stepOf("CONNECT", "login.microsoftonline.com", "", 200) == "-");
}

TEST_CASE("the AADSTS50125 sample's flow marks the credential POST as the failing step") {
  TraceDiagnosis d = diagnose(samplePath("signin-aadsts50125.har"));
  CHECK(d.format == "har");
  CHECK(d.entries == 6);
  CHECK(d.cloud == "public");
  CHECK(d.tenant == "common");
  CHECK(d.clientId == "4a1b2c3d-0000-4e5f-fa4e-00000000c11d");
  CHECK(d.clientName.empty());  // not a first-party app
  CHECK(d.firstTime == "2026-11-30T10:15:00.117Z");
  CHECK(d.lastTime == "2026-11-30T10:15:04.978Z");
  REQUIRE(d.findings.size() == 1);

  const FlowRow* login = rowOfEntry(d, 4);
  REQUIRE(login != nullptr);
  CHECK(login->step == "credential POST");
  CHECK(login->failing);
  CHECK(login->codes == std::vector<std::string>{"AADSTS50125"});
  CHECK(login->offsetMs == 4260);

  const FlowRow* reprocess = rowOfEntry(d, 5);
  REQUIRE(reprocess != nullptr);
  CHECK(reprocess->step == "interrupt");
  CHECK_FALSE(reprocess->failing);
  CHECK(reprocess->redirectTo == "mysignins.microsoft.com/register");

  REQUIRE(rowOfEntry(d, 6) != nullptr);
  CHECK(rowOfEntry(d, 6)->step == "SSPR/registration");
  CHECK(rowOfEntry(d, 1)->step == "login page");

  // The CDN script is not part of the sign-in: it is counted.
  CHECK(rowOfEntry(d, 2) == nullptr);
  bool counted = false;
  for (const FlowRow& row : d.flow)
    if (row.collapsed == 1 && row.entry == 2 && row.collapsedHosts.front().first == "aadcdn.msftauth.net") counted = true;
  CHECK(counted);
}

TEST_CASE("a finding on a host outside the flow is still shown as a failing row") {
  // token-endpoint-error: entry 5 is Graph answering 401 with an AADSTS code.
  TraceDiagnosis d = diagnose(samplePath("token-endpoint-error.har"));
  bool graphFinding = false;
  for (const Finding& f : d.findings) graphFinding |= f.entry == 5;
  const FlowRow* graph = rowOfEntry(d, 5);
  if (graphFinding) {
    REQUIRE(graph != nullptr);
    CHECK(graph->failing);
    CHECK(graph->step == "error response");
  } else {
    CHECK(graph == nullptr);
  }
  CHECK(rowOfEntry(d, 1)->step == "token");
  CHECK(rowOfEntry(d, 3)->step == "device code");
}

TEST_CASE("the redirect URI names the app and its callback becomes a flow step") {
  std::string har = harOf({
      {"GET", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=1fec8e78-bce4-4aaf-ab1b-5451cc387264"
              "&redirect_uri=https%3A%2F%2Fapp.contoso-fake.example%2Fcb&response_mode=form_post",
       "200", ""},
      {"GET", "https://cdn.contoso-fake.example/app.js", "200", ""},
      {"GET", "https://cdn.contoso-fake.example/app.css", "200", ""},
      {"POST", "https://app.contoso-fake.example/cb", "302", "https://app.contoso-fake.example/home"},
      {"GET", "https://app.contoso-fake.example/home", "200", ""},
  });
  TraceDiagnosis d = diagnose(testutil::writeScratch("HtmlReportTest-callback.har", har));
  CHECK(d.clientName == "Microsoft Teams");
  CHECK(d.redirectUri == "https://app.contoso-fake.example/cb");
  REQUIRE(rowOfEntry(d, 4) != nullptr);
  CHECK(rowOfEntry(d, 4)->step == "form_post to the app");
  CHECK(rowOfEntry(d, 4)->redirectTo == "app.contoso-fake.example/home");
  // Two CDN requests collapse into one count; the app's home page is not part of the sign-in.
  REQUIRE(d.flow.size() == 4);
  CHECK(d.flow[1].collapsed == 2);
  CHECK(d.flow[1].collapsedHosts == std::vector<std::pair<std::string, std::size_t>>{{"cdn.contoso-fake.example", 2}});
  CHECK(d.flow[3].collapsed == 1);
}

TEST_CASE("every authorize request's redirect URI is a callback of the flow") {
  std::string har = harOf({
      {"GET", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x&redirect_uri=https%3A%2F%2Fapp.contoso-fake.example%2Fsignin-oidc", "302", ""},
      {"GET", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x&redirect_uri=https%3A%2F%2Fapp.contoso-fake.example%2Fspa%2Fcallback", "302", ""},
      {"GET", "https://app.contoso-fake.example/spa/callback", "200", ""},
  });
  TraceDiagnosis d = diagnose(testutil::writeScratch("HtmlReportTest-two-callbacks.har", har));
  CHECK(d.redirectUri == "https://app.contoso-fake.example/signin-oidc");  // the header names the first
  REQUIRE(rowOfEntry(d, 3) != nullptr);
  CHECK(rowOfEntry(d, 3)->step == "redirect to the app");
}

TEST_CASE("secrets in flow paths and redirects are removed, harmless words survive") {
  const std::string jwt =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJGQUtFLXN1YiIsImF1ZCI6ImFwaSJ9.FAKE_SIGNATURE_abcdefghijklmnop";
  std::string har = harOf({
      // A token hidden in the path, and a code in the redirect's query (one layer deeper: encoded).
      {"GET", "https://login.microsoftonline.com/common/token-cache/" + jwt, "200", ""},
      {"GET", "https://login.microsoftonline.com/common/reprocess?ctx=rQQIARAA-FAKE-ctx", "302",
       "https://app.contoso-fake.example/cb?code=0.AXoA-FAKE-authcode-ZZZ&state=abc"},
  });
  TraceDiagnosis d = diagnose(testutil::writeScratch("HtmlReportTest-secrets.har", har));
  std::string html = renderHtmlReport({d}, {});
  CHECK(html.find(jwt) == std::string::npos);
  CHECK(html.find("FAKE-authcode") == std::string::npos);
  CHECK(html.find("FAKE-ctx") == std::string::npos);
  // The path word "token-cache" is not a secret and stays readable.
  CHECK(html.find("/common/token-cache/") != std::string::npos);
  CHECK(html.find("redirect to app.contoso-fake.example/cb") != std::string::npos);
}

TEST_CASE("html escaping covers markup, quotes, control bytes and invalid UTF-8") {
  CHECK(report::escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(report::escape("a\"b&c") == "a&quot;b&amp;c");
  CHECK(report::escape(std::string("a\x01" "b\xff", 4)) == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  CHECK(report::escape("caf\xC3\xA9") == "caf\xC3\xA9");
}

TEST_CASE("guidance URLs become links that cannot break out of the attribute") {
  CHECK(report::escapeLinked("Register at https://aka.ms/mfasetup.") ==
        "Register at <a href=\"https://aka.ms/mfasetup\">https://aka.ms/mfasetup</a>.");
  std::string hostile = report::escapeLinked("see https://x.example/'onmouseover='alert(1)");
  CHECK(hostile.find("'onmouseover") == std::string::npos);
  CHECK(hostile.find("&#39;onmouseover") != std::string::npos);
}

TEST_CASE("the report escapes file names and shows one section per trace") {
  TraceDiagnosis a = diagnose(samplePath("signin-aadsts50125.har"));
  TraceDiagnosis b = diagnose(samplePath("token-endpoint-error.har"));
  a.file = "<img src=x onerror=alert(1)>.har";
  std::string html = renderHtmlReport({a, b}, {});
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;.har") != std::string::npos);
  CHECK(html.find("id=\"trace-1\"") != std::string::npos);
  CHECK(html.find("id=\"trace-2\"") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=\"") == std::string::npos);     // nothing fetched: no images, scripts, frames
  CHECK(html.find("<link") == std::string::npos);       // no external styles
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("https://aka.ms/mfasetup") != std::string::npos);
  CHECK(html.find("failing step: AADSTS50125") != std::string::npos);
}

TEST_CASE("the same traces always give the same report bytes") {
  TraceDiagnosis a = diagnose(samplePath("signin-aadsts50125.har"));
  TraceDiagnosis b = diagnose(samplePath("signin-aadsts50125.har"));
  CHECK(renderHtmlReport({a}, {}) == renderHtmlReport({b}, {}));
}

TEST_CASE("the user is only named with showUser") {
  FindOptions withUser;
  withUser.showUser = true;
  CHECK(diagnose(samplePath("signin-aadsts50125.har")).user.empty());
  CHECK(diagnose(samplePath("signin-aadsts50125.har"), withUser).user == "adele.vance@contoso-fake.example");
  CHECK(renderHtmlReport({diagnose(samplePath("signin-aadsts50125.har"))}, {}).find("adele.vance") == std::string::npos);
}

TEST_CASE("well-known first-party apps are named, others are not") {
  CHECK(firstPartyAppName("04b07795-8ddb-461a-bbee-02f9e1bf7b46") == "Microsoft Azure CLI");
  CHECK(firstPartyAppName("04B07795-8DDB-461A-BBEE-02F9E1BF7B46") == "Microsoft Azure CLI");
  CHECK(firstPartyAppName("4a1b2c3d-0000-4e5f-fa4e-00000000c11d").empty());
  CHECK(firstPartyAppName("").empty());
}
