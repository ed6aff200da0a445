// The NetLog reader and patch writer on small hand-written captures: entries per hop, body bytes
// reassembled across events (raw and decoded), socket streams, cookie-store values, truncated and
// malformed files, and conversion to HAR.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "TestUtil.h"
#include "codec/Base64.h"
#include "codec/BodyCodec.h"
#include "netlog/NetLogReader.h"
#include "tracesan/NetLog.h"
#include "tracesan/Redactor.h"
#include "tracesan/Pipeline.h"
#include "tracesan/Trace.h"

using namespace tracesan;

namespace {

const char* kConstants =
    R"({"constants":{"logEventTypes":{"REQUEST_ALIVE":1,"URL_REQUEST_START_JOB":2,)"
    R"("HTTP_TRANSACTION_SEND_REQUEST_HEADERS":3,"HTTP_TRANSACTION_READ_RESPONSE_HEADERS":4,)"
    R"("URL_REQUEST_REDIRECTED":5,"URL_REQUEST_JOB_BYTES_READ":6,"URL_REQUEST_JOB_FILTERED_BYTES_READ":7,)"
    R"("SOCKET_BYTES_SENT":8,"SOCKET_BYTES_RECEIVED":9,"COOKIE_STORE_COOKIE_ADDED":10,"SOCKET_ALIVE":11,)"
    R"("HTTP2_SESSION_SEND_HEADERS":12},)"
    R"("logSourceType":{"NONE":0,"URL_REQUEST":1,"SOCKET":2,"COOKIE_STORE":3,"HTTP2_SESSION":4},)"
    R"("logEventPhase":{"PHASE_BEGIN":1,"PHASE_END":2,"PHASE_NONE":0},"timeTickOffset":"1700000000000"},)"
    "\n\"events\": [\n";

enum : int { kAlive = 1, kStart = 2, kSend = 3, kRecv = 4, kRedirect = 5, kRaw = 6, kFiltered = 7, kSockSent = 8,
             kSockRecv = 9, kCookieAdded = 10, kSocketAlive = 11, kHttp2SendHeaders = 12 };
enum : int { kUrlRequest = 1, kSocket = 2, kCookieStore = 3, kHttp2Session = 4 };

std::string event(int type, int phase, int source, int sourceType, const std::string& params = "") {
  std::string e = "{";
  if (!params.empty()) e += "\"params\":" + params + ",";
  e += "\"phase\":" + std::to_string(phase) + ",\"source\":{\"id\":" + std::to_string(source) +
       ",\"start_time\":\"100\",\"type\":" + std::to_string(sourceType) + "},\"time\":\"" +
       std::to_string(100 + type) + "\",\"type\":" + std::to_string(type) + "}";
  return e;
}

std::string bytesParams(std::string_view bytes) {
  return R"({"byte_count":)" + std::to_string(bytes.size()) + R"(,"bytes":")" + codec::base64Encode(bytes) + "\"}";
}

std::string capture(const std::vector<std::string>& events, bool closed = true) {
  // As Chromium writes it: one event per line, each but the last followed by a comma; a capture
  // that was not closed ends after some "},\n".
  std::string s = kConstants;
  for (std::size_t i = 0; i < events.size(); ++i) s += events[i] + (closed && i + 1 == events.size() ? "" : ",\n");
  if (closed) s += "],\n\"polledData\": {}}\n";
  return s;
}

// One request: start job, headers, response headers, then `extra` events, then the end.
std::vector<std::string> request(int id, const std::string& url, const std::vector<std::string>& responseHeaders,
                                 const std::vector<std::string>& extra = {}) {
  std::vector<std::string> ev;
  ev.push_back(event(kAlive, 1, id, kUrlRequest));
  ev.push_back(event(kStart, 1, id, kUrlRequest, R"({"method":"GET","url":")" + url + "\"}"));
  ev.push_back(event(kSend, 0, id, kUrlRequest,
                     R"({"headers":["Host: login.microsoftonline.com","Accept: */*"],"line":"GET / HTTP/1.1\r\n"})"));
  nlohmann::json headers = responseHeaders;
  ev.push_back(event(kRecv, 0, id, kUrlRequest, R"({"headers":)" + headers.dump() + "}"));
  for (const auto& e : extra) ev.push_back(e);
  ev.push_back(event(kAlive, 2, id, kUrlRequest));
  return ev;
}

struct Sanitized {
  std::string output;
  RedactionResult result;
  std::vector<std::string> warnings;
};

Sanitized sanitize(const std::string& name, const std::string& input, TraceFormat to = TraceFormat::NetLog) {
  std::string in = testutil::writeScratch("NetLogTest-" + name + ".json", input);
  std::string out = (testutil::scratchDir() / ("NetLogTest-" + name + (to == TraceFormat::Har ? ".out.har" : ".out.json"))).string();
  Redactor redactor = testutil::keyedRedactor("netlog-test");
  RedactionSession session;
  auto reader = openTrace(in);
  REQUIRE(reader);
  auto writer = createWriter(*reader.value(), out, to);
  REQUIRE(writer);
  Sanitized s;
  SanitizeOptions options;
  options.onResult = [&](const RedactionResult& r) {
    s.result.records.insert(s.result.records.end(), r.records.begin(), r.records.end());
    s.result.failClosed.insert(s.result.failClosed.end(), r.failClosed.begin(), r.failClosed.end());
  };
  REQUIRE(tracesan::sanitize(*reader.value(), *writer.value(), redactor, session, options));
  s.output = testutil::readFile(out);
  s.warnings = reader.value()->warnings();
  return s;
}

std::vector<Entry> readAll(const std::string& name, const std::string& input, std::vector<std::string>* warnings = nullptr) {
  auto reader = openTrace(testutil::writeScratch("NetLogTest-" + name + ".json", input));
  REQUIRE(reader);
  std::vector<Entry> entries;
  for (;;) {
    auto e = reader.value()->next();
    REQUIRE(e);
    if (!*e) break;
    entries.push_back(**e);
  }
  if (warnings) *warnings = reader.value()->warnings();
  return entries;
}

Error readError(const std::string& name, const std::string& input) {
  auto reader = openTrace(testutil::writeScratch("NetLogTest-" + name + ".json", input));
  if (!reader) return reader.error();
  for (;;) {
    auto e = reader.value()->next();
    if (!e) return e.error();
    if (!*e) break;
  }
  FAIL("expected an input error");
  return Error(ErrorKind::Internal, "");
}

// The bytes of every event of `type` (in order) and their byte_counts, from a written NetLog.
std::string streamOf(const std::string& output, int type, std::vector<std::size_t>* sizes = nullptr) {
  std::string all;
  std::size_t start = output.find("\"events\"");
  for (std::size_t at = output.find('\n', start); at != std::string::npos;) {
    std::size_t end = output.find('\n', at + 1);
    std::string line = output.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
    at = end;
    if (line.rfind("{\"params\"", 0) != 0) continue;
    if (line.back() == ',') line.pop_back();
    auto j = nlohmann::json::parse(line);
    if (j["type"] != type) continue;
    auto decoded = codec::base64Decode(j["params"]["bytes"].get<std::string>());
    REQUIRE(decoded);
    CHECK(j["params"]["byte_count"] == decoded->size());
    if (sizes) sizes->push_back(decoded->size());
    all += *decoded;
  }
  return all;
}

const std::string kRefresh = "0.AXoAv4j5cvGGr0GRqy180BHbR-FAKE-refresh-token-9c2HcHup8OUqazGXNE9nYu5m0Gtwpue6U0AanPiew";

}  // namespace

TEST_CASE("a JSON object whose first member is constants or events is sniffed as a NetLog", "[netlog]") {
  CHECK(sniffFormat(R"({"constants": {}})") == TraceFormat::NetLog);
  CHECK(sniffFormat("\xEF\xBB\xBF {\n \"events\": [") == TraceFormat::NetLog);
  CHECK(sniffFormat(R"({"log": {"entries": []}})") == TraceFormat::Har);
  CHECK(sniffFormat(R"({"comment": "constants", "log": {}})") == TraceFormat::Har);
}

TEST_CASE("a URL request gives one entry per hop, numbered by its source id", "[netlog]") {
  std::vector<std::string> ev;
  ev.push_back(event(kAlive, 1, 7, kUrlRequest));
  ev.push_back(event(kStart, 1, 7, kUrlRequest, R"({"method":"GET","url":"https://app.contoso.com/signin"})"));
  ev.push_back(event(kRecv, 0, 7, kUrlRequest,
                     R"({"headers":["HTTP/1.1 302 Found","Location: https://login.microsoftonline.com/common/oauth2/authorize?x=1"]})"));
  ev.push_back(event(kRedirect, 0, 7, kUrlRequest, R"({"location":"https://login.microsoftonline.com/common/oauth2/authorize?x=1"})"));
  ev.push_back(event(kStart, 1, 7, kUrlRequest, R"({"method":"GET","url":"https://login.microsoftonline.com/common/oauth2/authorize?x=1"})"));
  ev.push_back(event(kRecv, 0, 7, kUrlRequest, R"({"headers":["HTTP/1.1 200 OK","Content-Type: text/html"]})"));
  ev.push_back(event(kAlive, 2, 7, kUrlRequest));
  auto entries = readAll("hops", capture(ev));
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].number == 7);
  CHECK(entries[1].number == 7);
  CHECK(entries[0].request.url.value == "https://app.contoso.com/signin");
  CHECK(entries[0].response.status.value == 302);
  CHECK(entries[0].response.redirectURL.value == "https://login.microsoftonline.com/common/oauth2/authorize?x=1");
  CHECK(entries[1].request.url.value == "https://login.microsoftonline.com/common/oauth2/authorize?x=1");
  CHECK(entries[1].response.status.value == 200);
  CHECK(findField(entries[1].response.headers, "content-type")->value.value == "text/html");
  CHECK_FALSE(entries[0].auxiliary);
}

TEST_CASE("a secret split across two body byte events is redacted in both, byte counts following", "[netlog]") {
  std::string body = R"({"token_type":"Bearer","refresh_token":")" + kRefresh + R"(","expires_in":3599})";
  std::size_t cut = body.find(kRefresh) + 20;  // inside the token
  auto ev = request(3, "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                    {"HTTP/1.1 200 OK", "Content-Type: application/json"},
                    {event(kFiltered, 0, 3, kUrlRequest, bytesParams(body.substr(0, cut))),
                     event(kFiltered, 0, 3, kUrlRequest, bytesParams(body.substr(cut)))});
  std::string input = capture(ev);
  std::vector<std::size_t> before, after;
  REQUIRE(streamOf(input, kFiltered, &before) == body);
  Sanitized s = sanitize("split", input);
  std::string stream = streamOf(s.output, kFiltered, &after);
  CHECK(stream.find(kRefresh.substr(0, 20)) == std::string::npos);
  CHECK(stream.find(kRefresh.substr(20)) == std::string::npos);
  CHECK(stream.find("REDACTED-refresh_token-") != std::string::npos);
  REQUIRE(after.size() == 2);
  CHECK(after[0] == before[0]);  // the cut stays where it was; the last event takes the rest
  CHECK(nlohmann::json::parse(stream)["expires_in"] == 3599);
}

TEST_CASE("the raw (gzip) and decoded copies of a body are redacted alike", "[netlog]") {
  std::string body = R"({"access_token":")" + kRefresh + R"(","token_type":"Bearer"})";
  auto gz = codec::encodeBody(body, {"gzip"});
  REQUIRE(gz);
  auto ev = request(4, "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                    {"HTTP/1.1 200 OK", "Content-Type: application/json", "Content-Encoding: gzip"},
                    {event(kRaw, 0, 4, kUrlRequest, bytesParams(gz->substr(0, 10))),
                     event(kRaw, 0, 4, kUrlRequest, bytesParams(gz->substr(10))),
                     event(kFiltered, 0, 4, kUrlRequest, bytesParams(body))});
  Sanitized s = sanitize("gzip", capture(ev));
  std::string decoded = streamOf(s.output, kFiltered);
  std::string raw = streamOf(s.output, kRaw);
  codec::DecodedBody unzipped = codec::decodeBody(raw, "", "gzip", 1 << 20);
  REQUIRE(unzipped.error.empty());
  CHECK(unzipped.bytes == decoded);
  CHECK(decoded.find(kRefresh) == std::string::npos);
  CHECK(decoded.find("REDACTED-") != std::string::npos);
}

TEST_CASE("a password in a socket's form POST, split over two events, is redacted", "[netlog]") {
  std::string form = "login=adele%40contoso.com&passwd=FAKE-Passw0rd-7f3k9q&flowToken=abc";
  std::string post = "POST /common/login HTTP/1.1\r\nHost: login.microsoftonline.com\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                     std::to_string(form.size()) + "\r\n\r\n" + form;
  std::size_t cut = post.find("Passw0rd");
  std::vector<std::string> ev{event(kSocketAlive, 1, 9, kSocket),
                              event(kSockSent, 0, 9, kSocket, bytesParams(post.substr(0, cut))),
                              event(kSockSent, 0, 9, kSocket, bytesParams(post.substr(cut))),
                              event(kSocketAlive, 2, 9, kSocket)};
  Sanitized s = sanitize("socket", capture(ev));
  std::string stream = streamOf(s.output, kSockSent);
  CHECK(stream.find("Passw0rd") == std::string::npos);
  CHECK(stream.find("passwd=REDACTED-password-") != std::string::npos);
  CHECK(stream.rfind("POST /common/login HTTP/1.1\r\n", 0) == 0);
}

TEST_CASE("a Set-Cookie hidden in a chunked response on a socket is redacted", "[netlog]") {
  std::string ests = "1.AXoAv4j5-FAKE-ESTSAUTH-" + kRefresh;
  std::string response = "HTTP/1.1 200 OK\r\nSet-Cookie: ESTSAUTH=" + ests +
                         "; path=/; secure; HttpOnly\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
  std::vector<std::string> ev{event(kSocketAlive, 1, 10, kSocket),
                              event(kSockRecv, 0, 10, kSocket, bytesParams(response.substr(0, 40))),
                              event(kSockRecv, 0, 10, kSocket, bytesParams(response.substr(40))),
                              event(kSocketAlive, 2, 10, kSocket)};
  Sanitized s = sanitize("setcookie", capture(ev));
  std::string stream = streamOf(s.output, kSockRecv);
  CHECK(stream.find(ests) == std::string::npos);
  CHECK(stream.find("ESTSAUTH=REDACTED-") != std::string::npos);
  CHECK(stream.find("\r\n\r\n5\r\nhello\r\n0\r\n\r\n") != std::string::npos);
}

TEST_CASE("cookie-store values are redacted, their names and domains kept", "[netlog]") {
  std::vector<std::string> ev{
      event(kCookieAdded, 0, 2, kCookieStore, R"({"domain":".login.microsoftonline.com","name":"ESTSAUTH","value":")" + kRefresh + "\"}"),
      event(kCookieAdded, 0, 2, kCookieStore, R"({"domain":".login.microsoftonline.com","name":"brcap","path":"/"})")};
  std::string input = capture(ev);
  Sanitized s = sanitize("cookies", input);
  CHECK(s.output.find(kRefresh) == std::string::npos);
  CHECK(s.output.find(R"("name":"ESTSAUTH","value":"REDACTED-)") != std::string::npos);
  CHECK(s.output.find(R"({"domain":".login.microsoftonline.com","name":"brcap","path":"/"})") != std::string::npos);
}

TEST_CASE("default-mode stripped headers and harmless values under scary names stay byte-identical", "[netlog]") {
  auto ev = request(5, "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?response_type=code&token_type=Bearer",
                    {"HTTP/1.1 200 OK", "Set-Cookie: [120 bytes were stripped]", "x-ms-request-id: 5d3e2a10-7b9c-4f21-8e33-0a6b4c2d9e01"});
  ev.insert(ev.begin() + 3, event(kSend, 0, 5, kUrlRequest,
                                  R"({"headers":["Cookie: [52 bytes were stripped]","Authorization: [20 bytes were stripped]"],"line":"GET / HTTP/1.1\r\n"})"));
  std::string input = capture(ev);
  Sanitized s = sanitize("default-mode", input);
  CHECK(s.output == input);
  CHECK(s.result.records.empty());
}

TEST_CASE("secrets in the URL are redacted in the start event and the request line alike", "[netlog]") {
  std::string code = "0.AXoAv4j5-FAKE-code-" + kRefresh;
  std::vector<std::string> ev{
      event(kAlive, 1, 6, kUrlRequest),
      event(kStart, 1, 6, kUrlRequest, R"({"method":"GET","url":"https://app.contoso.com/callback?code=)" + code + "&state=s1\"}"),
      event(kSend, 0, 6, kUrlRequest, R"({"headers":["Host: app.contoso.com"],"line":"GET /callback?code=)" + code + "&state=s1 HTTP/1.1\\r\\n\"}"),
      event(kAlive, 2, 6, kUrlRequest)};
  Sanitized s = sanitize("url", capture(ev));
  CHECK(s.output.find(code) == std::string::npos);
  CHECK(s.output.find("\"url\":\"https://app.contoso.com/callback?code=REDACTED-") != std::string::npos);
  CHECK(s.output.find("\"line\":\"GET /callback?code=REDACTED-") != std::string::npos);
  // state is replaced by default, with the same pseudonym in the URL and in the request line.
  CHECK(s.output.find("state=s1") == std::string::npos);
  auto at = s.output.find("&state=REDACTED-");
  REQUIRE(at != std::string::npos);
  std::string placeholder = s.output.substr(at + 7, s.output.find_first_of("\" \\", at + 7) - at - 7);
  CHECK(s.output.find("&state=" + placeholder + " HTTP/1.1") != std::string::npos);
}

TEST_CASE("an event of a type the constants do not name is still scanned", "[netlog]") {
  std::vector<std::string> ev{event(4242, 0, 11, 0, R"({"note":"x","client_secret":"FAKE~secret~0123456789abcdefghij"})")};
  Sanitized s = sanitize("unknown-type", capture(ev));
  CHECK(s.output.find("FAKE~secret~0123456789abcdefghij") == std::string::npos);
  CHECK(s.output.find(R"("note":"x")") != std::string::npos);
}

TEST_CASE("body bytes that are not base64 are replaced whole (fail closed)", "[netlog]") {
  auto ev = request(8, "https://login.microsoftonline.com/x", {"HTTP/1.1 200 OK", "Content-Type: text/plain"},
                    {event(kFiltered, 0, 8, kUrlRequest, R"({"byte_count":12,"bytes":"!!not base64 password=hunter2!!"})")});
  Sanitized s = sanitize("bad-base64", capture(ev));
  CHECK(s.output.find("hunter2") == std::string::npos);
  REQUIRE(s.result.failClosed.size() == 1);
  CHECK(s.result.failClosed[0].reason == "invalid base64 in a bytes event");
}

TEST_CASE("a capture without the closing brackets is read to its last complete event, with a warning", "[netlog]") {
  auto ev = request(3, "https://login.microsoftonline.com/a", {"HTTP/1.1 200 OK"});
  std::vector<std::string> warnings;
  auto entries = readAll("truncated", capture(ev, false), &warnings);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].request.url.value == "https://login.microsoftonline.com/a");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("truncated capture") != std::string::npos);

  std::string cut = capture(ev, false);
  cut += R"({"params":{"url":"https://login.microsoftonline.com/b?code=0.AXoAv4)";
  Sanitized s = sanitize("cut-in-event", cut);
  CHECK(s.output == capture(ev, false));  // the cut-off event cannot be checked: left out
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.warnings[0].find("cut off") != std::string::npos);
}

TEST_CASE("a NetLog without constants, or with a broken event, is an input error with the byte offset", "[netlog]") {
  Error noConstants = readError("no-constants", "{\"events\": [\n" + event(kAlive, 1, 1, kUrlRequest) + "]}");
  CHECK(noConstants.kind() == ErrorKind::InvalidInput);
  CHECK(noConstants.message().find("byte offset 1: ") != std::string::npos);
  CHECK(noConstants.message().find("constants") != std::string::npos);

  std::string good = capture({event(kAlive, 1, 1, kUrlRequest)}, false);
  Error broken = readError("broken-event", good + R"({"phase":1,"source":{"id":2},"type":1},)" "\n]}");
  CHECK(broken.kind() == ErrorKind::InvalidInput);
  CHECK(broken.message().find("byte offset " + std::to_string(good.size()) + ": ") != std::string::npos);

  Error notJson = readError("not-json", good + "{\"params\": {\"a\": tru}, \"type\": 1},\n]}");
  CHECK(notJson.message().find("byte offset " + std::to_string(good.size()) + ": ") != std::string::npos);

  std::string deep = "{\"params\":" + std::string(200, '[') + std::string(200, ']') + ",\"type\":1}";
  Error tooDeep = readError("too-deep", good + deep + ",\n]}");
  CHECK(tooDeep.message().find("byte offset " + std::to_string(good.size()) + ": ") != std::string::npos);
  CHECK(tooDeep.message().find("nested too deeply") != std::string::npos);
}

TEST_CASE("huge params are read and redacted without trouble", "[netlog]") {
  std::string big(3 << 20, 'a');
  std::string body = big + "&client_secret=FAKE~secret~0123456789abcdefghij";
  auto ev = request(12, "https://login.microsoftonline.com/x", {"HTTP/1.1 200 OK", "Content-Type: application/x-www-form-urlencoded"},
                    {event(kFiltered, 0, 12, kUrlRequest, bytesParams(body))});
  Sanitized s = sanitize("huge", capture(ev));
  CHECK(s.output.find(codec::base64Encode(body)) == std::string::npos);
  std::string stream = streamOf(s.output, kFiltered);
  CHECK(stream.find("FAKE~secret~") == std::string::npos);
  CHECK(stream.substr(0, big.size()) == big);
}

TEST_CASE("a NetLog converts to HAR with one entry per hop and its body", "[netlog]") {
  std::string body = R"({"error":"invalid_grant","error_codes":[70008]})";
  auto ev = request(13, "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                    {"HTTP/1.1 400 Bad Request", "Content-Type: application/json"},
                    {event(kFiltered, 0, 13, kUrlRequest, bytesParams(body))});
  ev.push_back(event(kCookieAdded, 0, 2, kCookieStore, R"({"name":"x","value":"y"})"));
  Sanitized s = sanitize("to-har", capture(ev), TraceFormat::Har);
  auto har = nlohmann::json::parse(s.output);
  REQUIRE(har["log"]["entries"].size() == 1);
  auto& entry = har["log"]["entries"][0];
  CHECK(entry["request"]["url"] == "https://login.microsoftonline.com/common/oauth2/v2.0/token");
  CHECK(entry["response"]["status"] == 400);
  CHECK(entry["response"]["content"]["text"] == body);
}

TEST_CASE("HTTP/2 session headers are scanned: cookies, and the query in :path", "[netlog]") {
  std::string code = "0.AXoAv4j5-FAKE-code-" + kRefresh;
  std::vector<std::string> ev{event(kHttp2SendHeaders, 0, 20, kHttp2Session,
      R"({"fin":true,"headers":[":method: GET",":authority: app.contoso.com",":scheme: https",)"
      R"(":path: /callback?code=)" + code + R"(&state=s1","cookie: ESTSAUTH=)" + kRefresh + R"("],"stream_id":1})")};
  Sanitized s = sanitize("http2", capture(ev));
  CHECK(s.output.find(code) == std::string::npos);
  CHECK(s.output.find(kRefresh) == std::string::npos);
  CHECK(s.output.find(R"(":path: /callback?code=REDACTED-)") != std::string::npos);
  CHECK(s.output.find(R"("cookie: ESTSAUTH=REDACTED-)") != std::string::npos);
  CHECK(s.output.find(R"(":authority: app.contoso.com",":scheme: https")") != std::string::npos);
}

TEST_CASE("header lists written as objects (older versions) are redacted value by value", "[netlog]") {
  auto ev = request(21, "https://graph.microsoft.com/v1.0/me", {"HTTP/1.1 200 OK"});
  ev.insert(ev.begin() + 3, event(kSend, 0, 21, kUrlRequest,
                                  R"({"headers":{"Authorization":"Bearer )" + kRefresh + R"(","Accept":"*/*"}})"));
  Sanitized s = sanitize("object-headers", capture(ev));
  CHECK(s.output.find(kRefresh) == std::string::npos);
  CHECK(s.output.find(R"("Authorization":"Bearer REDACTED-)") != std::string::npos);
  CHECK(s.output.find(R"("Accept":"*/*")") != std::string::npos);
}

TEST_CASE("a request open over more than the window is read in parts, with a warning and every byte written", "[netlog]") {
  std::vector<std::string> ev{event(kAlive, 1, 30, kUrlRequest),
                              event(kStart, 1, 30, kUrlRequest, R"({"method":"GET","url":"https://login.microsoftonline.com/a?code=)" + kRefresh + "\"}")};
  for (int i = 0; i < 200; ++i)
    ev.push_back(event(kCookieAdded, 0, 2, kCookieStore, R"({"name":"c)" + std::to_string(i) + R"(","domain":"x"})"));
  ev.push_back(event(kRecv, 0, 30, kUrlRequest, R"({"headers":["HTTP/1.1 200 OK","Set-Cookie: ESTSAUTH=)" + kRefresh + R"("]})"));
  ev.push_back(event(kAlive, 2, 30, kUrlRequest));
  std::string input = capture(ev);
  std::string in = testutil::writeScratch("NetLogTest-window.json", input);
  std::string out = (testutil::scratchDir() / "NetLogTest-window.out.json").string();
  auto source = openFileSource(in);
  REQUIRE(source);
  auto reader = std::make_unique<tracesan::netlog::NetLogReader>(std::move(source.value()), ReadOptions{});
  reader->maxWindowBytes = 4096;
  auto file = OutputFile::create(out);
  REQUIRE(file);
  auto writer = createNetLogPatchWriter(std::move(file.value()));
  Redactor redactor = testutil::keyedRedactor("netlog-test");
  RedactionSession session;
  std::size_t hops = 0;
  for (;;) {
    auto piece = reader->read();
    REQUIRE(piece);
    if (piece->kind == Piece::Kind::End) break;
    if (piece->kind == Piece::Kind::Entry) {
      if (piece->entry->number == 30) ++hops;
      redactor.redact(*piece->entry, session);
    }
    REQUIRE(writer->write(*piece));
  }
  REQUIRE(writer->finish());
  CHECK(hops == 2);  // cut once: the start, then the rest of the request
  REQUIRE(reader->warnings().size() == 1);
  CHECK(reader->warnings()[0].find("read in parts") != std::string::npos);
  std::string written = testutil::readFile(out);
  CHECK(written.find(kRefresh) == std::string::npos);
  CHECK(std::count(written.begin(), written.end(), '\n') == std::count(input.begin(), input.end(), '\n'));
  CHECK(written.find(R"({"name":"c199","domain":"x"})") != std::string::npos);
}

TEST_CASE("a header list in a request event the reader does not model is still redacted as headers", "[netlog]") {
  auto ev = request(22, "https://login.microsoftonline.com/a", {"HTTP/1.1 200 OK"});
  ev.insert(ev.begin() + 4, event(4243, 0, 22, kUrlRequest,
                                  R"({"headers":["HTTP/1.1 103 Early Hints","Set-Cookie: ESTSAUTH=)" + kRefresh + R"(; path=/"]})"));
  std::string input = capture(ev);
  Sanitized s = sanitize("other-headers", input);
  CHECK(s.output.find(kRefresh) == std::string::npos);
  CHECK(s.output.find(R"("Set-Cookie: ESTSAUTH=REDACTED-)") != std::string::npos);
  auto entries = readAll("other-headers-read", input);
  std::size_t requests = 0;
  for (const auto& e : entries) requests += e.auxiliary ? 0 : 1;
  CHECK(requests == 1);
}

TEST_CASE("a request line in absolute form (to a proxy) follows the redacted URL too", "[netlog]") {
  std::string url = "http://login.microsoftonline.com/common/reprocess?ctx=rQQIARAA-FAKE-ctx-" + kRefresh;
  std::vector<std::string> ev{
      event(kAlive, 1, 23, kUrlRequest),
      event(kStart, 1, 23, kUrlRequest, R"({"method":"GET","url":")" + url + "\"}"),
      event(kSend, 0, 23, kUrlRequest, R"({"headers":["Host: login.microsoftonline.com"],"line":"GET )" + url + " HTTP/1.1\\r\\n\"}"),
      event(kAlive, 2, 23, kUrlRequest)};
  Sanitized s = sanitize("proxy-line", capture(ev));
  CHECK(s.output.find(kRefresh) == std::string::npos);
  CHECK(s.output.find("\"line\":\"GET http://login.microsoftonline.com/common/reprocess?ctx=REDACTED-") != std::string::npos);
}
