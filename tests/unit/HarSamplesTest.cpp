#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "TestUtil.h"
#include "support/EntryVisitor.h"
#include "text/TextCodec.h"
#include "tracesan/Trace.h"

using namespace tracesan;
using testutil::sampleHars;
namespace fs = std::filesystem;

TEST_CASE("every sample HAR round-trips byte for byte with no edits") {
  auto files = sampleHars();
  REQUIRE(files.size() >= 3);
  for (const auto& in : files) {
    INFO(in);
    for (std::size_t buffer : {std::size_t(1) << 20, std::size_t(16), std::size_t(997)}) {
      ReadOptions options;
      options.bufferSize = buffer;
      auto out = (testutil::scratchDir() / ("rt-" + fs::path(in).filename().string())).string();
      REQUIRE(testutil::rewrite(in, out, {}, TraceFormat::Unknown, options) == "");
      CHECK(testutil::readFile(out) == testutil::readFile(in));
    }
  }
}

TEST_CASE("every sample HAR has entries with a method and a URL") {
  for (const auto& in : sampleHars()) {
    INFO(in);
    std::size_t count = 0;
    REQUIRE(testutil::readAll(in, count, [](Entry& e) {
              CHECK_FALSE(e.request.method.value.empty());
              CHECK(e.request.url.value.find("://") != std::string::npos);
            }) == "");
    CHECK(count > 0);
  }
}

TEST_CASE("a HAR rewritten with every string edited still validates as HAR 1.2") {
  if (std::system("command -v node >/dev/null 2>&1") != 0) {
    WARN("node is not installed: skipping the independent HAR validation");
    return;
  }
  std::string outputs;
  for (const auto& in : sampleHars()) {
    auto out = (testutil::scratchDir() / ("edited-" + fs::path(in).filename().string())).string();
    REQUIRE(testutil::rewrite(in, out, [](Entry& e) {
              // URL and IP address have formats of their own in the schema; every other string takes
              // any text; a custom field holds raw JSON, so it becomes a JSON string.
              struct Editor : EntryVisitor {
                void text(Text& t, const TextPlace& place) override {
                  if (place.part == TextPart::Url || place.part == TextPart::ServerAddress || !t.present) return;
                  t.set(edited(t));
                }
                void extension(Extension& x, const TextPlace&) override {
                  if (x.json.present) x.json.set("\"" + text::jsonEscape(edited(x.json)) + "\"");
                }
                static std::string edited(const Text& t) {
                  return "edited \"quoted\" \\ \n\t\x01 \xc3\xa9 " + std::to_string(t.value.size());
                }
              } editor;
              visitEntry(e, editor);
              e.request.url.set(e.request.url.value + (e.request.url.value.find('?') == std::string::npos ? "?" : "&") + "edited=%22x%22");
            }) == "");
    outputs += " '" + out + "'";
  }
  std::string validator = std::string(TRACESAN_TEST_DATA_DIR) + "/tools/validate-har.js";
  int rc = std::system(("NODE_PATH=/usr/share/nodejs node '" + validator + "'" + outputs).c_str());
  CHECK(rc == 0);
}
