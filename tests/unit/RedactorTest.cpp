#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include <string>

#include "TestUtil.h"
#include "codec/Base64.h"
#include "tracesan/Redactor.h"

using namespace tracesan;

namespace {

const std::string kKey = "redactor-test-key";

// Real-shaped fake values: nothing here was ever a credential.
std::string makeJwt(const std::string& payload, const std::string& sig = "c2lnbmF0dXJlLUZBS0UtMDEyMzQ1Njc4OQ") {
  return codec::base64Encode(R"({"alg":"RS256","typ":"JWT","kid":"FAKEKID"})", true, false) + "." +
         codec::base64Encode(payload, true, false) + "." + sig;
}
const std::string kIdToken =
    makeJwt(R"({"aud":"11111111-2222-3333-4444-555555555555","iss":"https://login.microsoftonline.com/fake/v2.0","upn":"adele.vance@contoso.example","name":"Adele Vance","oid":"aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb","tid":"fake-tenant"})");
const std::string kRefresh = "0.AXYAFAKEFAKE-refresh-token-Zm9vYmFyYmF6cXV4";
const std::string kCode = "0.AXYA_fake_auth_code-AQABAAIAAAD";
const std::string kPassword = "P@ssw0rd-FAKE-1";
const std::string kFlowToken = "AQABAAEAAAD--FAKE-flow-token-value_1234567890";
const std::string kEstsAuth = "0.ARoAFAKE-estsauth-cookie-value.AgABAAEAAAD";

using testutil::field;
using testutil::text;

Entry entry() {
  Entry e;
  e.number = 1;
  e.request.method = text("GET");
  e.request.url = text("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=1111");
  e.response.present = true;
  return e;
}

RedactOptions opts() {
  RedactOptions o;
  o.key = kKey;
  return o;
}

Redactor makeRedactor(RedactOptions o = opts()) { return testutil::keyedRedactor(o.key, o); }

void setBody(Body& b, std::string mime, std::string content) {
  b.present = true;
  b.mimeType = text(std::move(mime));
  b.text = text(std::move(content));
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

bool recordsMention(const RedactionResult& r, const std::string& secret) {
  for (const auto& rec : r.records)
    if (contains(rec.location, secret) || contains(rec.kind, secret)) return true;
  return false;
}

bool hasRecord(const RedactionResult& r, const std::string& location, const std::string& kind) {
  for (const auto& rec : r.records)
    if (rec.location == location && rec.kind == kind) return true;
  return false;
}

}  // namespace

// --- headers ---------------------------------------------------------------------------------

TEST_CASE("a bearer token loses its credential but keeps the scheme") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.headers.push_back(field("Authorization", "Bearer " + kIdToken));
  auto res = r.redact(e);
  const Text& v = e.request.headers[0].value;
  CHECK(v.changed);
  CHECK(v.value == "Bearer " + r.placeholder("bearer", kIdToken));
  CHECK(hasRecord(res, "request.header.Authorization", "bearer"));
}

TEST_CASE("basic and negotiate credentials are redacted in Authorization and Proxy-Authorization") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string basic = codec::base64Encode("app-FAKE:" + kPassword);
  e.request.headers.push_back(field("Authorization", "Basic " + basic));
  e.request.headers.push_back(field("Proxy-Authorization", "Negotiate YIIFAKEFAKEFAKEnegotiateblob=="));
  r.redact(e);
  CHECK(e.request.headers[0].value.value == "Basic " + r.placeholder("basic", basic));
  CHECK(e.request.headers[1].value.value.rfind("Negotiate REDACTED-negotiate-", 0) == 0);
}

TEST_CASE("every cookie value in a Cookie header is replaced and names and separators stay") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.headers.push_back(field("Cookie", "ESTSAUTH=" + kEstsAuth + "; x-ms-gateway-slice=estsfd; fpc=AkFAKEfpcValue"));
  r.redact(e);
  CHECK(e.request.headers[0].value.value == "ESTSAUTH=" + r.placeholder("ests_session", kEstsAuth) +
                                                "; x-ms-gateway-slice=" + r.placeholder("ests_routing", "estsfd") +
                                                "; fpc=" + r.placeholder("fpc", "AkFAKEfpcValue"));
}

TEST_CASE("a Set-Cookie value is replaced and its attributes stay byte-identical") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string attrs = "; domain=.login.microsoftonline.com; path=/; secure; HttpOnly; SameSite=None";
  e.response.headers.push_back(field("Set-Cookie", "esctx=PAQABAAEAAAD-FAKE-esctx" + attrs));
  r.redact(e);
  CHECK(e.response.headers[0].value.value == "esctx=" + r.placeholder("esctx", "PAQABAAEAAAD-FAKE-esctx") + attrs);
}

TEST_CASE("credential headers by name are replaced whole, including numbered PRT headers") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.headers.push_back(field("x-ms-RefreshTokenCredential1", kIdToken));
  e.request.headers.push_back(field("X-API-Key", "FAKE-api-key-0123456789"));
  e.request.headers.push_back(field("Ocp-Apim-Subscription-Key", "0123456789abcdef0123456789abcdef"));
  r.redact(e);
  CHECK(e.request.headers[0].value.value == r.placeholder("prt_credential", kIdToken));
  CHECK(e.request.headers[1].value.value == r.placeholder("api_key", "FAKE-api-key-0123456789"));
  CHECK(e.request.headers[2].value.value == r.placeholder("api_key", "0123456789abcdef0123456789abcdef"));
}

TEST_CASE("non-secret headers stay untouched") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.response.headers.push_back(field("x-ms-request-id", "11111111-2222-3333-4444-555555550000"));
  e.response.headers.push_back(field("x-ms-ests-server", "2.1.99999.1 - WEULR1 ProdSlices"));
  e.response.headers.push_back(field("x-ms-clitelem", "1,50125,0,,"));
  e.response.headers.push_back(field("Content-Type", "application/json; charset=utf-8"));
  auto res = r.redact(e);
  for (const auto& h : e.response.headers) CHECK_FALSE(h.value.changed);
  CHECK(res.records.empty());
}

// --- URLs ------------------------------------------------------------------------------------

TEST_CASE("query and fragment secrets in a URL are replaced and the rest of the URL is identical") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.url = text("https://app.example/cb?code=" + kCode + "&state=xyz&session_state=abc#id_token=" + kIdToken +
                      "&x=1");
  auto res = r.redact(e);
  CHECK(e.request.url.value == "https://app.example/cb?code=" + r.placeholder("code", kCode) +
                                   "&state=" + r.placeholder("state", "xyz") + "&session_state=" + r.placeholder("session_state", "abc") +
                                   "#id_token=" + r.placeholder("id_token", kIdToken) + "&x=1");
  CHECK(hasRecord(res, "request.url.query.code", "code"));
  CHECK(hasRecord(res, "request.url.fragment.id_token", "id_token"));
}

TEST_CASE("a percent-encoded secret is matched decoded and replaced in place") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.url = text("https://app.example/cb?client_secret=FAKE%2Bsecret%2Fvalue%3D&a=b");
  r.redact(e);
  CHECK(e.request.url.value == "https://app.example/cb?client_secret=" + r.placeholder("client_secret", "FAKE+secret/value=") + "&a=b");
}

TEST_CASE("error and error_description in a redirect are kept byte-identical") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string url =
      "https://app.example/cb?error=interaction_required&error_description=AADSTS50125%3a+Sign-in+was+interrupted%0d%0aTrace+ID%3a+11111111-2222-3333-4444-555555550000";
  e.response.headers.push_back(field("Location", url));
  e.response.redirectURL = text(url);
  auto res = r.redact(e);
  CHECK_FALSE(e.response.headers[0].value.changed);
  CHECK_FALSE(e.response.redirectURL.changed);
  CHECK(res.records.empty());
}

TEST_CASE("a userinfo password is replaced") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.url = text("https://svc-user:" + kPassword + "@proxy.example/path?q=1");
  r.redact(e);
  CHECK_FALSE(contains(e.request.url.value, kPassword));
  CHECK(contains(e.request.url.value, "https://svc-user:REDACTED-password-"));
  CHECK(contains(e.request.url.value, "@proxy.example/path?q=1"));
}

TEST_CASE("state and nonce are redacted by default with consistent pseudonyms and kept when asked") {
  Entry e = entry();
  e.request.url = text("https://login.example/authorize?state=opaque-app-state-123&nonce=nonce-value-456");
  e.response.headers.push_back(field("Location", "https://app.example/cb?code=x&state=opaque-app-state-123"));
  Entry e2 = e;
  Redactor r = makeRedactor();
  r.redact(e);
  CHECK(e.request.url.value == "https://login.example/authorize?state=" + r.placeholder("state", "opaque-app-state-123") +
                                   "&nonce=" + r.placeholder("nonce", "nonce-value-456"));
  // The state sent to /authorize is recognisably the one that came back.
  CHECK(contains(e.response.headers[0].value.value, "state=" + r.placeholder("state", "opaque-app-state-123")));
  RedactOptions o = opts();
  o.redactStateNonce = false;  // --keep-state
  makeRedactor(o).redact(e2);
  CHECK_FALSE(e2.request.url.changed);
}

TEST_CASE("HAR queryString agrees with the redacted URL") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.url = text("https://app.example/cb?code=" + kCode + "&client_secret=a%2Bb%20c-FAKE-secret");
  e.request.queryString.push_back(field("code", kCode));
  e.request.queryString.push_back(field("client_secret", "a%2Bb%20c-FAKE-secret"));  // a view that kept the raw form
  r.redact(e);
  CHECK(e.request.queryString[0].value.value == r.placeholder("code", kCode));
  CHECK(e.request.queryString[1].value.value == r.placeholder("client_secret", "a+b c-FAKE-secret"));
  CHECK(contains(e.request.url.value, e.request.queryString[1].value.value));
}

TEST_CASE("a Location header and redirectURL get the same placeholders") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string url = "https://app.example/signin-oidc#code=" + kCode + "&id_token=" + kIdToken;
  e.response.headers.push_back(field("Location", url));
  e.response.redirectURL = text(url);
  r.redact(e);
  CHECK(e.response.headers[0].value.value == e.response.redirectURL.value);
  CHECK_FALSE(contains(e.response.redirectURL.value, kCode));
  CHECK_FALSE(contains(e.response.redirectURL.value, "eyJ"));
}

// --- bodies ----------------------------------------------------------------------------------

TEST_CASE("login form secrets are replaced and the user name is kept without --redact-pii") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.method = text("POST");
  setBody(e.request.body, "application/x-www-form-urlencoded",
          "i13=0&login=adele.vance%40contoso.example&loginfmt=adele.vance%40contoso.example&type=11&passwd=P%40ssw0rd-FAKE-1&flowToken=" +
              kFlowToken + "&canary=FAKE%2Bcanary%2Fvalue%3D&ctx=rQQIARAAFAKEctx&hpgrequestid=22222222-3333-4444-5555-666666666666");  // = x-ms-request-id, kept
  auto res = r.redact(e);
  const std::string& b = e.request.body.text.value;
  CHECK(b == "i13=0&login=adele.vance%40contoso.example&loginfmt=adele.vance%40contoso.example&type=11&passwd=" +
                 r.placeholder("password", kPassword) + "&flowToken=" + r.placeholder("flow_token", kFlowToken) +
                 "&canary=" + r.placeholder("canary", "FAKE+canary/value=") + "&ctx=" + r.placeholder("ctx", "rQQIARAAFAKEctx") +
                 "&hpgrequestid=22222222-3333-4444-5555-666666666666");
  CHECK(hasRecord(res, "request.body.form.passwd", "password"));
}

TEST_CASE("--redact-pii also replaces user names in forms") {
  RedactOptions o = opts();
  o.redactPii = true;
  Redactor r = makeRedactor(o);
  Entry e = entry();
  setBody(e.request.body, "application/x-www-form-urlencoded", "login=adele.vance%40contoso.example&type=11");
  r.redact(e);
  CHECK(e.request.body.text.value == "login=" + r.placeholder("upn", "adele.vance@contoso.example") + "&type=11");
}

TEST_CASE("a form value with + for space is matched decoded") {
  Redactor r = makeRedactor();
  Entry e = entry();
  setBody(e.request.body, "application/x-www-form-urlencoded", "grant_type=password&password=two+words+FAKE&scope=openid");
  r.redact(e);
  CHECK(e.request.body.text.value == "grant_type=password&password=" + r.placeholder("password", "two words FAKE") + "&scope=openid");
}

TEST_CASE("HAR postData.params agree with the redacted form body") {
  Redactor r = makeRedactor();
  Entry e = entry();
  setBody(e.request.body, "application/x-www-form-urlencoded", "passwd=P%40ssw0rd-FAKE-1&type=11");
  e.request.body.params.push_back(field("passwd", "P%40ssw0rd-FAKE-1"));
  e.request.body.params.push_back(field("type", "11"));
  r.redact(e);
  CHECK(e.request.body.params[0].value.value == r.placeholder("password", kPassword));
  CHECK(contains(e.request.body.text.value, e.request.body.params[0].value.value));
  CHECK_FALSE(e.request.body.params[1].value.changed);
}

TEST_CASE("JSON token fields at any depth are replaced and error_description is kept") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string desc = R"(AADSTS50125: Sign-in was interrupted\r\nTrace ID: 11111111-2222-3333-4444-555555550000)";
  setBody(e.response.body, "application/json; charset=utf-8",
          R"({"token_type":"Bearer","data":{"items":[{"refresh_token":")" + kRefresh + R"("}]},"error_description":")" + desc +
              R"(","error_codes":[50125],"code":"InvalidAuthenticationToken"})");
  auto res = r.redact(e);
  CHECK(e.response.body.text.value == R"({"token_type":"Bearer","data":{"items":[{"refresh_token":")" +
                                          r.placeholder("refresh_token", kRefresh) + R"("}]},"error_description":")" + desc +
                                          R"(","error_codes":[50125],"code":"InvalidAuthenticationToken"})");
  REQUIRE(res.records.size() == 1);
  CHECK(res.records[0].location.rfind("response.body.json.$.data", 0) == 0);
  CHECK(res.records[0].kind == "refresh_token");
}

TEST_CASE("a JSON secret written with \\u escapes is matched unescaped") {
  Redactor r = makeRedactor();
  Entry e = entry();
  setBody(e.response.body, "application/json", R"({"access_token":"FAKE\u002Baccess\/token","x":1})");
  r.redact(e);
  CHECK(e.response.body.text.value == R"({"access_token":")" + r.placeholder("access_token", "FAKE+access/token") + R"(","x":1})");
}

TEST_CASE("a secret JSON number becomes a placeholder string so the JSON stays valid") {
  Redactor r = makeRedactor();
  Entry e = entry();
  setBody(e.request.body, "application/json", R"({"otc":12345678,"x":true})");
  r.redact(e);
  CHECK(e.request.body.text.value == R"({"otc":")" + r.placeholder("otc", "12345678") + R"(","x":true})");
}

TEST_CASE("a form_post page's hidden inputs are redacted, entity-encoded values included") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string head = R"(<html><body><form method="POST" name="hiddenform" action="https://app.example/signin-oidc">)";
  setBody(e.response.body, "text/html; charset=utf-8",
          head + R"(<input type="hidden" name="code" value="FAKE&amp;code&#x2F;value" /><input type="hidden" name="id_token" value=")" +
              kIdToken + R"(" /><input type="hidden" name="state" value="s1" /></form></body></html>)");
  r.redact(e);
  CHECK(e.response.body.text.value ==
        head + R"(<input type="hidden" name="code" value=")" + r.placeholder("code", "FAKE&code/value") +
            R"(" /><input type="hidden" name="id_token" value=")" + r.placeholder("id_token", kIdToken) +
            R"(" /><input type="hidden" name="state" value=")" + r.placeholder("state", "s1") + R"(" /></form></body></html>)");
}

TEST_CASE("the $Config blob loses its flow token and canary and keeps the error and the session (request) id") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string pre = R"(<html><script type="text/javascript">//<![CDATA[
$Config={"pgid":"ConvergedError","iErrorCode":50125,"strServiceExceptionMessage":"AADSTS50125: Sign-in was interrupted","correlationId":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","sessionId":")";
  setBody(e.response.body, "text/html",
          pre + R"(22222222-3333-4444-5555-666666666666","sFT":")" + kFlowToken + R"(","canary":"FAKEcanary0123456789","sCtx":"rQQIARAAFAKEctx"};
//]]></script></html>)");
  r.redact(e);
  CHECK(e.response.body.text.value ==
        pre + R"(22222222-3333-4444-5555-666666666666","sFT":")" +
            r.placeholder("flow_token", kFlowToken) + R"(","canary":")" + r.placeholder("canary", "FAKEcanary0123456789") +
            R"(","sCtx":")" + r.placeholder("ctx", "rQQIARAAFAKEctx") + R"("};
//]]></script></html>)");
}

TEST_CASE("a JWT anywhere in plain text is replaced") {
  Redactor r = makeRedactor();
  Entry e = entry();
  setBody(e.response.body, "text/plain", "token is " + kIdToken + " (end)");
  e.request.headers.push_back(field("X-Custom-Debug", "jwt=" + kIdToken));
  r.redact(e);
  CHECK(e.response.body.text.value == "token is " + r.placeholder("jwt", kIdToken) + " (end)");
  CHECK(e.request.headers[0].value.value == "jwt=" + r.placeholder("jwt", kIdToken));
}

TEST_CASE("a multipart field holding a password is replaced") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nadele\r\n--XyZ\r\nContent-Disposition: form-data; "
      "name=\"password\"\r\n\r\n" + kPassword + "\r\n--XyZ--\r\n";
  setBody(e.request.body, "multipart/form-data; boundary=XyZ", body);
  r.redact(e);
  std::string expected = body;
  expected.replace(expected.find(kPassword), kPassword.size(), r.placeholder("password", kPassword));
  CHECK(e.request.body.text.value == expected);
}

TEST_CASE("a base64 body is decoded, redacted and re-encoded") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string json = R"({"refresh_token":")" + kRefresh + R"(","expires_in":3600})";
  setBody(e.response.body, "application/json", codec::base64Encode(json));
  e.response.body.encoding = text("base64");
  r.redact(e);
  auto decoded = codec::base64Decode(e.response.body.text.value);
  REQUIRE(decoded);
  CHECK(*decoded == R"({"refresh_token":")" + r.placeholder("refresh_token", kRefresh) + R"(","expires_in":3600})");
}

TEST_CASE("an invalid base64 body is redacted whole and reported as fail-closed") {
  Redactor r = makeRedactor();
  Entry e = entry();
  setBody(e.response.body, "application/json", "!!!not base64 refresh=" + kRefresh);
  e.response.body.encoding = text("base64");
  auto res = r.redact(e);
  auto decoded = codec::base64Decode(e.response.body.text.value);
  REQUIRE(decoded);
  CHECK(isPlaceholder(*decoded));
  REQUIRE(res.failClosed.size() == 1);
  CHECK(res.failClosed[0].location == "response.body");
  CHECK(res.failClosed[0].reason == "invalid base64");
}

TEST_CASE("an image body is not scanned, but invalid base64 in it still fails closed") {
  Redactor r = makeRedactor();
  Entry e = entry();
  const std::string png = codec::base64Encode(std::string("\x89PNG\r\n\x1a\n\0\0refresh=", 18) + kRefresh);
  setBody(e.response.body, "image/png", png);
  e.response.body.encoding = text("base64");
  auto res = r.redact(e);
  CHECK(e.response.body.text.value == png);
  CHECK(res.failClosed.empty());

  Entry bad = entry();
  setBody(bad.response.body, "image/png", "!!!not base64");
  bad.response.body.encoding = text("base64");
  auto badRes = r.redact(bad);
  REQUIRE(badRes.failClosed.size() == 1);
  CHECK(badRes.failClosed[0].reason == "invalid base64");
  CHECK(isPlaceholder(*codec::base64Decode(bad.response.body.text.value)));
}

TEST_CASE("a body the reader could not decode is redacted whole") {
  Redactor r = makeRedactor();
  Entry e = entry();
  setBody(e.response.body, "text/html", "\x1f\x8b garbage with " + kRefresh);
  e.response.body.decodeError = "gzip: invalid header";
  auto res = r.redact(e);
  CHECK(isPlaceholder(e.response.body.text.value));
  REQUIRE(res.failClosed.size() == 1);
  CHECK(res.failClosed[0].reason == "gzip: invalid header");
}

TEST_CASE("binary content with a text type is redacted whole") {
  Redactor r = makeRedactor();
  Entry e = entry();
  setBody(e.request.body, "text/plain", std::string("bin\0ary", 7) + kRefresh);
  auto res = r.redact(e);
  CHECK(isPlaceholder(e.request.body.text.value));
  CHECK(res.failClosed.size() == 1);
}

TEST_CASE("a JSON body cut short is redacted in place, not replaced whole") {
  Redactor r = makeRedactor();
  Entry e = entry();
  setBody(e.response.body, "application/json", R"({"trace_id":"t-1","refresh_token":")" + kRefresh);  // truncated
  auto res = r.redact(e);
  CHECK_FALSE(contains(e.response.body.text.value, kRefresh));
  CHECK(contains(e.response.body.text.value, R"({"trace_id":"t-1","refresh_token":"REDACTED-refresh_token-)"));
  CHECK(res.failClosed.empty());
}

TEST_CASE("SAML and WS-Fed parameters lose their assertion, not their envelope") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string saml = codec::base64Encode("<samlp:Response ID=\"_FAKE\"><saml:Assertion>FAKE-assertion-1</saml:Assertion></samlp:Response>");
  setBody(e.request.body, "application/x-www-form-urlencoded", "SAMLResponse=" + saml + "&RelayState=relay-FAKE-1");
  r.redact(e);
  CHECK_FALSE(contains(e.request.body.text.value, saml));
  CHECK_FALSE(contains(e.request.body.text.value, "relay-FAKE-1"));
  // What stays of the message: SamlRedactionTest.
}

TEST_CASE("WebSocket messages are redacted like bodies") {
  Redactor r = makeRedactor();
  Entry e = entry();
  WebSocketMessage m;
  m.type = text("send");
  m.opcode.value = 1;
  m.opcode.present = true;
  m.data = text(R"({"type":"auth","access_token":"FAKE-ws-access-token-123"})");
  e.webSocketMessages.push_back(m);
  auto res = r.redact(e);
  CHECK(e.webSocketMessages[0].data.value ==
        R"({"type":"auth","access_token":")" + r.placeholder("access_token", "FAKE-ws-access-token-123") + R"("})");
  CHECK(hasRecord(res, "webSocketMessages[0].json.$.access_token", "access_token"));
}

// --- consistency and the second pass ------------------------------------------------------------

TEST_CASE("the same secret gets the same placeholder in every location") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.url = text("https://app.example/cb?code=" + kCode);
  setBody(e.request.body, "application/x-www-form-urlencoded", "code=" + kCode);
  r.redact(e);
  std::string p = r.placeholder("code", kCode);
  CHECK(contains(e.request.url.value, p));
  CHECK(contains(e.request.body.text.value, p));
}

TEST_CASE("a known secret is found verbatim elsewhere in the same entry") {
  Redactor r = makeRedactor();
  Entry e = entry();
  setBody(e.request.body, "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token=" + kRefresh);
  setBody(e.response.body, "text/plain", "debug: used " + kRefresh + " ok");
  auto res = r.redact(e);
  CHECK(e.response.body.text.value == "debug: used " + r.placeholder("refresh_token", kRefresh) + " ok");
  CHECK(hasRecord(res, "response.body.known", "refresh_token"));
}

TEST_CASE("a known secret is found verbatim in later entries of the same session") {
  Redactor r = makeRedactor();
  RedactionSession session;
  Entry first = entry();
  first.response.headers.push_back(field("Set-Cookie", "ESTSAUTH=" + kEstsAuth + "; path=/"));
  r.redact(first, session);
  Entry later = entry();
  later.number = 2;
  setBody(later.response.body, "text/plain", "cookie was " + kEstsAuth);
  r.redact(later, session);
  CHECK(later.response.body.text.value == "cookie was " + r.placeholder("ests_session", kEstsAuth));
  Entry unrelated = entry();
  setBody(unrelated.response.body, "text/plain", "cookie was " + kEstsAuth);
  r.redact(unrelated);  // a fresh session knows nothing
  CHECK_FALSE(unrelated.response.body.text.changed);
}

TEST_CASE("HAR cookies[] agree with the Cookie and Set-Cookie headers") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.headers.push_back(field("Cookie", "ESTSAUTH=" + kEstsAuth + "; buid=0.FAKEbuid"));
  e.request.cookies.push_back(field("ESTSAUTH", kEstsAuth));
  e.request.cookies.push_back(field("buid", "0.FAKEbuid"));
  e.response.headers.push_back(field("Set-Cookie", "esctx=FAKEesctxValue; path=/"));
  e.response.cookies.push_back(field("esctx", "FAKEesctxValue"));
  r.redact(e);
  CHECK(e.request.headers[0].value.value ==
        "ESTSAUTH=" + e.request.cookies[0].value.value + "; buid=" + e.request.cookies[1].value.value);
  CHECK(e.response.headers[0].value.value == "esctx=" + e.response.cookies[0].value.value + "; path=/");
  CHECK(isPlaceholder(e.response.cookies[0].value.value));
}

TEST_CASE("an allow-listed cookie is kept everywhere") {
  RuleSetOptions ro;
  ro.allow = {"x-ms-gateway-slice"};
  auto rules = RuleSet::create(ro);
  REQUIRE(rules);
  Redactor r(*rules, opts());
  Entry e = entry();
  e.request.headers.push_back(field("Cookie", "x-ms-gateway-slice=estsfd; fpc=AkFAKEfpc"));
  e.request.cookies.push_back(field("x-ms-gateway-slice", "estsfd"));
  r.redact(e);
  CHECK(e.request.headers[0].value.value == "x-ms-gateway-slice=estsfd; fpc=" + r.placeholder("fpc", "AkFAKEfpc"));
  CHECK_FALSE(e.request.cookies[0].value.changed);
}

TEST_CASE("user rules from a rules text redact a custom header") {
  RuleSetOptions ro;
  ro.ruleTexts.push_back({"t.rules", "gateway_key\theader\tx-contoso-gateway-key\n"});
  auto rules = RuleSet::create(ro);
  REQUIRE(rules);
  Redactor r(*rules, opts());
  Entry e = entry();
  e.request.headers.push_back(field("X-Contoso-Gateway-Key", "gw-FAKE-0123"));
  r.redact(e);
  CHECK(e.request.headers[0].value.value == r.placeholder("gateway_key", "gw-FAKE-0123"));
}

// --- JWT claims and PII ----------------------------------------------------------------------

TEST_CASE("--keep-jwt-claims keeps header and payload, destroys the signature and pseudonymizes personal claims") {
  RedactOptions o = opts();
  o.keepJwtClaims = true;
  Redactor r = makeRedactor(o);
  Entry e = entry();
  e.request.headers.push_back(field("Authorization", "Bearer " + kIdToken));
  r.redact(e);
  std::string v = e.request.headers[0].value.value;
  REQUIRE(v.rfind("Bearer ", 0) == 0);
  std::string jwt = v.substr(7);
  auto d1 = jwt.find('.'), d2 = jwt.rfind('.');
  CHECK(jwt.substr(0, d1) == kIdToken.substr(0, kIdToken.find('.')));
  CHECK(jwt.substr(d2 + 1) == r.placeholder("jwt_signature", "c2lnbmF0dXJlLUZBS0UtMDEyMzQ1Njc4OQ"));
  auto payload = codec::base64Decode(jwt.substr(d1 + 1, d2 - d1 - 1));
  REQUIRE(payload);
  CHECK(contains(*payload, R"("upn":")" + r.placeholder("upn", "adele.vance@contoso.example") + "\""));
  CHECK(contains(*payload, R"("name":")" + r.placeholder("name", "Adele Vance") + "\""));
  CHECK(contains(*payload, R"("oid":"aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb")"));  // oid only with --redact-pii
  CHECK(contains(*payload, R"("tid":"fake-tenant")"));
}

TEST_CASE("--keep-pii with --keep-jwt-claims keeps the payload byte-identical") {
  RedactOptions o = opts();
  o.keepJwtClaims = true;
  o.keepPii = true;
  Redactor r = makeRedactor(o);
  Entry e = entry();
  e.request.headers.push_back(field("Authorization", "Bearer " + kIdToken));
  r.redact(e);
  std::string jwt = e.request.headers[0].value.value.substr(7);
  CHECK(jwt.substr(0, jwt.rfind('.')) == kIdToken.substr(0, kIdToken.rfind('.')));
}

TEST_CASE("--redact-pii replaces forwarded IPs, the server IP and SAZ client IP flags") {
  RedactOptions o = opts();
  o.redactPii = true;
  Redactor r = makeRedactor(o);
  Entry e = entry();
  e.request.headers.push_back(field("X-Forwarded-For", "203.0.113.7, 10.0.0.1"));
  e.serverIPAddress = text("192.0.2.10");
  e.sessionFlags.push_back(field("x-clientip", "198.51.100.4"));
  e.sessionFlags.push_back(field("x-responsebodytransferlength", "1234"));
  r.redact(e);
  CHECK(e.request.headers[0].value.value == r.placeholder("ip", "203.0.113.7, 10.0.0.1"));
  CHECK(e.serverIPAddress.value == r.placeholder("ip", "192.0.2.10"));
  CHECK(e.sessionFlags[0].value.value == r.placeholder("ip", "198.51.100.4"));
  CHECK_FALSE(e.sessionFlags[1].value.changed);
}

TEST_CASE("without --redact-pii IP addresses are kept") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.serverIPAddress = text("192.0.2.10");
  e.request.headers.push_back(field("X-Forwarded-For", "203.0.113.7"));
  r.redact(e);
  CHECK_FALSE(e.serverIPAddress.changed);
  CHECK_FALSE(e.request.headers[0].value.changed);
}

// --- reports and check ------------------------------------------------------------------------

TEST_CASE("records and the report never contain a secret value") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.url = text("https://app.example/cb?code=" + kCode);
  e.request.headers.push_back(field("Cookie", "ESTSAUTH=" + kEstsAuth));
  setBody(e.response.body, "application/json", R"({"refresh_token":")" + kRefresh + R"("})");
  auto res = r.redact(e);
  for (auto& rec : res.records) UNSCOPED_INFO(rec.location << " " << rec.kind);
  CHECK(res.records.size() == 3);
  Report report;
  report.addFile("in.har", "out.har", "har", 1);
  report.add(res, "in.har");
  std::string json = report.toJson();
  for (const auto& s : {kCode, kEstsAuth, kRefresh}) {
    CHECK_FALSE(recordsMention(res, s));
    CHECK_FALSE(contains(json, s));
  }
  CHECK(contains(json, "\"refresh_token\": 1"));
  CHECK(report.countsByLocationKind().at("header.cookie") == 1);
  CHECK(report.countsByLocationKind().at("url.query") == 1);
  CHECK(report.countsByLocationKind().at("body.json") == 1);
}

TEST_CASE("check finds leaks without changing the entry and finds none after redaction") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.url = text("https://app.example/cb?code=" + kCode);
  e.request.headers.push_back(field("Authorization", "Bearer " + kIdToken));
  setBody(e.response.body, "application/json", "not json at all");  // read as text: nothing secret in it
  auto leaks = r.checkEntry(e);
  CHECK(leaks.size() == 2);
  CHECK_FALSE(e.request.url.changed);
  r.redact(e);
  CHECK(r.checkEntry(e).empty());
}

TEST_CASE("check does not flag JWTs whose signature --keep-jwt-claims destroyed") {
  RedactOptions o = opts();
  o.keepJwtClaims = true;
  Redactor keep = makeRedactor(o);
  Entry e = entry();
  setBody(e.response.body, "application/x-www-form-urlencoded", "id_token=" + kIdToken);
  keep.redact(e);
  CHECK(makeRedactor().checkEntry(e).empty());
}

TEST_CASE("location kinds group locations by where the secret sat") {
  CHECK(locationKind("request.header.Authorization") == "header");
  CHECK(locationKind("request.header.Cookie.ESTSAUTH") == "header.cookie");
  CHECK(locationKind("response.header.Set-Cookie.esctx") == "header.set-cookie");
  CHECK(locationKind("response.body.json.$.refresh_token") == "body.json");
  CHECK(locationKind("request.queryString.code") == "queryString");
  CHECK(locationKind("webSocketMessages[2].json.$.token") == "websocket.json");
  CHECK(locationKind("serverIPAddress") == "serverIPAddress");
}

TEST_CASE("a SAML assertion in an XML body loses its content and keeps the surrounding markup") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string head = R"(<s:Envelope><s:Body><t:RequestSecurityTokenResponse><t:RequestedSecurityToken><saml:Assertion ID="_FAKE">)";
  std::string inner = R"(<saml:Subject><saml:NameID>adele.vance@contoso.example</saml:NameID></saml:Subject><ds:SignatureValue>RkFLRS1zaWduYXR1cmU=</ds:SignatureValue>)";
  std::string tail = R"(</saml:Assertion></t:RequestedSecurityToken><t:Lifetime>2026-11-30T11:00:00Z</t:Lifetime></t:RequestSecurityTokenResponse></s:Body></s:Envelope>)";
  setBody(e.response.body, "application/soap+xml; charset=utf-8", head + inner + tail);
  r.redact(e);
  const std::string& b = e.response.body.text.value;
  CHECK_FALSE(contains(b, "adele.vance@contoso.example"));
  CHECK_FALSE(contains(b, "RkFLRS1zaWduYXR1cmU="));
  CHECK(contains(b, "<t:Lifetime>2026-11-30T11:00:00Z</t:Lifetime></t:RequestSecurityTokenResponse></s:Body></s:Envelope>"));
  CHECK(b.rfind("<s:Envelope><s:Body><t:RequestSecurityTokenResponse>", 0) == 0);
}

TEST_CASE("a Set-Cookie value folding several cookies one per line has each value replaced") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.response.headers.push_back(field("Set-Cookie", "esctx=FAKEesctx1234; path=/\nfpc=FAKEfpc5678; secure"));
  e.response.cookies.push_back(field("esctx", "FAKEesctx1234"));
  e.response.cookies.push_back(field("fpc", "FAKEfpc5678"));
  r.redact(e);
  CHECK(e.response.headers[0].value.value == "esctx=" + r.placeholder("esctx", "FAKEesctx1234") + "; path=/\nfpc=" +
                                                 r.placeholder("fpc", "FAKEfpc5678") + "; secure");
  CHECK(e.response.cookies[1].value.value == r.placeholder("fpc", "FAKEfpc5678"));
}

TEST_CASE("a base64url JWT with - and _ inside text is replaced whole and the text around it is kept") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string jwt = makeJwt(R"({"sub":"FAKE-sub","n":"\u00fe\u00ff\u00fe"})", "ab-_cd-_ef0123456789_-FAKE");
  REQUIRE(jwt.find_first_of("-_") != std::string::npos);
  setBody(e.response.body, "application/javascript", "var t='" + jwt + "';");
  r.redact(e);
  CHECK(e.response.body.text.value == "var t='" + r.placeholder("jwt", jwt) + "';");
}

TEST_CASE("--redact-pii with --keep-jwt-claims also pseudonymizes the oid claim") {
  RedactOptions o = opts();
  o.keepJwtClaims = true;
  o.redactPii = true;
  Redactor r = makeRedactor(o);
  Entry e = entry();
  e.request.headers.push_back(field("Authorization", "Bearer " + kIdToken));
  r.redact(e);
  std::string jwt = e.request.headers[0].value.value.substr(7);
  auto d1 = jwt.find('.'), d2 = jwt.rfind('.');
  auto payload = codec::base64Decode(jwt.substr(d1 + 1, d2 - d1 - 1));
  REQUIRE(payload);
  CHECK(contains(*payload, R"("oid":")" + r.placeholder("oid", "aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb") + "\""));
  CHECK(contains(*payload, R"("tid":"fake-tenant")"));
}

TEST_CASE("the second pass prefers the longest known secret and handles many secrets with one prefix") {
  Redactor r = makeRedactor();
  RedactionSession session;
  // Thousands of secrets sharing a long prefix, as real traces have (refresh tokens, JWTs).
  for (int i = 0; i < 3000; ++i)
    session.remember("ZQABAAIAAAD-FAKE-refresh-token-with-a-long-common-prefix-" + std::to_string(i) + "-tail", "REDACTED-rt-0000000" + std::to_string(i % 10), "rt");
  session.remember("short-secret-FAKE", "REDACTED-x-00000000", "x");
  session.remember("short-secret-FAKE-and-longer", "REDACTED-y-11111111", "y");
  Entry e = entry();
  setBody(e.response.body, "text/plain",
          "a ZQABAAIAAAD-FAKE-refresh-token-with-a-long-common-prefix-2999-tail b short-secret-FAKE-and-longer c short-secret-FAKE d");
  r.redact(e, session);
  CHECK(e.response.body.text.value == "a REDACTED-rt-00000009 b REDACTED-y-11111111 c REDACTED-x-00000000 d");
}

TEST_CASE("the second pass finds every known secret at every offset, as a byte-by-byte search would") {
  // The session scans every 4th position only; this checks it against the plain definition:
  // all occurrences, sorted by start (longest first), taken greedily without overlap.
  Redactor r = makeRedactor();
  std::mt19937 rng(3);
  const std::string alphabet = "abcdef0123456789";  // spells no pattern, JWT or URL
  auto randomText = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += alphabet[rng() % alphabet.size()];
    return out;
  };
  for (int round = 0; round < 300; ++round) {
    RedactionSession session;
    std::vector<std::pair<std::string, std::string>> secrets;  // secret, replacement
    for (int i = 0; i < 6; ++i) {
      std::string secret = randomText(8 + rng() % 20);
      // Some secrets extend or end another one, so that occurrences nest and overlap.
      if (i > 0 && rng() % 3 == 0) secret = secrets[rng() % secrets.size()].first + randomText(1 + rng() % 4);
      if (i > 0 && rng() % 4 == 0) secret = randomText(1 + rng() % 4) + secrets[rng() % secrets.size()].first;
      if (std::any_of(secrets.begin(), secrets.end(), [&](const auto& s) { return s.first == secret; })) continue;
      std::string repl = "REDACTED-k-" + std::to_string(round) + "x" + std::to_string(i);
      session.remember(secret, repl, "k");
      secrets.emplace_back(secret, repl);
    }
    std::string text;
    for (int part = 0; part < 6; ++part) {
      text += randomText(rng() % 9);
      text += secrets[rng() % secrets.size()].first;
    }
    // The expected result, byte by byte.
    struct Hit { std::size_t begin, end, k; };
    std::vector<Hit> hits;
    for (std::size_t k = 0; k < secrets.size(); ++k)
      for (std::size_t at = text.find(secrets[k].first); at != std::string::npos; at = text.find(secrets[k].first, at + 1))
        hits.push_back({at, at + secrets[k].first.size(), k});
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.begin != b.begin ? a.begin < b.begin : a.end > b.end; });
    std::string expected;
    std::size_t taken = 0;
    for (const Hit& h : hits) {
      if (h.begin < taken) continue;
      expected += text.substr(taken, h.begin - taken) + secrets[h.k].second;
      taken = h.end;
    }
    expected += text.substr(taken);
    Entry e = entry();
    setBody(e.response.body, "text/plain", text);
    r.redact(e, session);
    INFO(text);
    CHECK(e.response.body.text.value == expected);
  }
}

TEST_CASE("--keep-jwt-claims still replaces claims that are secrets, such as a PRT cookie's refresh token") {
  RedactOptions o = opts();
  o.keepJwtClaims = true;
  o.keepPii = true;
  Redactor r = makeRedactor(o);
  Entry e = entry();
  std::string prt = makeJwt(R"({"refresh_token":"FAKE-PRT-0123456789abcdef","is_primary":"true","request_nonce":"AwABEgEAAAAC-FAKE-nonce"})");
  e.request.headers.push_back(field("Cookie", "x-ms-RefreshTokenCredential=" + prt));
  r.redact(e);
  std::string v = e.request.headers[0].value.value;
  std::string jwt = v.substr(v.find('=') + 1);
  auto d1 = jwt.find('.'), d2 = jwt.rfind('.');
  auto payload = codec::base64Decode(jwt.substr(d1 + 1, d2 - d1 - 1));
  REQUIRE(payload);
  CHECK(*payload == R"({"refresh_token":")" + r.placeholder("refresh_token", "FAKE-PRT-0123456789abcdef") +
                        R"(","is_primary":"true","request_nonce":")" + r.placeholder("sso_nonce", "AwABEgEAAAAC-FAKE-nonce") + R"("})");
}

TEST_CASE("a form value changed by a pattern is changed the same way in postData.params") {
  RedactOptions o = opts();
  o.redactStateNonce = false;  // --keep-state: the value pattern, not the state rule, finds it
  Redactor r = makeRedactor(o);
  Entry e = entry();
  std::string state = "OpenIdConnect.AuthenticationProperties=FAKE0123456789abcdef0123456789";
  setBody(e.request.body, "application/x-www-form-urlencoded", "error=x&state=OpenIdConnect.AuthenticationProperties%3DFAKE0123456789abcdef0123456789");
  e.request.body.params.push_back(field("error", "x"));
  e.request.body.params.push_back(field("state", "OpenIdConnect.AuthenticationProperties%3DFAKE0123456789abcdef0123456789"));
  r.redact(e);
  CHECK(e.request.body.text.value == "error=x&state=" + r.placeholder("oidc_state", state));
  CHECK(e.request.body.params[1].value.value == r.placeholder("oidc_state", state));
  CHECK_FALSE(e.request.body.params[0].value.changed);
}

TEST_CASE("the account list arrSessions in $Config is replaced by its json-path rule") {
  Redactor r = makeRedactor();
  Entry e = entry();
  std::string pre = R"(<script>//<![CDATA[
$Config={"pgid":"ConvergedSignIn","arrSessions":[{"id":"FAKE-session-id-0001","ln":"adele.vance@contoso.example","fn":"Adele"}],"iMaxStackForKnockoutAsyncComponents":10000};
//]]></script>)";
  setBody(e.response.body, "text/html", pre);
  r.redact(e);
  const std::string& b = e.response.body.text.value;
  CHECK_FALSE(contains(b, "adele.vance@contoso.example"));
  CHECK_FALSE(contains(b, "FAKE-session-id-0001"));
  CHECK(contains(b, R"("pgid":"ConvergedSignIn","arrSessions":[{"id":"REDACTED-session_list-)"));
  CHECK(contains(b, R"("iMaxStackForKnockoutAsyncComponents":10000};)"));
}

TEST_CASE("json-path rules decide by the whole path, whatever was decided for the same name elsewhere") {
  for (const std::string rule : {"nick\tjson-path\t$.profile.nick*\n", "nick\tjson-path\t*profile.nick*\n"}) {
    INFO(rule);
    RuleSetOptions ro;
    ro.ruleTexts.push_back({"team.rules", rule});
    auto rules = RuleSet::create(ro);
    REQUIRE(rules);
    Redactor r(*rules, opts());
    for (int round = 0; round < 2; ++round) {  // the second round meets remembered decisions
      Entry e = entry();
      setBody(e.response.body, "application/json",
              R"({"nickname":"kept-nick-0001","profile":{"nickname":"secret-nick-FAKE"},"more":{"nickname":"kept-nick-0002"}})");
      r.redact(e);
      const std::string& b = e.response.body.text.value;
      CHECK(contains(b, R"("nickname":"kept-nick-0001")"));
      CHECK(contains(b, R"("more":{"nickname":"kept-nick-0002"})"));
      CHECK(contains(b, R"("profile":{"nickname":")" + r.placeholder("nick", "secret-nick-FAKE") + "\"}"));
    }
  }
}

TEST_CASE("a preference cookie is redacted in place but not hunted verbatim elsewhere") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.headers.push_back(field("Cookie", "lang=en-US,en"));
  e.request.headers.push_back(field("Accept-Language", "en-US,en;q=0.9"));
  r.redact(e);
  CHECK(e.request.headers[0].value.value == "lang=" + r.placeholder("cookie", "en-US,en"));
  CHECK_FALSE(e.request.headers[1].value.changed);
}

TEST_CASE("custom _fields keep their JSON shape and lose the secrets inside") {
  Redactor r = makeRedactor();
  Entry e = entry();
  Extension x;
  x.name = "_initiator";
  x.json = text(R"({"type":"script","url":"https://app.example/cb?code=)" + kCode + R"(&x=1","lineNumber":12})");
  e.extensions.push_back(x);
  auto res = r.redact(e);
  CHECK(e.extensions[0].json.value ==
        R"({"type":"script","url":"https://app.example/cb?code=)" + r.placeholder("code", kCode) + R"(&x=1","lineNumber":12})");
  CHECK(hasRecord(res, "_initiator.json.$.url.query.code", "code"));
}

TEST_CASE("a JWT in a Referer header and a code in a relative Location are replaced") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.headers.push_back(field("Referer", "https://app.example/#access_token=" + kIdToken + "&token_type=Bearer"));
  e.response.headers.push_back(field("Location", "/common/reprocess?ctx=rQQIARAAFAKEctx&sessionid=1"));
  r.redact(e);
  CHECK(e.request.headers[0].value.value ==
        "https://app.example/#access_token=" + r.placeholder("access_token", kIdToken) + "&token_type=Bearer");
  CHECK(e.response.headers[0].value.value == "/common/reprocess?ctx=" + r.placeholder("ctx", "rQQIARAAFAKEctx") + "&sessionid=1");
}

TEST_CASE("a known secret repeated inside a custom field is replaced there too") {
  Redactor r = makeRedactor();
  Entry e = entry();
  e.request.url = text("https://app.example/cb?code=" + kCode);
  Extension x;
  x.name = "_debug";
  x.json = text(R"({"note":"code was )" + kCode + R"("})");
  e.extensions.push_back(x);
  r.redact(e);
  CHECK(e.extensions[0].json.value == R"({"note":"code was )" + r.placeholder("code", kCode) + R"("})");
}

// --- gaps found while sanitizing the samples --------------------------------------------------

TEST_CASE("the ctx echoed as originalRequest in a GetCredentialType body is redacted on first sight") {
  const std::string ctx = "rQQIARAA-FAKE-ctx-only-in-this-entry_0123456789";
  Entry e = entry();
  e.request.method = text("POST");
  setBody(e.request.body, "application/json",
          R"({"username":"adele.vance@contoso.example","isOtherIdpSupported":true,"originalRequest":")" + ctx +
              R"(","flowToken":")" + kFlowToken + R"("})");
  auto result = makeRedactor().redact(e);
  CHECK_FALSE(contains(e.request.body.text.value, ctx));
  CHECK_FALSE(contains(e.request.body.text.value, kFlowToken));
  CHECK(contains(e.request.body.text.value, R"("isOtherIdpSupported":true,"originalRequest":"REDACTED-ctx-)"));
  CHECK_FALSE(recordsMention(result, ctx));
}

TEST_CASE("a short bearer credential quoted inside a WebSocket message is redacted") {
  Entry e = entry();
  WebSocketMessage m;
  m.type = text("send");
  m.data = text(R"({"type":1,"target":"Authenticate","arguments":["Bearer FAKE-ws-token-1"]})");
  e.webSocketMessages.push_back(m);
  makeRedactor().redact(e);
  const std::string& data = e.webSocketMessages[0].data.value;
  CHECK_FALSE(contains(data, "FAKE-ws-token-1"));
  CHECK(data.rfind(R"({"type":1,"target":"Authenticate","arguments":["Bearer REDACTED-)", 0) == 0);
}

TEST_CASE("prose that names an authentication scheme is not mistaken for a credential") {
  Entry e = entry();
  e.response.status.value = 401;
  setBody(e.response.body, "text/plain", "Basic authentication is disabled for this tenant; use Bearer tokens.");
  makeRedactor().redact(e);
  CHECK(e.response.body.text.value == "Basic authentication is disabled for this tenant; use Bearer tokens.");
  CHECK_FALSE(e.response.body.text.changed);
}

TEST_CASE("text outside the entries loses secrets in page titles and comments and nothing else") {
  Redactor r = makeRedactor();
  RedactionSession session;
  std::string json = R"({"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[{"id":"page_1","title":"https://app.example/cb?code=)" +
                     kCode + R"(&state=abc"}],"entries":[)";
  const std::string tail = R"(],"comment":"bearer )" + kIdToken + R"("}})";
  std::string tailCopy = tail;
  CHECK_FALSE(r.checkJsonText(json, "log").empty());
  auto result = r.redactJsonText(json, session, "log");
  CHECK_FALSE(contains(json, kCode));
  CHECK(json.rfind(R"({"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[{"id":"page_1","title":"https://app.example/cb?code=REDACTED-code-)", 0) == 0);
  CHECK(json.size() > 20);
  CHECK(json.substr(json.size() - 45) == "&state=" + r.placeholder("state", "abc") + R"("}],"entries":[)");
  CHECK(r.checkJsonText(json, "log").empty());
  CHECK_FALSE(recordsMention(result, kCode));
  r.redactJsonText(tailCopy, session, "log");
  CHECK_FALSE(contains(tailCopy, kIdToken));
  CHECK(tailCopy.rfind(R"(],"comment":"bearer REDACTED-)", 0) == 0);
}

TEST_CASE("text outside the entries without secrets is left byte for byte") {
  Redactor r = makeRedactor();
  RedactionSession session;
  const std::string original = R"({"log":{"version":"1.2","creator":{"name":"Firefox","version":"120.0"},"browser":{"name":"Firefox","version":"120.0"},"pages":[{"id":"page_1","title":"Sign in to your account"}],"entries":[)";
  std::string json = original;
  auto result = r.redactJsonText(json, session, "log");
  CHECK(json == original);
  CHECK(result.records.empty());
}
