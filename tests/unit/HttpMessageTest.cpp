#include <catch2/catch.hpp>

#include <string>

#include "http/HttpMessage.h"

using namespace tracesan::http;
using namespace std::string_literals;

namespace {

// Requires success and hands back the message (the test fails with the parser's message otherwise).
HttpMessage request(std::string_view bytes) {
  auto msg = parseRequest(bytes);
  INFO((msg ? std::string() : msg.error().message()));
  REQUIRE(msg);
  return std::move(msg).value();
}

HttpMessage response(std::string_view bytes) {
  auto msg = parseResponse(bytes);
  INFO((msg ? std::string() : msg.error().message()));
  REQUIRE(msg);
  return std::move(msg).value();
}

std::string requestError(std::string_view bytes) {
  auto msg = parseRequest(bytes);
  REQUIRE_FALSE(msg);
  return msg.error().message();
}

std::string responseError(std::string_view bytes) {
  auto msg = parseResponse(bytes);
  REQUIRE_FALSE(msg);
  return msg.error().message();
}

std::string_view span(std::string_view bytes, std::size_t begin, std::size_t end) {
  return bytes.substr(begin, end - begin);
}

}  // namespace

TEST_CASE("a CRLF request with an absolute-form target parses into its parts") {
  std::string_view raw =
      "POST https://login.microsoftonline.com/common/oauth2/v2.0/token?x=1 HTTP/1.1\r\n"
      "Host: login.microsoftonline.com\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: 23\r\n"
      "\r\n"
      "password=P@ssw0rd-FAKE-1";
  HttpMessage msg = request(raw);
  CHECK(msg.isRequest);
  CHECK(msg.method == "POST");
  CHECK(msg.target == "https://login.microsoftonline.com/common/oauth2/v2.0/token?x=1");
  CHECK(span(raw, msg.targetBegin, msg.targetEnd) == msg.target);
  CHECK(msg.version == "HTTP/1.1");
  REQUIRE(msg.headers.size() == 3);
  CHECK(msg.headers[0].name == "Host");
  CHECK(msg.headers[0].value == "login.microsoftonline.com");
  CHECK(msg.headers[2].value == "23");
  CHECK(msg.body == "password=P@ssw0rd-FAKE-1");
  CHECK(msg.headEnd == raw.find("password"));
  CHECK(msg.hasBlankLine);
}

TEST_CASE("header spans cover the whole line and the stored value") {
  std::string_view raw = "GET / HTTP/1.1\r\nCookie:   a=1; b=2  \r\nAccept: */*\r\n\r\n";
  HttpMessage msg = request(raw);
  REQUIRE(msg.headers.size() == 2);
  const HeaderLine& cookie = msg.headers[0];
  CHECK(span(raw, cookie.lineBegin, cookie.lineEnd) == "Cookie:   a=1; b=2  \r\n");
  CHECK(span(raw, cookie.valueBegin, cookie.valueEnd) == "a=1; b=2");
  CHECK(cookie.value == "a=1; b=2");
  CHECK(span(raw, msg.headers[1].lineBegin, msg.headers[1].lineEnd) == "Accept: */*\r\n");
}

TEST_CASE("an empty header value has an empty span right after the colon and its whitespace") {
  std::string_view raw = "GET / HTTP/1.1\r\nX-Empty:\r\nX-Blank:   \r\n\r\n";
  HttpMessage msg = request(raw);
  REQUIRE(msg.headers.size() == 2);
  CHECK(msg.headers[0].value.empty());
  CHECK(msg.headers[0].valueBegin == msg.headers[0].valueEnd);
  CHECK(msg.headers[0].valueBegin == raw.find("X-Empty:") + 8);
  CHECK(msg.headers[1].value.empty());
  CHECK(msg.headers[1].valueBegin == msg.headers[1].valueEnd);
}

TEST_CASE("LF-only line endings are accepted") {
  std::string_view raw = "GET /a HTTP/1.0\nHost: example.com\nX-A: 1\n\nbody\nmore";
  HttpMessage msg = request(raw);
  CHECK(msg.version == "HTTP/1.0");
  REQUIRE(msg.headers.size() == 2);
  CHECK(msg.headers[1].value == "1");
  CHECK(span(raw, msg.headers[1].lineBegin, msg.headers[1].lineEnd) == "X-A: 1\n");
  CHECK(msg.body == "body\nmore");
}

TEST_CASE("odd whitespace around names and values is tolerated") {
  HttpMessage msg = request("GET / HTTP/1.1\r\nName:value\r\nOther :  spaced\t\r\nTabbed:\tx\ty\t\r\n\r\n");
  REQUIRE(msg.headers.size() == 3);
  CHECK(msg.headers[0].name == "Name");
  CHECK(msg.headers[0].value == "value");
  CHECK(msg.headers[1].name == "Other");
  CHECK(msg.headers[1].value == "spaced");
  CHECK(msg.headers[2].value == "x\ty");
}

TEST_CASE("duplicate headers are kept in order and looked up case-insensitively") {
  HttpMessage msg = request("GET / HTTP/1.1\r\nSet-Thing: 1\r\nX: y\r\nset-thing: 2\r\nSET-THING: 3\r\n\r\n");
  REQUIRE(msg.header("SET-thing") != nullptr);
  CHECK(msg.header("set-thing")->value == "1");
  auto all = msg.headersNamed("Set-Thing");
  REQUIRE(all.size() == 3);
  CHECK(all[1]->value == "2");
  CHECK(all[2]->value == "3");
  CHECK(msg.headerValues("set-thing") == "1, 2, 3");
  CHECK(msg.header("Missing") == nullptr);
  CHECK(msg.headersNamed("Missing").empty());
}

TEST_CASE("obs-fold continuation lines are joined into one logical value") {
  std::string raw = "GET / HTTP/1.1\r\nX-Folded: first\r\n  second\r\n\tthird  \r\nNext: n\r\n\r\n";
  HttpMessage msg = request(raw);
  REQUIRE(msg.headers.size() == 2);
  const HeaderLine& h = msg.headers[0];
  CHECK(h.folded);
  CHECK(h.value == "first second third");
  CHECK(span(raw, h.lineBegin, h.lineEnd) == "X-Folded: first\r\n  second\r\n\tthird  \r\n");
  CHECK(span(raw, h.valueBegin, h.valueEnd) == "first\r\n  second\r\n\tthird");
  CHECK(msg.headers[1].value == "n");
}

TEST_CASE("folded values stay valid when the message is copied and the original destroyed") {
  std::string raw = "GET / HTTP/1.1\r\nX-A: a\r\n b\r\nX-B:\r\n c\r\n d\r\n\r\n";
  HttpMessage copy;
  {
    HttpMessage msg = request(raw);
    copy = msg;
  }
  HttpMessage moved = std::move(copy);
  REQUIRE(moved.headers.size() == 2);
  CHECK(moved.headers[0].value == "a b");
  CHECK(moved.headers[1].value == "c d");
  CHECK(span(raw, moved.headers[1].valueBegin, moved.headers[1].valueEnd) == "c\r\n d");
}

TEST_CASE("any version token is accepted") {
  CHECK(request("GET / HTTP/2\r\n\r\n").version == "HTTP/2");
  CHECK(request("GET / FOO/9.9\r\n\r\n").version == "FOO/9.9");
  CHECK(response("ICY 200 OK\r\n\r\n").version == "ICY");
}

TEST_CASE("a request line without a version parses with an empty version") {
  HttpMessage msg = request("GET /index.html\r\n\r\n");
  CHECK(msg.target == "/index.html");
  CHECK(msg.version.empty());
}

TEST_CASE("a message without the final blank line has headers to the end and no body") {
  std::string_view raw = "GET / HTTP/1.1\r\nHost: a\r\nX: b";
  HttpMessage msg = request(raw);
  CHECK_FALSE(msg.hasBlankLine);
  REQUIRE(msg.headers.size() == 2);
  CHECK(msg.headers[1].value == "b");
  CHECK(msg.headEnd == raw.size());
  CHECK(msg.body.empty());
  CHECK(request("GET / HTTP/1.1").headers.empty());
}

TEST_CASE("the body is the rest of the data whatever Content-Length says") {
  std::string raw = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"s + "0123456789\0\r\n\r\nbinary"s;
  HttpMessage msg = response(raw);
  CHECK(msg.body.size() == 10 + 1 + 4 + 6);
  CHECK(msg.body.substr(0, 10) == "0123456789");
}

TEST_CASE("blank lines before the request line are skipped") {
  HttpMessage msg = request("\r\n\r\nGET / HTTP/1.1\r\nA: b\r\n\r\n");
  CHECK(msg.method == "GET");
  CHECK(msg.headers.size() == 1);
}

TEST_CASE("a status line gives version, status and reason") {
  HttpMessage msg = response("HTTP/1.1 502 Fiddler - Connection Failed\r\nContent-Type: text/html\r\n\r\n[Fiddler] x");
  CHECK_FALSE(msg.isRequest);
  CHECK(msg.version == "HTTP/1.1");
  CHECK(msg.status == 502);
  CHECK(msg.reason == "Fiddler - Connection Failed");
  CHECK(msg.body == "[Fiddler] x");
}

TEST_CASE("a status line without a reason phrase is accepted") {
  HttpMessage msg = response("HTTP/1.1 204\r\n\r\n");
  CHECK(msg.status == 204);
  CHECK(msg.reason.empty());
}

TEST_CASE("empty input is rejected") {
  CHECK(requestError("") == "empty message");
  CHECK(responseError("") == "empty message");
  CHECK(requestError("\r\n\r\n") == "empty message");
}

TEST_CASE("a request line without a target is rejected") {
  CHECK_THAT(requestError("GET\r\nHost: a\r\n\r\n"), Catch::Contains("missing request target"));
  CHECK_THAT(requestError("GET   \r\n\r\n"), Catch::Contains("missing request target"));
}

TEST_CASE("a request line without a method is rejected") {
  CHECK_THAT(requestError(" / HTTP/1.1\r\n\r\n"), Catch::Contains("missing method"));
}

TEST_CASE("a status line without a numeric status is rejected") {
  CHECK_THAT(responseError("HTTP/1.1 OK\r\n\r\n"), Catch::Contains("status code is not a 3-digit number: 'OK'"));
  CHECK_THAT(responseError("HTTP/1.1\r\n\r\n"), Catch::Contains("missing status code"));
  CHECK_THAT(responseError("HTTP/1.1 20 OK\r\n\r\n"), Catch::Contains("not a 3-digit number"));
  CHECK_THAT(responseError("GET / HTTP/1.1\r\n\r\n"), Catch::Contains("not a 3-digit number"));
}

TEST_CASE("a header line without a colon is rejected with its line number") {
  CHECK(requestError("GET / HTTP/1.1\r\nHost: a\r\nBroken header\r\n\r\n") ==
        "line 3: header line without a colon: 'Broken header'");
  CHECK_THAT(responseError("\nHTTP/1.1 200 OK\nNoColon\n\n"), Catch::StartsWith("line 3: "));
}

TEST_CASE("a continuation line right after the start line is rejected") {
  CHECK_THAT(requestError("GET / HTTP/1.1\r\n  folded\r\n\r\n"),
             Catch::Contains("line 2: continuation line without a header"));
}

TEST_CASE("a header with an empty or invalid name is rejected") {
  CHECK_THAT(requestError("GET / HTTP/1.1\r\n: v\r\n\r\n"), Catch::Contains("line 2: header line with an empty name"));
  CHECK_THAT(requestError("GET / HTTP/1.1\r\nBad Name: v\r\n\r\n"), Catch::Contains("line 2: invalid header name"));
}

TEST_CASE("binary junk is rejected instead of parsed") {
  std::string gzip = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x07\x00"s;
  CHECK_THAT(requestError(gzip), Catch::Contains("request line: invalid method"));
  CHECK_THAT(responseError(gzip), Catch::Contains("status line"));
  CHECK_THAT(requestError("GET /\0x HTTP/1.1\r\n\r\n"s), Catch::Contains("control character"));
  CHECK_THAT(requestError("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n"s), Catch::Contains("line 2: control character"));
}

TEST_CASE("error messages quote junk as escaped printable text") {
  std::string msg = requestError("GET / HTTP/1.1\r\n\x01\x02\xff\r\n\r\n"s);
  CHECK_THAT(msg, Catch::Contains("\\x01\\x02\\xff"));
}

TEST_CASE("splitting an absolute-form target gives scheme, userinfo, host, port, path, query and fragment") {
  RequestTarget t = splitTarget("https://user:P@ssw0rd-FAKE-1@example.com:8443/a/b?c=1&d=2#frag");
  CHECK(t.form == RequestTarget::Form::Absolute);
  CHECK(t.scheme == "https");
  CHECK(t.userinfo == "user:P@ssw0rd-FAKE-1");
  CHECK(t.authority == "example.com:8443");
  CHECK(t.host == "example.com");
  CHECK(t.port == "8443");
  CHECK(t.path == "/a/b");
  CHECK(t.hasQuery);
  CHECK(t.query == "c=1&d=2");
  CHECK(t.hasFragment);
  CHECK(t.fragment == "frag");
}

TEST_CASE("splitting handles IPv6 hosts and targets without a path") {
  RequestTarget t = splitTarget("http://[::1]:8080?x=1");
  CHECK(t.host == "[::1]");
  CHECK(t.port == "8080");
  CHECK(t.path.empty());
  CHECK(t.query == "x=1");
  RequestTarget bare = splitTarget("http://example.com");
  CHECK(bare.host == "example.com");
  CHECK(bare.port.empty());
  CHECK_FALSE(bare.hasQuery);
}

TEST_CASE("splitting origin-form, authority-form and asterisk-form targets") {
  RequestTarget origin = splitTarget("/api/users?id=7");
  CHECK(origin.form == RequestTarget::Form::Origin);
  CHECK(origin.path == "/api/users");
  CHECK(origin.query == "id=7");
  CHECK(origin.host.empty());

  RequestTarget authority = splitTarget("login.microsoftonline.com:443");
  CHECK(authority.form == RequestTarget::Form::Authority);
  CHECK(authority.host == "login.microsoftonline.com");
  CHECK(authority.port == "443");

  CHECK(splitTarget("*").form == RequestTarget::Form::Asterisk);
}

TEST_CASE("the effective URL of an origin-form request uses the Host header and the scheme") {
  HttpMessage msg = request("GET /api/users?id=7 HTTP/1.1\r\nhost:  graph.example.com \r\n\r\n");
  CHECK(effectiveUrl(msg, true) == "https://graph.example.com/api/users?id=7");
  CHECK(effectiveUrl(msg, false) == "http://graph.example.com/api/users?id=7");
}

TEST_CASE("the effective URL of an absolute-form request is its target") {
  HttpMessage msg = request("GET http://a.example/x HTTP/1.1\r\nHost: b.example\r\n\r\n");
  CHECK(effectiveUrl(msg, true) == "http://a.example/x");
}

TEST_CASE("an origin-form request without Host keeps its target as the URL") {
  CHECK(effectiveUrl(request("GET /x HTTP/1.1\r\n\r\n"), true) == "/x");
}

TEST_CASE("CONNECT requests are detected and keep their authority-form target") {
  HttpMessage msg = request(
      "CONNECT login.microsoftonline.com:443 HTTP/1.1\r\nHost: login.microsoftonline.com:443\r\n\r\n"
      "A SSLv3-compatible ClientHello handshake was found. Fiddler extracted the parameters below.\n\nVersion: 3.3\r\n");
  CHECK(isConnect(msg));
  CHECK(effectiveUrl(msg, true) == "login.microsoftonline.com:443");
  CHECK(splitTarget(msg.target).form == RequestTarget::Form::Authority);
  CHECK_FALSE(isConnect(request("GET / HTTP/1.1\r\n\r\n")));
  CHECK_FALSE(isConnect(response("HTTP/1.1 200 Connection Established\r\n\r\n")));
}

TEST_CASE("a target with stray spaces keeps them and the version is the last word") {
  HttpMessage msg = request("GET /a b HTTP/1.1\r\n\r\n");
  CHECK(msg.target == "/a b");
  CHECK(msg.version == "HTTP/1.1");
}

TEST_CASE("a UTF-8 byte order mark before the start line is skipped and offsets still count it") {
  std::string_view raw = "\xEF\xBB\xBFGET /x HTTP/1.1\r\nHost: a\r\n\r\n";
  HttpMessage msg = request(raw);
  CHECK(msg.method == "GET");
  CHECK(msg.targetBegin == 7);
  CHECK(span(raw, msg.headers[0].valueBegin, msg.headers[0].valueEnd) == "a");
}

TEST_CASE("tabs and repeated spaces separate the parts of the start line") {
  HttpMessage req = request("GET\t/x  \tHTTP/1.1\r\n\r\n");
  CHECK(req.method == "GET");
  CHECK(req.target == "/x");
  CHECK(req.version == "HTTP/1.1");
  HttpMessage resp = response("HTTP/1.1\t 404  Not Found \r\n\r\n");
  CHECK(resp.status == 404);
  CHECK(resp.reason == "Not Found");
}
