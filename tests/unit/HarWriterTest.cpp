#include <catch2/catch.hpp>

#include <filesystem>

#include "TestUtil.h"
#include "tracesan/Trace.h"

using namespace tracesan;
using testutil::readFile;
using testutil::rewrite;
using testutil::writeScratch;

namespace {
const std::string kHar = R"({
  "log": {
    "version": "1.2",
    "creator": {"name": "WebInspector", "version": "537.36"},
    "entries": [
      {
        "startedDateTime": "2025-01-02T03:04:05.000Z", "time": 3,
        "request": {"method": "GET", "url": "https://app.example/cb?code=SECRET-CODE&state=s", "httpVersion": "HTTP/1.1",
          "headers": [{"name": "Authorization", "value": "Bearer eyJ0eXAi.x.y"}, {"name": "Accept", "value": "*/*"}],
          "cookies": [], "queryString": [{"name": "code", "value": "SECRET-CODE"}], "headersSize": 120, "bodySize": 0},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
          "content": {"size": 11, "mimeType": "text/plain", "text": "hello \"you\""}, "redirectURL": "", "headersSize": -1, "bodySize": 11},
        "cache": {}, "timings": {"send": 1, "wait": 1, "receive": 1}
      }
    ]
  }
}
)";
}  // namespace

TEST_CASE("writing a HAR with no edits reproduces the input byte for byte") {
  auto in = writeScratch("w-identity.har", kHar);
  auto out = (testutil::scratchDir() / "w-identity.out.har").string();
  REQUIRE(rewrite(in, out) == "");
  CHECK(readFile(out) == kHar);
}

TEST_CASE("writing with tiny read buffers still reproduces the input byte for byte") {
  auto in = writeScratch("w-tiny.har", kHar);
  auto out = (testutil::scratchDir() / "w-tiny.out.har").string();
  ReadOptions options;
  options.bufferSize = 16;
  REQUIRE(rewrite(in, out, {}, TraceFormat::Unknown, options) == "");
  CHECK(readFile(out) == kHar);
}

TEST_CASE("edited values are escaped and only their tokens change") {
  auto in = writeScratch("w-edit.har", kHar);
  auto out = (testutil::scratchDir() / "w-edit.out.har").string();
  REQUIRE(rewrite(in, out, [](Entry& e) {
            e.request.url.set("https://app.example/cb?code=REDACTED&state=s");
            e.request.queryString[0].value.set("REDACTED");
            e.response.body.text.set("line1\nline2 \"q\" \\ \x01");
          }) == "");
  std::string expected = kHar;
  auto replace = [&](const std::string& from, const std::string& to) {
    auto at = expected.find(from);
    REQUIRE(at != std::string::npos);
    expected.replace(at, from.size(), to);
  };
  replace("\"https://app.example/cb?code=SECRET-CODE&state=s\"", "\"https://app.example/cb?code=REDACTED&state=s\"");
  replace("{\"name\": \"code\", \"value\": \"SECRET-CODE\"}", "{\"name\": \"code\", \"value\": \"REDACTED\"}");
  replace(R"("text": "hello \"you\"")", R"("text": "line1\nline2 \"q\" \\ \u0001")");
  replace("\"size\": 11", "\"size\": 19");
  CHECK(readFile(out) == expected);
}

TEST_CASE("changing a header value fixes headersSize by the difference") {
  auto in = writeScratch("w-headers.har", kHar);
  auto out = (testutil::scratchDir() / "w-headers.out.har").string();
  REQUIRE(rewrite(in, out, [](Entry& e) { e.request.headers[0].value.set("Bearer X"); }) == "");
  std::string got = readFile(out);
  CHECK(got.find("\"headersSize\": 109") != std::string::npos);  // 120 - (19 - 8)
  CHECK(got.find("eyJ0eXAi") == std::string::npos);
}

TEST_CASE("invalid UTF-8 in an edited value still yields valid JSON") {
  auto in = writeScratch("w-utf8.har", kHar);
  auto out = (testutil::scratchDir() / "w-utf8.out.har").string();
  REQUIRE(rewrite(in, out, [](Entry& e) { e.response.body.text.set("ok \xff end"); }) == "");
  std::size_t count = 0;
  std::string body;
  REQUIRE(testutil::readAll(out, count, [&](Entry& e) { body = e.response.body.text.value; }) == "");
  CHECK(body == "ok \xef\xbf\xbd end");
}

TEST_CASE("a failed read leaves no output file behind") {
  auto in = writeScratch("w-broken.har", kHar.substr(0, kHar.size() / 2));
  auto out = (testutil::scratchDir() / "w-broken.out.har").string();
  std::filesystem::remove(out);
  CHECK_FALSE(rewrite(in, out).empty());
  CHECK_FALSE(std::filesystem::exists(out));
  for (auto& f : std::filesystem::directory_iterator(testutil::scratchDir()))
    CHECK(f.path().filename().string().find("w-broken.out.har.tmp") == std::string::npos);
}

TEST_CASE("the text around the entries comes whole, in Outside pieces, and edits of it are written") {
  const std::string har = R"({"log":{"version":"1.2","pages":[{"id":"p","title":"https://app.example/cb?code=PAGE-SECRET"}],"entries":[{"request":{"url":"https://a.example/"}},{"request":{"url":"https://b.example/"}}],"comment":"tail PAGE-SECRET"}})";
  auto in = writeScratch("w-outside.har", har);
  for (std::size_t buffer : {std::size_t(16), std::size_t(1) << 20}) {
    auto out = (testutil::scratchDir() / "w-outside.out.har").string();
    ReadOptions options;
    options.bufferSize = buffer;
    auto reader = openTrace(in, options);
    REQUIRE(reader);
    auto writer = createWriter(*reader.value(), out, TraceFormat::Har);
    REQUIRE(writer);
    std::vector<std::string> outside;
    std::vector<std::uint64_t> offsets;
    std::size_t entries = 0;
    for (;;) {
      auto piece = reader.value()->read();
      REQUIRE(piece);
      if (piece->kind == Piece::Kind::End) break;
      std::string edited;
      if (piece->kind == Piece::Kind::Outside) {
        outside.emplace_back(piece->bytes);
        offsets.push_back(piece->offset);
        edited.assign(piece->bytes);
        for (auto at = edited.find("PAGE-SECRET"); at != std::string::npos; at = edited.find("PAGE-SECRET"))
          edited.replace(at, 11, "X");
        piece->bytes = edited;
      } else {
        REQUIRE(piece->kind == Piece::Kind::Entry);
        ++entries;
      }
      REQUIRE(writer.value()->write(*piece));
    }
    REQUIRE(writer.value()->finish());
    INFO("buffer " << buffer);
    CHECK(entries == 2);
    // The head, the comma between the entries and the tail, each whole, at its input offset.
    REQUIRE(outside.size() == 3);
    CHECK(outside[0] == R"({"log":{"version":"1.2","pages":[{"id":"p","title":"https://app.example/cb?code=PAGE-SECRET"}],"entries":[)");
    CHECK(outside[1] == ",");
    CHECK(outside[2] == R"(],"comment":"tail PAGE-SECRET"}})");
    CHECK(offsets[0] == 0);
    CHECK(har.substr(offsets[1], 1) == ",");
    CHECK(har.substr(offsets[2]) == outside[2]);
    std::string expected = har;
    for (auto at = expected.find("PAGE-SECRET"); at != std::string::npos; at = expected.find("PAGE-SECRET"))
      expected.replace(at, 11, "X");
    CHECK(readFile(out) == expected);
  }
}
