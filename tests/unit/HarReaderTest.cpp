#include <catch2/catch.hpp>

#include <filesystem>

#include "TestUtil.h"
#include "tracesan/Trace.h"

using namespace tracesan;
using testutil::readAll;
using testutil::writeScratch;

namespace {
const std::string kSmall = R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},
"pages":[{"id":"page_1","title":"x","startedDateTime":"2025-01-02T03:04:05.000Z","pageTimings":{}}],
"entries":[
 {"startedDateTime":"2025-01-02T03:04:05.000Z","time":12.5,
  "request":{"method":"POST","url":"https://login.microsoftonline.com/common/login?x=1","httpVersion":"HTTP/1.1",
   "headers":[{"name":"Cookie","value":"ESTSAUTH=abc"},{"name":"Content-Type","value":"application/x-www-form-urlencoded"}],
   "cookies":[{"name":"ESTSAUTH","value":"abc","path":"/"}],
   "queryString":[{"name":"x","value":"1"}],
   "postData":{"mimeType":"application/x-www-form-urlencoded","text":"login=a%40b&passwd=P%40ss","params":[{"name":"passwd","value":"P@ss"}]},
   "headersSize":-1,"bodySize":25,"_custom":{"a":[1,2]}},
  "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],
   "content":{"size":5,"mimeType":"text/plain","text":"aGVsbG8=","encoding":"base64"},"redirectURL":"","headersSize":-1,"bodySize":5},
  "cache":{},"timings":{"send":1,"wait":10,"receive":1.5},"serverIPAddress":"10.0.0.1","_priority":"High",
  "_webSocketMessages":[{"type":"send","time":1.5,"opcode":1,"data":"{\"t\":\"\u00e9\"}"}]},
 {"startedDateTime":"2025-01-02T03:04:06.000Z","time":1,"request":{"method":"GET","url":"https://example.com/\u00e9","httpVersion":"HTTP/2","headers":[],"cookies":[],"queryString":[],"headersSize":-1,"bodySize":0},
  "response":{"status":302,"statusText":"","httpVersion":"HTTP/2","headers":[{"name":"Location","value":"/next"}],"cookies":[],"content":{"size":0,"mimeType":""},"redirectURL":"/next","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":1,"receive":0}}
]}})";
}  // namespace

TEST_CASE("the HAR reader yields each entry with decoded values") {
  auto path = writeScratch("reader-small.har", kSmall);
  std::vector<Entry> entries;
  std::size_t count = 0;
  REQUIRE(readAll(path, count, [&](Entry& e) { entries.push_back(e); }) == "");
  REQUIRE(count == 2);
  const Entry& e = entries[0];
  CHECK(e.number == 1);
  CHECK(e.request.method.value == "POST");
  CHECK(e.request.url.value == "https://login.microsoftonline.com/common/login?x=1");
  REQUIRE(e.request.headers.size() == 2);
  CHECK(e.request.headers[0].name.value == "Cookie");
  CHECK(e.request.cookies[0].value.value == "abc");
  CHECK(e.request.queryString[0].name.value == "x");
  CHECK(e.request.body.text.value == "login=a%40b&passwd=P%40ss");
  CHECK(e.request.body.params[0].value.value == "P@ss");
  CHECK(e.response.status.value == 200);
  CHECK(e.response.body.encoding.value == "base64");
  CHECK(e.response.body.size.value == 5);
  CHECK(e.timings.receive.value == 1.5);
  CHECK(e.serverIPAddress.value == "10.0.0.1");
  REQUIRE(e.webSocketMessages.size() == 1);
  CHECK(e.webSocketMessages[0].data.value == "{\"t\":\"\xc3\xa9\"}");
  CHECK(entries[1].request.url.value == "https://example.com/\xc3\xa9");
  CHECK(entries[1].number == 2);
}

TEST_CASE("the HAR reader keeps custom fields and unknown members as raw JSON") {
  auto path = writeScratch("reader-ext.har", kSmall);
  std::size_t count = 0;
  std::vector<std::string> names;
  std::string custom;
  REQUIRE(readAll(path, count, [&](Entry& e) {
            if (e.index != 0) return;
            for (auto& x : e.extensions) names.push_back(x.name);
            custom = e.request.extensions.at(0).json.value;
          }) == "");
  CHECK(custom == R"({"a":[1,2]})");
  CHECK(names == std::vector<std::string>{"cache", "_priority"});
}

TEST_CASE("value spans point at the raw JSON tokens of the entry") {
  auto path = writeScratch("reader-spans.har", kSmall);
  std::size_t count = 0;
  REQUIRE(readAll(path, count, [&](Entry& e) {
            auto raw = [&](const Text& t) { return std::string(e.source.json.substr(t.raw.offset, t.raw.length)); };
            if (e.index == 0) {
              CHECK(raw(e.request.url) == "\"https://login.microsoftonline.com/common/login?x=1\"");
              CHECK(raw(e.webSocketMessages[0].data) == R"("{\"t\":\"\u00e9\"}")");
              CHECK(e.source.json.substr(e.response.status.raw.offset, e.response.status.raw.length) == "200");
            } else {
              CHECK(raw(e.request.url) == R"("https://example.com/\u00e9")");
            }
          }) == "");
}

TEST_CASE("the HAR reader gives the same entries whatever the buffer size") {
  auto path = writeScratch("reader-buffers.har", kSmall);
  for (std::size_t size : {16u, 17u, 61u, 4096u}) {
    ReadOptions options;
    options.bufferSize = size;
    std::size_t count = 0;
    std::vector<std::string> urls;
    REQUIRE(readAll(path, count, [&](Entry& e) { urls.push_back(e.request.url.value); }, options) == "");
    CHECK(urls == std::vector<std::string>{"https://login.microsoftonline.com/common/login?x=1", "https://example.com/\xc3\xa9"});
  }
}

TEST_CASE("the HAR reader accepts a byte order mark and an empty entries array") {
  std::size_t count = 7;
  CHECK(readAll(writeScratch("bom.har", "\xEF\xBB\xBF{\"log\":{\"entries\":[]}}\n"), count) == "");
  CHECK(count == 0);
}

TEST_CASE("bad HAR input gives a one-line error naming the file and the place") {
  struct Case {
    std::string name, bytes, expected;
  };
  std::vector<Case> cases = {
      {"empty.har", "", "empty file"},
      {"junk.har", std::string("\x00\x01\x02\xff", 4), "not a HAR (JSON) or SAZ (zip) trace"},
      {"array.har", "[1,2]", "not a HAR (JSON) or SAZ (zip) trace"},
      {"nolog.har", "{\"a\":1}", "no \"log\" object"},
      {"noentries.har", "{\"log\":{\"version\":\"1.2\"}}", "no entries array"},
      {"truncated.har", kSmall.substr(0, 400), "unexpected end of file in entry 1"},
      {"trailing.har", "{\"log\":{\"entries\":[]}} x", "unexpected data after the end"},
      {"entrytype.har", "{\"log\":{\"entries\":[1]}}", "entry 1: expected an object"},
      {"urltype.har", "{\"log\":{\"entries\":[{\"request\":{\"url\":5}}]}}", "entry 1 (byte offset 19): request.url: expected a string"},
      {"dupurl.har", "{\"log\":{\"entries\":[{\"request\":{\"url\":\"a\",\"url\":\"b\"}}]}}", "duplicate member \"url\""},
      {"utf8.har", "{\"log\":{\"entries\":[{\"request\":{\"url\":\"\xff\xfe\"}}]}}", "invalid UTF-8"},
      {"missingcomma.har", "{\"log\":{\"entries\":[{} {}]}}", "expected ',' or ']'"},
      // simdjson would read \" outside a string as an escaped quote, a plain reading as a string
      // start: the two would disagree about what is a string, and a redaction could break the file.
      {"backslash.har", "{\"log\":{\"entries\":[{\"a\":\"x\"\\\"c\":\"d\"}]}}", "backslash outside a string in entry 1"},
      {"backslashlog.har", "{\"log\":{\"creator\":{\\\"x\":1},\"entries\":[]}}", "backslash outside a string"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto path = writeScratch(c.name, c.bytes);
    std::size_t count = 0;
    std::string error = readAll(path, count);
    CHECK_THAT(error, Catch::Contains(c.expected));
    CHECK_THAT(error, Catch::Contains(c.name));
    CHECK(error.find('\n') == std::string::npos);
  }
}

TEST_CASE("a HAR truncated at any point is an error, never a crash or a silent success") {
  for (std::size_t cut = 1; cut < kSmall.size(); cut += 7) {
    auto path = writeScratch("cut.har", kSmall.substr(0, cut));
    std::size_t count = 0;
    INFO("cut at " << cut);
    CHECK_FALSE(readAll(path, count).empty());
  }
}

TEST_CASE("hostile HAR input gives clear errors and bounded work") {
  struct Case {
    std::string name, bytes, expected;
  };
  std::vector<Case> cases = {
      {"hugeexp.har", R"({"log":{"entries":[{"time":1e99999}]}})", "invalid or out-of-range number"},
      {"nul.har", std::string("{\"log\":{\"entries\":[{\"request\":{\"url\":\"a") + '\0' + "b\"}}]}}", "unescaped control character"},
      {"badescape.har", R"({"log":{"entries":[{"request":{"url":"a\qb"}}]}})", "invalid string escape"},
      {"deepentry.har", "{\"log\":{\"entries\":[{\"request\":" + std::string(5000, '[') + std::string(5000, ']') + "}]}}",
       "request: expected an object"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    std::size_t count = 0;
    std::string error = readAll(writeScratch(c.name, c.bytes), count);
    CHECK_THAT(error, Catch::Contains(c.expected));
    CHECK_THAT(error, Catch::Contains("entry 1"));
  }
}

TEST_CASE("deep nesting outside the modeled fields is carried, not recursed into") {
  std::string deep = "{\"_x\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  std::string har = "{\"pages\":" + std::string(100000, '[') + std::string(100000, ']') + ",\"log\":{\"entries\":[" + deep + "]}}";
  std::size_t count = 0;
  std::string error = readAll(writeScratch("deep.har", har), count);
  // Either accepted as an opaque extension or refused as too deep: never a crash.
  if (error.empty()) CHECK(count == 1);
  else CHECK_THAT(error, Catch::Contains("entry 1"));
}

TEST_CASE("a million tiny entries stream through") {
  std::string har = "{\"log\":{\"version\":\"1.2\",\"entries\":[{}";
  har.reserve(3000100);
  for (int i = 1; i < 1000000; ++i) har += ",{}";
  har += "]}}";
  std::size_t count = 0;
  REQUIRE(readAll(writeScratch("tiny-entries.har", har), count) == "");
  CHECK(count == 1000000);
}

TEST_CASE("escaped NUL characters in strings are data, not terminators") {
  std::size_t count = 0;
  std::string url;
  REQUIRE(readAll(writeScratch("nul-escaped.har", R"({"log":{"entries":[{"request":{"url":"a\u0000b"}}]}})"), count,
                  [&](Entry& e) { url = e.request.url.value; }) == "");
  CHECK(url == std::string("a\0b", 3));
}
