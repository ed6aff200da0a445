// Inputs that are not traces are refused with exit 2 and one clear line (issue 17): a zip that
// holds no Fiddler sessions, JSON that is not a HAR, plain text. Reading them as empty traces
// would let --check call a zipped password file clean.
#include <catch2/catch.hpp>

#include "HostileCliSupport.h"
#include "SazTestSupport.h"
#include "TestUtil.h"
#include "tracesan/Trace.h"

using namespace tracesan;

namespace {

const std::string kNotes = "Authorization: Bearer FAKE-bearer-0123456789abcdef\npassword=FAKE-hunter2-0123\n";

std::string zippedNotes() {
  std::string path = saztest::scratch("nontrace-notes.zip");
  REQUIRE(saztest::makeZip(path, {{"notes.txt", kNotes}}) == "");
  return path;
}

void requireRefused(const std::string& path, const std::string& message) {
  auto reader = openTrace(path);
  std::string error;
  if (reader) {
    // HAR is streamed: a JSON document that is not a HAR is found out while reading.
    for (;;) {
      auto next = reader.value()->next();
      if (!next) {
        error = next.error().message();
        CHECK(next.error().exitCode() == 2);
        break;
      }
      const bool endedWithoutError = *next == nullptr;
      REQUIRE_FALSE(endedWithoutError);
    }
  } else {
    error = reader.error().message();
    CHECK(reader.error().exitCode() == 2);
  }
  CHECK_THAT(error, Catch::Contains(message));
  CHECK(error.find("FAKE") == std::string::npos);
  for (const std::string tool : {"sanitize-trace", "convert-trace"}) {
    auto dir = clitest::workDir("nontrace-" + tool);
    auto run = testutil::runTool(clitest::toolPath(tool), "'" + path + "' -o '" + (dir / "out.har").string() + "'",
                                 "NonTraceInputTest-" + tool);
    CHECK(run.exitCode == 2);
    CHECK_THAT(run.err, Catch::Contains(message));
    CHECK(clitest::filesIn(dir).empty());  // nothing written, not even an empty trace
  }
  auto check = testutil::runTool(clitest::toolPath("sanitize-trace"), "--check '" + path + "'", "NonTraceInputTest-check");
  CHECK(check.exitCode == 2);
}

}  // namespace

TEST_CASE("a zip that holds no Fiddler sessions is not read as an empty SAZ") {
  requireRefused(zippedNotes(), "not a SAZ trace: the zip archive holds no Fiddler sessions");
}

TEST_CASE("a JSON document that is not a HAR is refused") {
  requireRefused(testutil::writeScratch("nontrace-config.json", R"({"name":"app","settings":{"password":"FAKE-pw-1"}})"),
                 "not a HAR file");
}

TEST_CASE("a JSON array is refused") {
  requireRefused(testutil::writeScratch("nontrace-array.json", R"([{"password":"FAKE-pw-2"}])"), "not a HAR");
}

TEST_CASE("plain text is refused") {
  requireRefused(testutil::writeScratch("nontrace-notes.txt", kNotes), "not a HAR (JSON) or SAZ (zip) trace");
}

TEST_CASE("a SAZ with only its scaffolding is still an empty trace") {
  std::string path = saztest::scratch("nontrace-scaffolding.saz");
  REQUIRE(saztest::makeZip(path, {{"[Content_Types].xml", "<Types/>"}, {"_index.htm", "<html></html>"}}) == "");
  auto reader = openTrace(path);
  REQUIRE(reader);
  auto next = reader.value()->next();
  REQUIRE(next);
  CHECK(*next == nullptr);
}
