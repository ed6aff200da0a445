#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cctype>
#include <string>
#include <vector>

#include "AadEntryBuilder.h"
#include "EntraHostCases.h"
#include "TestUtil.h"
#include "codec/Base64.h"
#include "detect/aad/MessageParse.h"
#include "detect/aad/SafeText.h"
#include "tracesan/AadErrors.h"

using namespace tracesan;

namespace {

constexpr const char* kTrace = "11111111-2222-3333-4444-555555550000";
constexpr const char* kCorrelation = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
constexpr const char* kLogin = "https://login.microsoftonline.com";

using testutil::field;
using testutil::text;
using testutil::EntryBuilder;


std::string tokenErrorJson(long code = 50125) {
  std::string c = std::to_string(code);
  return R"({"error":"interaction_required","error_description":"AADSTS)" + c +
         R"(: Sign-in was interrupted because of a password reset or password registration entry.\r\nTrace ID: )" +
         kTrace + R"(\r\nCorrelation ID: )" + kCorrelation +
         R"(\r\nTimestamp: 2025-01-02 03:04:05Z","error_codes":[)" + c +
         R"(],"timestamp":"2025-01-02 03:04:05Z","trace_id":")" + kTrace + R"(","correlation_id":")" + kCorrelation +
         R"(","suberror":"basic_action","error_uri":"https://login.microsoftonline.com/error?code=)" + c + R"("})";
}

std::vector<Finding> find(const Entry& e, FindOptions options = {}) { return findAadErrors(e, options); }

std::vector<std::string> kinds(const Finding& f) {
  std::vector<std::string> out;
  for (const auto& s : f.sources) out.push_back(s.kind);
  return out;
}

// A trace held in memory, for the whole-trace finder.
class VectorReader : public TraceReader {
public:
  explicit VectorReader(std::vector<Entry> entries, bool failAtEnd = false)
      : entries_(std::move(entries)), failAtEnd_(failAtEnd) {}
  TraceFormat format() const override { return TraceFormat::Har; }
  const std::string& name() const override { return name_; }
  Expected<Piece> read() override {
    if (pos_ < entries_.size()) return Piece{Piece::Kind::Entry, {}, 0, &entries_[pos_++]};
    if (failAtEnd_) return invalidInput("mem.har: entry 99: truncated JSON");
    return Piece{};
  }

private:
  std::vector<Entry> entries_;
  bool failAtEnd_;
  std::size_t pos_ = 0;
  std::string name_ = "mem.har";
};

Entry numbered(EntryBuilder b, std::size_t number) {
  Entry e = b.build();
  e.number = number;
  e.index = number - 1;
  return e;
}

}  // namespace

// --- token endpoint JSON (reference section a) ---------------------------------------------------

TEST_CASE("a token-endpoint JSON error yields code, ids, OAuth error and message") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/contoso.onmicrosoft.com/oauth2/v2.0/token", 400)
                .responseBody("application/json; charset=utf-8", tokenErrorJson())
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.code == 50125);
  CHECK(f.name == "PasswordResetRegistrationRequiredInterrupt");
  CHECK(f.message == "Sign-in was interrupted because of a password reset or password registration entry.");
  CHECK(f.traceId == kTrace);
  CHECK(f.correlationId == kCorrelation);
  CHECK(f.timestamp == "2025-01-02 03:04:05Z");
  CHECK(f.error == "interaction_required");
  CHECK(f.suberror == "basic_action");
  CHECK(f.status == 400);
  CHECK(f.entry == 7);
  CHECK(f.method == "POST");
  CHECK(f.host == "login.microsoftonline.com");
  CHECK(f.entraHost);
  CHECK(f.cloud == "public");
  CHECK(f.tenant == "contoso.onmicrosoft.com");
  REQUIRE(!f.sources.empty());
  CHECK(f.sources[0].kind == "json");
  CHECK(f.sources[0].location == "response body $.error_codes");
}

TEST_CASE("error_codes is authoritative even when the description has no code") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseBody("application/json", R"({"error":"invalid_grant","error_description":"no code here","error_codes":[70008]})")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 70008);
  CHECK(findings[0].error == "invalid_grant");
}

TEST_CASE("an error object nested deep in JSON is found with its path") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseBody("application/json", R"({"result":{"inner":[{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}]}})")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 7000215);
  CHECK(findings[0].message == "Invalid client secret provided.");
  CHECK(findings[0].sources[0].location == "response body $.result.inner[0].error_codes");
}

TEST_CASE("an API's JSON error message quoting a code is reported with the API host") {
  Entry e = EntryBuilder("GET", "https://graph.contoso-api.example/v1.0/me", 401)
                .responseBody("application/json", R"({"error":{"code":"InvalidAuthenticationToken","message":"AADSTS700016: Application not found in the directory."}})")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 700016);
  CHECK(findings[0].host == "graph.contoso-api.example");
  CHECK_FALSE(findings[0].entraHost);
  CHECK(findings[0].sources[0].location == "response body $.error.message");
}

TEST_CASE("a successful JSON answer of another host that merely mentions a code is not a finding") {
  Entry e = EntryBuilder("GET", "https://search.example/api?q=x", 200)
                .responseBody("application/json", R"({"results":[{"title":"How to fix AADSTS50125"}]})")
                .build();
  CHECK(find(e).empty());
}

TEST_CASE("a JSON body stored as base64 in the HAR is decoded first") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/v2.0/token", 400)
                .responseBody("application/json", codec::base64Encode(tokenErrorJson(50126)), "base64")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50126);
  CHECK(findings[0].traceId == kTrace);
}

TEST_CASE("a description whose escapes became real line breaks still gives its ids") {
  std::string body = std::string("AADSTS50126: Error validating credentials due to invalid username or password.\r\nTrace ID: ") +
                     kTrace + "\r\nCorrelation ID: " + kCorrelation + "\r\nTimestamp: 2025-01-02 03:04:05Z";
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400).responseBody("text/plain", body).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "Error validating credentials due to invalid username or password.");
  CHECK(findings[0].traceId == kTrace);
  CHECK(findings[0].correlationId == kCorrelation);
  CHECK(findings[0].timestamp == "2025-01-02 03:04:05Z");
  CHECK(findings[0].sources[0].kind == "text");
}

// --- login page $Config (section b) -------------------------------------------------------------

TEST_CASE("a login page's $Config with a numeric iErrorCode is a config finding") {
  std::string html = std::string(R"(<html><head><script type="text/javascript">//<![CDATA[
$Config={"pgid":"ConvergedError","iErrorCode":50125,"sErrorCode":"50125","strServiceExceptionMessage":"AADSTS50125: Sign-in was interrupted.","correlationId":")") +
                     kCorrelation + R"(","sessionId":")" + kTrace + R"(","sFT":"FAKE-FLOW-TOKEN"};
//]]></script></head><body></body></html>)";
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/login", 200).responseBody("text/html; charset=utf-8", html).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50125);
  CHECK(findings[0].message == "Sign-in was interrupted.");
  CHECK(findings[0].correlationId == kCorrelation);
  CHECK(findings[0].traceId == kTrace);
  CHECK(kinds(findings[0]) == std::vector<std::string>{"config"});
  CHECK(findings[0].sources[0].location == "response body $Config.iErrorCode");
}

TEST_CASE("a $Config with only a string sErrorCode and spaces around '=' is found") {
  std::string html = R"(<script>$Config = {"sErrorCode":"50058","sErrTxt":"We couldn't sign you in."};</script>)";
  Entry e = EntryBuilder("GET", std::string(kLogin) + "/common/oauth2/authorize?client_id=abc", 200).responseBody("text/html", html).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50058);
  CHECK(findings[0].message == "We couldn't sign you in.");
  CHECK(findings[0].sources[0].location == "response body $Config.sErrorCode");
}

TEST_CASE("a $Config without an error code is not a finding") {
  std::string html = R"(<script>$Config={"pgid":"ConvergedSignIn","iErrorCode":0,"sFT":"FAKE"};</script>)";
  Entry e = EntryBuilder("GET", std::string(kLogin) + "/common/oauth2/authorize", 200).responseBody("text/html", html).build();
  CHECK(find(e).empty());
}

// --- redirects and form_post (section c) ----------------------------------------------------------

TEST_CASE("an error in the Location query is form-decoded with its ids") {
  std::string location = std::string("https://app.contoso.example/cb?error=interaction_required&error_description=AADSTS50125%3a+Sign-in+was+interrupted.%0d%0aTrace+ID%3a+") +
                         kTrace + "%0d%0aCorrelation+ID%3a+" + kCorrelation +
                         "%0d%0aTimestamp%3a+2025-01-02+03%3a04%3a05Z&state=FAKE-STATE";
  Entry e = EntryBuilder("GET", std::string(kLogin) + "/common/oauth2/v2.0/authorize?client_id=22222222-0000-0000-0000-000000000000&login_hint=alice%40contoso.example", 302)
                .responseHeader("Location", location)
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.code == 50125);
  CHECK(f.message == "Sign-in was interrupted.");
  CHECK(f.traceId == kTrace);
  CHECK(f.correlationId == kCorrelation);
  CHECK(f.timestamp == "2025-01-02 03:04:05Z");
  CHECK(f.error == "interaction_required");
  CHECK(f.sources[0].kind == "location-header");
  CHECK(f.sources[0].location == "response header Location query");
  CHECK(f.clientId == "22222222-0000-0000-0000-000000000000");
  CHECK(f.user.empty());
  CHECK(f.url.find("alice") == std::string::npos);
  CHECK(f.url.find("login_hint=REDACTED") != std::string::npos);
}

TEST_CASE("an error in the Location fragment is found") {
  Entry e = EntryBuilder("GET", std::string(kLogin) + "/common/oauth2/v2.0/authorize", 302)
                .responseHeader("location", "https://spa.example/#error=login_required&error_description=AADSTS50058%3a+A+silent+sign-in+request+was+sent.")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50058);
  CHECK(findings[0].error == "login_required");
  CHECK(findings[0].sources[0].location == "response header Location fragment");
}

TEST_CASE("the app callback receiving the error redirect is a query finding on a non-Entra host") {
  Entry e = EntryBuilder("GET", "https://app.contoso.example/cb?error=interaction_required&error_description=AADSTS50125%3a+Sign-in+was+interrupted.&state=FAKE", 200)
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50125);
  CHECK(findings[0].sources[0].kind == "query");
  CHECK(findings[0].host == "app.contoso.example");
  CHECK_FALSE(findings[0].entraHost);
  CHECK(findings[0].url.find("state=REDACTED") != std::string::npos);
}

TEST_CASE("a fragment error logged in the request URL is a fragment finding") {
  Entry e = EntryBuilder("GET", "https://spa.example/app#error=interaction_required&error_description=AADSTS50076%3a+MFA+required.", 200).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50076);
  CHECK(findings[0].sources[0].kind == "fragment");
}

TEST_CASE("a code typed into a search query is not a finding") {
  Entry e = EntryBuilder("GET", "https://www.bing.com/search?q=AADSTS50125+error", 200).build();
  CHECK(find(e).empty());
  Entry e2 = EntryBuilder("GET", "https://docs.example/search?error_description=AADSTS50125", 200).build();
  CHECK(find(e2).empty());
}

TEST_CASE("a code in a request body the user typed is not a finding") {
  Entry e = EntryBuilder("POST", "https://support.example/api/tickets", 201)
                .requestBody("application/json", R"({"error_description":"AADSTS50125: I keep getting this"})")
                .build();
  CHECK(find(e).empty());
  Entry e2 = EntryBuilder("POST", "https://support.example/form", 200)
                 .requestBody("application/x-www-form-urlencoded", "subject=help&error_description=AADSTS50125%3a+x")
                 .build();
  CHECK(find(e2).empty());
}

TEST_CASE("a form_post page's hidden inputs with HTML entities are a form_post finding") {
  std::string html = R"x(<html><body onload="document.forms[0].submit()"><form method="POST" name="hiddenform" action="https://app.contoso.example/signin-oidc">)x"
                     R"x(<input type="hidden" name="error" value="access_denied" />)x"
                     R"x(<input type="hidden" name="error_description" value="AADSTS50105&#58; Your administrator has configured the application to block users unless they are specifically granted (&#39;assigned&#39;) access.&#13;&#10;Trace ID&#58; 11111111-2222-3333-4444-555555550000" />)x"
                     R"x(<input type="hidden" name="state" value="FAKE" /></form></body></html>)x";
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/login", 200).responseBody("text/html", html).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50105);
  CHECK(findings[0].error == "access_denied");
  CHECK(findings[0].message.find("('assigned')") != std::string::npos);
  CHECK(findings[0].traceId == kTrace);
  CHECK(findings[0].sources[0].kind == "form_post");
}

TEST_CASE("the app's form_post POST carrying the error is a form_post finding") {
  Entry e = EntryBuilder("POST", "https://app.contoso.example/signin-oidc", 302)
                .requestBody("application/x-www-form-urlencoded", "error=access_denied&error_description=AADSTS50105%3a+Not+assigned.&state=FAKE")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50105);
  CHECK(findings[0].sources[0].kind == "form_post");
  CHECK(findings[0].sources[0].location == "request body error_description");
  CHECK_FALSE(findings[0].entraHost);
}

TEST_CASE("HAR postData.params are used when the form text is missing") {
  Entry e = EntryBuilder("POST", "https://app.contoso.example/signin-oidc", 302).build();
  e.request.body.present = true;
  e.request.body.mimeType = text("application/x-www-form-urlencoded");
  e.request.body.params.push_back(field("error", "access_denied"));
  e.request.body.params.push_back(field("error_description", "AADSTS50105%3a+Not+assigned."));
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "Not assigned.");
}

// --- headers (section d) ----------------------------------------------------------------------------

TEST_CASE("an API's WWW-Authenticate error description is a www-authenticate finding") {
  Entry e = EntryBuilder("GET", "https://api.contoso.example/orders", 401)
                .responseHeader("WWW-Authenticate", R"(Bearer realm="", error="invalid_token", error_description="AADSTS50173: The provided grant has expired.")")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50173);
  CHECK(findings[0].error == "invalid_token");
  CHECK(findings[0].message == "The provided grant has expired.");
  CHECK(findings[0].sources[0].kind == "www-authenticate");
  CHECK_FALSE(findings[0].entraHost);
}

TEST_CASE("x-ms-clitelem alone reports its error code") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseHeader("x-ms-clitelem", "1,50125,0,,")
                .responseHeader("x-ms-request-id", kTrace)
                .requestHeader("client-request-id", kCorrelation)
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50125);
  CHECK(findings[0].sources[0].kind == "x-ms-clitelem");
  CHECK(findings[0].traceId == kTrace);              // from x-ms-request-id
  CHECK(findings[0].correlationId == kCorrelation);  // from client-request-id
}

TEST_CASE("a success x-ms-clitelem is not a finding") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 200)
                .responseHeader("x-ms-clitelem", "1,0,0,112993681.7929,")
                .build();
  CHECK(find(e).empty());
}

// --- SAML, SOAP, text (section e) ---------------------------------------------------------------------

TEST_CASE("a SAMLResponse posted to the app reports each code of its StatusMessage") {
  std::string xml = std::string(R"(<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"/><samlp:StatusMessage>AADSTS75006: An error occurred while processing a SAML2 Authentication request. AADSTS90011: Request &apos;RequestUnsupported&apos; is not supported.
Trace ID: )") + kTrace + "\nTimestamp: 2025-01-02 03:04:05Z</samlp:StatusMessage></samlp:Status></samlp:Response>";
  std::string body = "SAMLResponse=" + codec::base64Encode(xml) + "&RelayState=FAKE";
  // base64 may hold '+', '/' and '=': form-encode them as a browser would.
  std::string encoded;
  for (char c : body.substr(13, body.find("&RelayState") - 13)) {
    if (c == '+') encoded += "%2B";
    else if (c == '/') encoded += "%2F";
    else if (c == '=') encoded += "%3D";
    else encoded += c;
  }
  body = "SAMLResponse=" + encoded + "&RelayState=FAKE";
  Entry e = EntryBuilder("POST", "https://sp.contoso.example/saml/acs", 200)
                .requestBody("application/x-www-form-urlencoded", body)
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].code == 75006);
  CHECK(findings[0].message == "An error occurred while processing a SAML2 Authentication request.");
  CHECK(findings[1].code == 90011);
  CHECK(findings[1].message == "Request 'RequestUnsupported' is not supported.");
  CHECK(findings[1].traceId == kTrace);
  CHECK(findings[0].sources[0].kind == "saml");
}

TEST_CASE("a SOAP fault from the WS-Trust endpoint is a text finding") {
  std::string soap = R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Reason><s:Text xml:lang="en-US">AADSTS50126: Error validating credentials due to invalid username or password.</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>)";
  Entry e = EntryBuilder("POST", "https://autologon.microsoftazuread-sso.com/contoso.example/winauth/trust/2005/usernamemixed", 500)
                .responseBody("application/soap+xml; charset=utf-8", soap)
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50126);
  CHECK(findings[0].message == "Error validating credentials due to invalid username or password.");
  CHECK(findings[0].sources[0].kind == "text");
}

TEST_CASE("a form-encoded error in a text body is decoded before reading its ids") {
  std::string body = std::string("error=invalid_request&error_description=AADSTS90014%3a+The+required+field+is+missing.%0d%0aTrace+ID%3a+") + kTrace;
  Entry e = EntryBuilder("GET", std::string(kLogin) + "/common/reprocess", 400).responseBody("text/plain", body).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 90014);
  CHECK(findings[0].message == "The required field is missing.");
  CHECK(findings[0].traceId == kTrace);
}

TEST_CASE("a documentation page on another host that mentions a code is not a finding") {
  Entry e = EntryBuilder("GET", "https://learn.example/entra/error-codes", 200)
                .responseBody("text/html", "<html><body><h1>AADSTS50125</h1><p>Sign-in was interrupted.</p></body></html>")
                .build();
  CHECK(find(e).empty());
}

TEST_CASE("scripts and images are not searched for codes") {
  Entry e = EntryBuilder("GET", "https://aadcdn.msftauth.net/shared/1.0/content/js/ConvergedLogin.js", 200)
                .responseBody("application/javascript", "var s='AADSTS50058: silent sign-in';")
                .build();
  CHECK(find(e).empty());
}

// --- merging, unknown codes, lookalikes ----------------------------------------------------------------

TEST_CASE("one response showing a code in several forms is one finding with every source") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseBody("application/json", tokenErrorJson())
                .responseHeader("x-ms-clitelem", "1,50125,0,,")
                .responseHeader("WWW-Authenticate", R"(Bearer error="interaction_required", error_description="AADSTS50125: Sign-in was interrupted.")")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(kinds(findings[0]) == std::vector<std::string>{"json", "www-authenticate", "x-ms-clitelem"});
  CHECK(findings[0].traceId == kTrace);
}

TEST_CASE("different codes in one entry are separate findings") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseBody("application/json", tokenErrorJson(50076))
                .responseHeader("x-ms-clitelem", "1,50125,0,,")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].code == 50076);
  CHECK(findings[1].code == 50125);
}

TEST_CASE("a code missing from the table is reported with an empty name") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseBody("application/json", R"({"error":"invalid_request","error_description":"AADSTS1234567: Something new.","error_codes":[1234567]})")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 1234567);
  CHECK(findings[0].name.empty());
  CHECK(findings[0].message == "Something new.");
}

TEST_CASE("lookalikes of a code are not mentions") {
  CHECK(aad::findCodeMentions("XAADSTS12345: no").empty());
  CHECK(aad::findCodeMentions("AADSTS123456789 too long").empty());
  CHECK(aad::findCodeMentions("AADSTS1234 too short").empty());
  CHECK(aad::findCodeMentions("AADSTS50125abc glued").empty());
  CHECK(aad::findCodeMentions("my_AADSTS50125").empty());
  CHECK(aad::findCodeMentions("aadsts50125 lower case").empty());
}

TEST_CASE("mentions after JSON escapes, percent escapes and punctuation count") {
  auto m = aad::findCodeMentions(R"(a\nAADSTS75006: x %0aAADSTS90011 (AADSTS50125) "AADSTS16000")");
  REQUIRE(m.size() == 4);
  CHECK(m[0].code == 75006);
  CHECK(m[1].code == 90011);
  CHECK(m[2].code == 50125);
  CHECK(m[3].code == 16000);
}

TEST_CASE("a lookalike in an Entra error body is not a finding") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseBody("text/plain", "XAADSTS50125 and AADSTS501250000 are not codes")
                .build();
  CHECK(find(e).empty());
}

// --- context: tenant, client, user, secrets ---------------------------------------------------------------

TEST_CASE("the user is reported only with showUser, and e-mail addresses in messages are masked otherwise") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/login", 200)
                .requestBody("application/x-www-form-urlencoded", "login=alice%40contoso.example&loginfmt=alice%40contoso.example&passwd=P%40ssw0rd-FAKE-1&flowToken=FAKE")
                .responseBody("text/html", R"(<script>$Config={"iErrorCode":50034,"strServiceExceptionMessage":"AADSTS50034: The user account alice@contoso.example does not exist in the contoso.example directory."};</script>)")
                .build();
  auto hidden = find(e);
  REQUIRE(hidden.size() == 1);
  CHECK(hidden[0].user.empty());
  CHECK(hidden[0].message == "The user account REDACTED does not exist in the contoso.example directory.");

  FindOptions show;
  show.showUser = true;
  auto shown = find(e, show);
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].user == "alice@contoso.example");
  CHECK(shown[0].message.find("alice@contoso.example") != std::string::npos);
}

TEST_CASE("the tenant comes from the tid parameter on other hosts") {
  Entry e = EntryBuilder("GET", "https://app.contoso.example/cb?tid=33333333-0000-0000-0000-000000000000&error=access_denied&error_description=AADSTS53003%3a+Blocked.", 200).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].tenant == "33333333-0000-0000-0000-000000000000");
}

TEST_CASE("secret parameter values in URLs are replaced, other parameters kept") {
  CHECK(aad::safeUrl("https://app.example/cb?code=0.FAKE&state=s1&session_state=x#id_token=eyJ.FAKE&scope=openid") ==
        "https://app.example/cb?code=REDACTED&state=REDACTED&session_state=REDACTED#id_token=REDACTED&scope=openid");
  CHECK(aad::safeUrl("https://login.example/t?client_id=abc&client_secret=FAKE-SECRET&password=P%40ss&passwd=x&refresh_token=r&access_token=a&client_assertion=j") ==
        "https://login.example/t?client_id=abc&client_secret=REDACTED&password=REDACTED&passwd=REDACTED&refresh_token=REDACTED&access_token=REDACTED&client_assertion=REDACTED");
  CHECK(aad::safeUrl("https://user:P%40ss-FAKE@host.example/path?x=1") == "https://user:REDACTED@host.example/path?x=1");
  CHECK(aad::safeUrl("https://host.example/plain") == "https://host.example/plain");
  CHECK(aad::safeUrl("https://host.example/?Code=abc&flag") == "https://host.example/?Code=REDACTED&flag");
}

TEST_CASE("the finder never changes the entry it reads") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token?code=FAKE", 400)
                .responseBody("application/json", codec::base64Encode(tokenErrorJson()), "base64")
                .build();
  Entry copy = e;
  (void)find(e);
  CHECK(e.request.url.value == copy.request.url.value);
  CHECK(e.response.body.text.value == copy.response.body.text.value);
  CHECK_FALSE(e.response.body.text.changed);
}

// --- expected noise and filters ---------------------------------------------------------------------------

TEST_CASE("device-code polling is hidden by default and marked expected when included") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/organizations/oauth2/v2.0/token", 400)
                .responseBody("application/json", R"({"error":"authorization_pending","error_description":"AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.","error_codes":[70016]})")
                .build();
  CHECK(find(e).empty());
  FindOptions all;
  all.includeExpected = true;
  auto findings = find(e, all);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].expected);
  FindOptions listed;
  listed.codes = {70016};
  CHECK(find(e, listed).size() == 1);
}

TEST_CASE("a code filter keeps only the listed codes") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseBody("application/json", tokenErrorJson(50076))
                .responseHeader("x-ms-clitelem", "1,50125,0,,")
                .build();
  FindOptions only;
  only.codes = {50125};
  auto findings = find(e, only);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50125);
}

TEST_CASE("an entry without a response is searched only in its request") {
  Entry e = EntryBuilder("GET", "https://app.example/cb?error=x&error_description=AADSTS50125%3a+y", 0).noResponse().build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].status == 0);
}

// --- whole trace -------------------------------------------------------------------------------------------

TEST_CASE("the whole-trace finder adds the entries before and after each finding") {
  std::vector<Entry> entries;
  entries.push_back(numbered(EntryBuilder("GET", "https://app.example/start", 302), 1));
  entries.push_back(numbered(EntryBuilder("GET", std::string(kLogin) + "/common/oauth2/authorize?code=FAKE", 200), 2));
  entries.push_back(numbered(EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                                 .responseBody("application/json", tokenErrorJson()), 3));
  entries.push_back(numbered(EntryBuilder("GET", "https://app.example/error", 500), 4));
  entries.push_back(numbered(EntryBuilder("GET", "https://app.example/later", 200), 5));
  entries.push_back(numbered(EntryBuilder("GET", "https://app.example/last", 200), 6));
  VectorReader reader(std::move(entries));
  FindOptions options;
  options.context = 2;
  auto findings = findAadErrors(reader, options);
  REQUIRE(findings);
  REQUIRE(findings->size() == 1);
  const Finding& f = findings->front();
  CHECK(f.file == "mem.har");
  REQUIRE(f.before.size() == 2);
  CHECK(f.before[0].entry == 1);
  CHECK(f.before[1].entry == 2);
  CHECK(f.before[1].url == std::string(kLogin) + "/common/oauth2/authorize?code=REDACTED");
  REQUIRE(f.after.size() == 2);
  CHECK(f.after[0].entry == 4);
  CHECK(f.after[0].status == 500);
  CHECK(f.after[1].entry == 5);
}

TEST_CASE("findings near the ends of a trace get the context that exists") {
  std::vector<Entry> entries;
  entries.push_back(numbered(EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                                 .responseBody("application/json", tokenErrorJson(50126)), 1));
  entries.push_back(numbered(EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                                 .responseBody("application/json", tokenErrorJson(50125)), 2));
  VectorReader reader(std::move(entries));
  FindOptions options;
  options.context = 3;
  auto findings = findAadErrors(reader, options);
  REQUIRE(findings);
  REQUIRE(findings->size() == 2);
  CHECK((*findings)[0].before.empty());
  REQUIRE((*findings)[0].after.size() == 1);
  CHECK((*findings)[0].after[0].entry == 2);
  REQUIRE((*findings)[1].before.size() == 1);
  CHECK((*findings)[1].after.empty());
}

TEST_CASE("a reader error is returned, not swallowed") {
  VectorReader reader({}, /*failAtEnd=*/true);
  auto findings = findAadErrors(reader, FindOptions{});
  REQUIRE_FALSE(findings);
  CHECK(findings.error().message() == "mem.har: entry 99: truncated JSON");
}

// --- formats ------------------------------------------------------------------------------------------------

TEST_CASE("json output has the documented fields with an integer code") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseBody("application/json", tokenErrorJson())
                .responseHeader("x-ms-clitelem", "1,50125,0,,")
                .build();
  FindOptions options;
  options.file = "a.har";
  auto j = nlohmann::json::parse(formatFindings(find(e, options), FindingFormat::Json));
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 1);
  CHECK(j[0]["file"] == "a.har");
  CHECK(j[0]["entry"] == 7);
  CHECK(j[0]["code"].is_number_integer());
  CHECK(j[0]["code"] == 50125);
  CHECK(j[0]["name"] == "PasswordResetRegistrationRequiredInterrupt");
  CHECK(j[0]["trace_id"] == kTrace);
  CHECK(j[0]["correlation_id"] == kCorrelation);
  CHECK(j[0]["timestamp"] == "2025-01-02 03:04:05Z");
  CHECK(j[0]["source"] == "json");
  CHECK(j[0]["sources"].size() == 2);
  CHECK(j[0]["entra_host"] == true);
  CHECK(j[0]["guidance"]["resolution"].size() >= 5);
  CHECK(j[0].contains("context"));
  CHECK_FALSE(j[0].contains("user"));
}

TEST_CASE("csv output quotes fields per RFC 4180") {
  Finding f;
  f.file = "a,b.har";
  f.code = 50125;
  f.message = "He said \"no\", twice";
  f.sources = {{"json", "x"}, {"x-ms-clitelem", "y"}, {"json", "z"}};
  std::string csv = formatFindings({f}, FindingFormat::Csv);
  CHECK(csv.starts_with("file,entry,method,url,status,code,name,"));
  CHECK(csv.find("\r\n\"a,b.har\",0,") != std::string::npos);
  CHECK(csv.find(",\"He said \"\"no\"\", twice\",") != std::string::npos);
  CHECK(csv.find(",json,json;x-ms-clitelem,") != std::string::npos);
}

TEST_CASE("text output lists findings and explains each distinct code once") {
  Finding f;
  f.file = "a.har";
  f.entry = 3;
  f.code = 50125;
  f.name = "PasswordResetRegistrationRequiredInterrupt";
  f.sources = {{"json", "response body $.error_codes"}};
  Finding g = f;
  g.entry = 9;
  std::string text = formatFindings({f, g}, FindingFormat::Text);
  CHECK(text.find("2 Entra sign-in errors found.") != std::string::npos);
  CHECK(text.find("a.har entry 3: AADSTS50125") != std::string::npos);
  CHECK(text.find("a.har entry 9: AADSTS50125") != std::string::npos);
  auto first = text.find("https://aka.ms/mfasetup");
  REQUIRE(first != std::string::npos);
  CHECK(text.find("https://aka.ms/mfasetup", first + 1) == std::string::npos);
  CHECK(text.find("AzureAD Operational") != std::string::npos);
}

TEST_CASE("text output says so when nothing was found") {
  CHECK(formatFindings({}, FindingFormat::Text) == "No Entra sign-in errors (AADSTS codes) found.\n");
  CHECK(formatFindings({}, FindingFormat::Json) == "[]\n");
}

TEST_CASE("a URL nested in a parameter loses its own secret values") {
  std::string url = "https://mysignins.example/register?tenant=t1&ru=https%3A%2F%2Flogin.example%2Fcommon%2Freprocess%3Fctx%3DFAKE-CTX%26x%3D1";
  std::string safe = aad::safeUrl(url);
  CHECK(safe.find("FAKE-CTX") == std::string::npos);
  CHECK(safe.find("tenant=t1&ru=https%3A%2F%2Flogin.example%2Fcommon%2Freprocess%3Fctx%3DREDACTED%26x%3D1") != std::string::npos);
  // A nested URL without secrets is kept exactly as written.
  std::string plain = "https://app.example/a?redirect_uri=https%3A%2F%2Fapp.example%2Fcb";
  CHECK(aad::safeUrl(plain) == plain);
}

TEST_CASE("Entra's SAML auto-post page with an error StatusMessage is a saml finding") {
  std::string xml = R"(<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"/><samlp:StatusMessage>AADSTS50105: The signed in user is not assigned to a role for the application.</samlp:StatusMessage></samlp:Status></samlp:Response>)";
  std::string html = R"(<html><body><form method="POST" action="https://sp.contoso.example/acs"><input type="hidden" name="SAMLResponse" value=")" +
                     codec::base64Encode(xml) + R"(" /><input type="hidden" name="RelayState" value="FAKE" /></form></body></html>)";
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/11111111-2222-3333-4444-555555555555/saml2", 200)
                .responseBody("text/html", html)
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50105);
  CHECK(findings[0].message == "The signed in user is not assigned to a role for the application.");
  CHECK(findings[0].sources[0].kind == "saml");
  CHECK(findings[0].tenant == "11111111-2222-3333-4444-555555555555");
}

TEST_CASE("a successful SAMLResponse is not a finding") {
  std::string xml = R"(<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Response>)";
  Entry e = EntryBuilder("POST", "https://sp.contoso.example/saml/acs", 200)
                .requestBody("application/x-www-form-urlencoded", "SAMLResponse=" + codec::base64Encode(xml, true, false))
                .build();
  CHECK(find(e).empty());
}

TEST_CASE("hostile and truncated bodies give no findings and no crash") {
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"application/json", R"({"error_codes":[1e400, -50125, 99999999999999999999, "x"], "error_description":"AADSTS)"},
      {"application/json", std::string(100000, '[')},
      {"application/json", R"({"error_codes":[)"},
      {"text/html", "<script>$Config={\"iErrorCode\":"},
      {"text/html", "<script>$Config={\"iErrorCode\":\"abc\",\"strServiceExceptionMessage\":\"AADSTS\"};</script>"},
      {"text/html", "<input name=error value=x><input name=error_description value=\"AADSTS"},
      {"text/plain", "AADSTS"},
      {"text/plain", "Trace ID: AADSTS5012"},
      {"text/plain", std::string("\0\0AADSTS\0", 9)},
  };
  for (const auto& [mime, body] : bodies) {
    INFO(mime << " " << body.substr(0, 60));
    Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400).responseBody(mime, body).build();
    CHECK(find(e).empty());
  }
  Entry bad = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                  .responseBody("application/json", "!!not base64!!", "base64")
                  .responseHeader("x-ms-clitelem", "1,,")
                  .responseHeader("WWW-Authenticate", "Bearer error_description=\"AADSTS\"")
                  .build();
  CHECK(find(bad).empty());
}

TEST_CASE("a code at the very end of a text is read with an empty message") {
  auto m = aad::findCodeMentions("failed: AADSTS50125");
  REQUIRE(m.size() == 1);
  auto d = aad::parseMessage("failed: AADSTS50125", m[0]);
  CHECK(d.message.empty());
  CHECK(d.traceId.empty());
}

TEST_CASE("error codes written as JSON strings are accepted") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseBody("application/json", R"({"error":"invalid_grant","error_codes":["50126"]})")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50126);
}

TEST_CASE("a token error on each cloud's sign-in host is an Entra finding of that cloud") {
  for (const aadtest::HostCase& c : aadtest::kSignInHosts) {
    INFO(c.host);
    Entry e = EntryBuilder("POST", std::string("https://") + c.host + "/contoso.example/oauth2/v2.0/token", 400)
                  .responseBody("application/json", tokenErrorJson(50126))
                  .build();
    auto findings = find(e);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].host == c.host);
    CHECK(findings[0].entraHost);
    CHECK(findings[0].cloud == c.cloud);
    CHECK(findings[0].tenant == "contoso.example");
  }
}

TEST_CASE("JSON unicode escapes in a description are decoded") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseBody("application/json", R"({"error":"invalid_request","error_description":"AADSTS900144: The request body must contain the following parameter: \u0027grant_type\u0027.\r\nTrace ID: 11111111-2222-3333-4444-555555550000","error_codes":[900144]})")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "The request body must contain the following parameter: 'grant_type'.");
}

TEST_CASE("the sign-in error page's text is read when it has no $Config, with entities decoded") {
  std::string html = R"(<html><body><div id="error">AADSTS50011: The redirect URI &#39;https://app.example/cb&#39; does not match.</div><div>Trace ID: 11111111-2222-3333-4444-555555550000</div></body></html>)";
  Entry e = EntryBuilder("GET", std::string(kLogin) + "/common/oauth2/authorize", 200).responseBody("text/html", html).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50011);
  CHECK(findings[0].message == "The redirect URI 'https://app.example/cb' does not match.");
  CHECK(findings[0].traceId == kTrace);
  CHECK(findings[0].sources[0].kind == "text");
}

TEST_CASE("without a printed timestamp the response Date header gives one") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseHeader("x-ms-clitelem", "1,50125,0,,")
                .responseHeader("Date", "Mon, 30 Nov 2026 10:15:04 GMT")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].timestamp == "2026-11-30 10:15:04Z");
  Entry odd = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                  .responseHeader("x-ms-clitelem", "1,50125,0,,")
                  .responseHeader("Date", "yesterday")
                  .build();
  CHECK(find(odd).at(0).timestamp.empty());
}

TEST_CASE("a printed timestamp wins over the Date header") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400)
                .responseBody("application/json", tokenErrorJson())
                .responseHeader("Date", "Mon, 30 Nov 2026 10:15:04 GMT")
                .build();
  CHECK(find(e).at(0).timestamp == "2025-01-02 03:04:05Z");
}

TEST_CASE("a body listing thousands of codes stays bounded") {
  std::string json = R"({"error_codes":[)";
  std::string text;
  for (long code = 100000; code < 150000; ++code) {
    json += (code == 100000 ? "" : ",") + std::to_string(code);
    text += "AADSTS" + std::to_string(code) + ": x\n";
  }
  json += "]}";
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400).responseBody("application/json", json).build();
  CHECK(find(e).size() == 256);
  Entry t = EntryBuilder("POST", std::string(kLogin) + "/common/oauth2/token", 400).responseBody("text/plain", text).build();
  CHECK(find(t).size() == 64);
}

TEST_CASE("a large JSON log with one error object is read in linear time") {
  std::string json = "[";
  for (int i = 0; i < 100000; ++i) json += R"({"timestamp":"t","error":"none"},)";
  json += R"({"error":"invalid_grant","error_description":"AADSTS70008: Expired.","error_codes":[70008]}])";
  Entry e = EntryBuilder("GET", "https://logs.example/api/export", 500).responseBody("application/json", json).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 70008);
  CHECK(findings[0].sources[0].location == "response body $[100000].error_codes");
}

TEST_CASE("the whole-trace finder reports progress after every entry") {
  std::vector<Entry> entries;
  for (std::size_t i = 1; i <= 3; ++i) entries.push_back(numbered(EntryBuilder("GET", "https://app.example/", 200), i));
  VectorReader reader(std::move(entries));
  std::vector<std::size_t> seen;
  FindOptions options;
  options.progress = [&](const Entry& e) { seen.push_back(e.number); };
  REQUIRE(findAadErrors(reader, options));
  CHECK(seen == std::vector<std::size_t>{1, 2, 3});
}

TEST_CASE("an error code in error_uri is not mistaken for an authorization code") {
  CHECK(aad::safeUrl("https://login.microsoftonline.com/error?code=50076") == "https://login.microsoftonline.com/error?code=50076");
  CHECK(aad::safeUrl("https://app.example/cb?error_uri=https%3A%2F%2Flogin.microsoftonline.com%2Ferror%3Fcode%3D50076&code=0.AXoA-FAKE") ==
        "https://app.example/cb?error_uri=https%3A%2F%2Flogin.microsoftonline.com%2Ferror%3Fcode%3D50076&code=REDACTED");
  CHECK(aad::safeUrl("https://app.example/cb?code=12345678") == "https://app.example/cb?code=REDACTED");
}

TEST_CASE("randomly damaged error bodies never crash the finder and give only plausible codes") {
  const std::string config = std::string(R"(<script>$Config={"iErrorCode":50125,"strServiceExceptionMessage":"AADSTS50125: Interrupted.\r\nTrace ID: )") +
                             kTrace + R"(","correlationId":")" + kCorrelation + R"(","serverDetails":{"rt":"2026-11-30T10:15:04"}};</script>)";
  const std::string formPost = R"(<form><input type="hidden" name="error" value="x"/><input name="error_description" value="AADSTS65001&#58; No consent.&#13;&#10;Trace ID&#58; 11111111-2222-3333-4444-555555550000"/></form>)";
  const std::vector<std::pair<std::string, std::string>> seeds = {
      {"application/json", tokenErrorJson()}, {"text/html", config}, {"text/html", formPost},
      {"text/plain", "error=x&error_description=AADSTS90014%3a+Missing.%0d%0aTrace+ID%3a+" + std::string(kTrace)},
  };
  std::uint32_t state = 12345;
  auto next = [&] {  // xorshift: deterministic, no <random> distribution differences across platforms
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
  };
  std::size_t findings = 0;
  for (const auto& [mime, seed] : seeds) {
    for (int round = 0; round < 400; ++round) {
      std::string body = seed;
      const int edits = 1 + static_cast<int>(next() % 4);
      for (int k = 0; k < edits && !body.empty(); ++k) {
        std::size_t at = next() % body.size();
        switch (next() % 4) {
          case 0: body[at] = static_cast<char>(next() & 0xff); break;
          case 1: body.erase(at, 1 + next() % 8); break;
          case 2: body.insert(at, 1, "\"{}[]<>&%\\:,"[next() % 12]); break;
          case 3: body.resize(at); break;
        }
      }
      Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/login", 400)
                    .responseBody(mime, body)
                    .responseHeader("Location", "https://app.example/cb?" + body.substr(0, 200))
                    .build();
      for (const Finding& f : find(e)) {
        ++findings;
        CHECK(f.code >= 10000);
        CHECK(f.code <= 9999999);
        CHECK(!f.sources.empty());
      }
    }
  }
  CHECK(findings > 400);  // most damaged bodies still show their error
}

// --- flow context: client, tenant and user from the flow's earlier requests ---------------------------

namespace {

constexpr const char* kClient = "00000000-aaaa-bbbb-cccc-000000000001";
constexpr const char* kTenant = "contoso-fake.onmicrosoft.com";

EntryBuilder authorizeRequest(const std::string& client = kClient, const std::string& hint = "adele@contoso-fake.example") {
  return EntryBuilder("GET", std::string(kLogin) + "/" + kTenant + "/oauth2/v2.0/authorize?client_id=" + client +
                                 "&response_type=code&login_hint=" + hint + "&state=s1",
                      200);
}

// The error redirect landing on the app: no client_id, no tenant.
EntryBuilder appCallbackError() {
  return EntryBuilder("GET", "https://app.contoso-fake.example/cb?error=access_denied&error_description=AADSTS50105%3a+Not+assigned.&state=s1", 200);
}

std::vector<Finding> findInTrace(std::vector<Entry> entries, FindOptions options = {}) {
  VectorReader reader(std::move(entries));
  auto findings = findAadErrors(reader, options);
  REQUIRE(findings);
  return std::move(findings).value();
}

}  // namespace

TEST_CASE("a failing request without client_id takes it and the tenant from the earlier authorize request") {
  auto findings = findInTrace({numbered(authorizeRequest(), 1), numbered(appCallbackError(), 2)});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].clientId == kClient);
  CHECK(findings[0].tenant == kTenant);
}

TEST_CASE("the nearest earlier authorize request wins over older ones") {
  auto findings = findInTrace({numbered(authorizeRequest("00000000-aaaa-bbbb-cccc-000000000009"), 1),
                               numbered(authorizeRequest(), 2), numbered(appCallbackError(), 3)});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].clientId == kClient);
}

TEST_CASE("an authorize request after the error does not name the error's client") {
  auto findings = findInTrace({numbered(appCallbackError(), 1), numbered(authorizeRequest(), 2)});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].clientId.empty());
  CHECK(findings[0].tenant.empty());
}

TEST_CASE("the failing request's own client_id and URL tenant are kept") {
  Entry token = numbered(EntryBuilder("POST", std::string(kLogin) + "/organizations/oauth2/v2.0/token", 400)
                             .requestBody("application/x-www-form-urlencoded", "client_id=00000000-aaaa-bbbb-cccc-000000000002&grant_type=refresh_token&refresh_token=FAKE-RT")
                             .responseBody("application/json", tokenErrorJson(70008)),
                         2);
  auto findings = findInTrace({numbered(authorizeRequest(), 1), token});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].clientId == "00000000-aaaa-bbbb-cccc-000000000002");
  CHECK(findings[0].tenant == "organizations");
}

TEST_CASE("the user from the authorize request's login_hint is shown only with showUser") {
  std::vector<Entry> entries{numbered(authorizeRequest(), 1), numbered(appCallbackError(), 2)};
  auto hidden = findInTrace(entries);
  REQUIRE(hidden.size() == 1);
  CHECK(hidden[0].user.empty());
  FindOptions show;
  show.showUser = true;
  auto shown = findInTrace(entries, show);
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].user == "adele@contoso-fake.example");
}

TEST_CASE("the user comes from a GetCredentialType JSON body only with showUser") {
  Entry gct = numbered(EntryBuilder("POST", std::string(kLogin) + "/common/GetCredentialType?mkt=en-US", 200)
                           .requestBody("application/json", R"({"username":"megan@contoso-fake.example","isOtherIdpSupported":true,"flowToken":"FAKE-FT"})"),
                       2);
  std::vector<Entry> entries{numbered(authorizeRequest(kClient, ""), 1), gct, numbered(appCallbackError(), 3)};
  FindOptions show;
  show.showUser = true;
  auto shown = findInTrace(entries, show);
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].user == "megan@contoso-fake.example");
  auto hidden = findInTrace(entries);
  REQUIRE(hidden.size() == 1);
  CHECK(hidden[0].user.empty());
}

TEST_CASE("the user of a failing login form post is its loginfmt, only with showUser") {
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/common/login", 200)
                .requestBody("application/x-www-form-urlencoded", "i13=0&login=nestor%40contoso-fake.example&loginfmt=nestor%40contoso-fake.example&passwd=P%40ssw0rd-FAKE-1")
                .responseBody("text/html", R"(<script>$Config={"iErrorCode":50126,"strServiceExceptionMessage":"AADSTS50126: Error validating credentials due to invalid username or password."};</script>)")
                .build();
  FindOptions show;
  show.showUser = true;
  auto shown = find(e, show);
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].user == "nestor@contoso-fake.example");
  auto hidden = find(e);
  REQUIRE(hidden.size() == 1);
  CHECK(hidden[0].user.empty());
}

TEST_CASE("a JSON request body's username is the user of its own failing response") {
  Entry e = EntryBuilder("POST", "https://login.microsoftonline.com/common/GetCredentialType", 400)
                .requestBody("application/json", R"({"username":"lee@contoso-fake.example"})")
                .responseBody("application/json", tokenErrorJson(50034))
                .build();
  FindOptions show;
  show.showUser = true;
  auto shown = find(e, show);
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].user == "lee@contoso-fake.example");
}

// --- Azure AD B2C and WS-Fed ----------------------------------------------------------------------------

TEST_CASE("an AADB2C error redirect from a b2clogin host is a B2C finding without a name") {
  Entry e = EntryBuilder("GET", "https://contosofake.b2clogin.com/contosofake.onmicrosoft.com/B2C_1A_signin/api/CombinedSigninAndSignup/confirmed", 302)
                .responseHeader("Location", std::string("https://app.contoso-fake.example/cb#error=access_denied&error_description=AADB2C90118%3a+The+user+has+forgotten+their+password.%0d%0aCorrelation+ID%3a+") +
                                                kCorrelation + "%0d%0aTimestamp%3a+2026-11-30+10%3a15%3a04Z%0d%0a&state=s1")
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.family == "AADB2C");
  CHECK(f.code == 90118);
  CHECK(f.name.empty());
  CHECK(f.message == "The user has forgotten their password.");
  CHECK(f.correlationId == kCorrelation);
  CHECK(f.timestamp == "2026-11-30 10:15:04Z");
  CHECK(f.error == "access_denied");
  CHECK(f.entraHost);
  CHECK(f.cloud == "b2c");
  CHECK(f.tenant == "contosofake.onmicrosoft.com");
}

TEST_CASE("an AADB2C code is never explained with the AADSTS entry of the same number") {
  // AADSTS90002 exists in the table; AADB2C90002 is a different error.
  Entry e = EntryBuilder("GET", "https://app.contoso-fake.example/cb?error=server_error&error_description=AADB2C90002%3a+Not+found.", 200).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].family == "AADB2C");
  CHECK(findings[0].name.empty());
  auto j = nlohmann::json::parse(formatFindings(findings, FindingFormat::Json));
  CHECK(j[0]["family"] == "AADB2C");
  CHECK(j[0]["code"] == 90002);
  CHECK(j[0]["guidance"]["meaning"] == "");
  std::string text = formatFindings(findings, FindingFormat::Text);
  CHECK(text.find("AADB2C90002") != std::string::npos);
  CHECK(text.find("AADSTS90002") == std::string::npos);
}

TEST_CASE("the same number as AADSTS and AADB2C in one entry are two findings") {
  Entry e = EntryBuilder("GET", "https://app.contoso-fake.example/cb?error=server_error&error_description=AADB2C90002%3a+Gone.+AADSTS90002%3a+Tenant+not+found.", 200).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].family != findings[1].family);
  CHECK(findings[0].code == findings[1].code);
}

TEST_CASE("a lookalike AADB2C word inside another token is not a code") {
  Entry e = EntryBuilder("GET", "https://app.contoso-fake.example/cb?error=server_error&error_description=XAADB2C90118+and+AADB2C901180000", 200).build();
  CHECK(find(e).empty());
}

namespace {

// x-www-form-urlencoded value, written out here so the test does not share the code under test.
std::string formEncode(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out.push_back(static_cast<char>(c));
    else if (c == ' ') out.push_back('+');
    else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string wsFedFault(long code) {
  return R"(<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text xml:lang="en-US">AADSTS)" +
         std::to_string(code) + R"(: The signed in user is not assigned to a role for the application.&#13;&#10;Trace ID: )" + kTrace +
         R"(</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>)";
}

}  // namespace

TEST_CASE("a SOAP fault posted as the WS-Fed wresult is a wsfed finding") {
  std::string body = "wa=wsignin1.0&wresult=" + formEncode(wsFedFault(50105)) + "&wctx=FAKE-WCTX";
  Entry e = EntryBuilder("POST", "https://app.contoso-fake.example/wsfed", 500)
                .requestBody("application/x-www-form-urlencoded", body)
                .build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50105);
  CHECK(findings[0].sources[0].kind == "wsfed");
  CHECK(findings[0].sources[0].location == "request body wresult");
  CHECK(findings[0].message == "The signed in user is not assigned to a role for the application.");
  CHECK(findings[0].traceId == kTrace);
}

TEST_CASE("Entra's WS-Fed auto-post page with a fault in wresult is a wsfed finding") {
  std::string fault = wsFedFault(50105);
  std::string escaped;
  for (char c : fault) {
    if (c == '<') escaped += "&lt;";
    else if (c == '>') escaped += "&gt;";
    else if (c == '"') escaped += "&quot;";
    else if (c == '&') escaped += "&amp;";
    else escaped += c;
  }
  std::string page = R"(<html><body><form method="POST" name="hiddenform" action="https://app.contoso-fake.example/wsfed"><input type="hidden" name="wa" value="wsignin1.0" /><input type="hidden" name="wresult" value=")" +
                     escaped + R"(" /></form></body></html>)";
  Entry e = EntryBuilder("POST", std::string(kLogin) + "/contoso-fake.onmicrosoft.com/wsfed", 200).responseBody("text/html", page).build();
  auto findings = find(e);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 50105);
  CHECK(findings[0].sources[0].kind == "wsfed");
  CHECK(findings[0].sources[0].location == "response body form input wresult");
  CHECK(findings[0].message == "The signed in user is not assigned to a role for the application.");
}

TEST_CASE("a successful WS-Fed wresult is not a finding") {
  std::string rstr = R"(<t:RequestSecurityTokenResponse xmlns:t="http://schemas.xmlsoap.org/ws/2005/02/trust"><t:RequestedSecurityToken><saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion">FAKE</saml:Assertion></t:RequestedSecurityToken></t:RequestSecurityTokenResponse>)";
  Entry e = EntryBuilder("POST", "https://app.contoso-fake.example/wsfed", 200)
                .requestBody("application/x-www-form-urlencoded", "wa=wsignin1.0&wresult=" + formEncode(rstr))
                .build();
  CHECK(find(e).empty());
}
