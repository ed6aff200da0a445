// extract-errors -j N searches files in parallel; its output must be what a serial run prints:
// the same findings in input order, the same messages, the same exit code.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "SazTestSupport.h"
#include "TestUtil.h"

namespace fs = std::filesystem;

namespace {

std::string tool() { return (fs::path(TRACESAN_BINARY_DIR) / "tools" / "extract-errors").string(); }

using testutil::RunResult;

RunResult run(const std::string& args, const std::string& tag) {
  return testutil::runTool(tool(), args, "parallel-" + tag);
}

std::string inputs(bool withMissing) {
  std::vector<std::string> files = testutil::sampleHars();
  files.insert(files.begin() + 2, saztest::fixture("signin"));
  if (withMissing) files.insert(files.begin() + 1, (testutil::scratchDir() / "no-such-trace.har").string());
  std::string args;
  for (const auto& f : files) args += " '" + f + "'";
  return args;
}

}  // namespace

TEST_CASE("extract-errors -j 4 prints the same findings as -j 1, in input order") {
  REQUIRE(fs::exists(tool()));
  for (const char* format : {"json", "csv", "text"}) {
    INFO(format);
    std::string args = std::string("--all --context 1 --format ") + format + inputs(false);
    RunResult serial = run("-j 1 " + args, std::string("serial-") + format);
    RunResult parallel = run("-j 4 " + args, std::string("parallel-") + format);
    CHECK(serial.exitCode == 0);
    CHECK(serial.out.find("50125") != std::string::npos);
    CHECK(parallel.exitCode == serial.exitCode);
    CHECK(parallel.out == serial.out);
    CHECK(parallel.err == serial.err);
  }
}

TEST_CASE("extract-errors -j 4 reports an unreadable file like a serial run does") {
  REQUIRE(fs::exists(tool()));
  std::string args = "--format json" + inputs(true);
  RunResult serial = run("-j 1 " + args, "serial-missing");
  RunResult parallel = run("-j 3 " + args, "parallel-missing");
  CHECK(serial.exitCode == 2);
  CHECK(serial.err.find("no-such-trace.har") != std::string::npos);
  CHECK(parallel.exitCode == serial.exitCode);
  CHECK(parallel.out == serial.out);
  CHECK(parallel.err == serial.err);
}
