// sanitize-trace -j N sanitizes files in parallel; the outputs, the report, the leak lines of
// --check and the messages must be what a serial run gives, in input order.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "SazTestSupport.h"
#include "TestUtil.h"

namespace fs = std::filesystem;

namespace {

std::string tool() { return (fs::path(TRACESAN_BINARY_DIR) / "tools" / "sanitize-trace").string(); }

using testutil::RunResult;

RunResult run(const std::string& args, const std::string& tag) {
  return testutil::runTool(tool(), args, "psan-" + tag);
}

std::vector<std::string> inputs() {
  std::vector<std::string> files = testutil::sampleHars();
  files.insert(files.begin() + 1, saztest::fixture("signin"));
  return files;
}

std::string quoted(const std::vector<std::string>& files) {
  std::string args;
  for (const auto& f : files) args += " '" + f + "'";
  return args;
}

// A fresh output directory.
std::string outDir(const std::string& name) {
  auto dir = testutil::scratchDir() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

// The run's messages with its own output directory name taken out.
std::string withoutDir(std::string text, const std::string& dir) {
  for (std::size_t at = text.find(dir); at != std::string::npos; at = text.find(dir, at)) text.replace(at, dir.size(), "OUT");
  return text;
}

}  // namespace

TEST_CASE("sanitize-trace -j 4 writes the same files, report and messages as -j 1") {
  REQUIRE(fs::exists(tool()));
  auto files = inputs();
  std::string serialDir = outDir("psan-serial"), parallelDir = outDir("psan-parallel");
  std::string common = " --key 0123456789abcdef" + quoted(files);
  RunResult serial = run("-j 1 -o '" + serialDir + "' --report '" + serialDir + "/report.json'" + common, "serial");
  RunResult parallel = run("-j 4 -o '" + parallelDir + "' --report '" + parallelDir + "/report.json'" + common, "parallel");
  REQUIRE(serial.exitCode == 0);
  CHECK(parallel.exitCode == 0);
  CHECK(withoutDir(parallel.err, parallelDir) == withoutDir(serial.err, serialDir));
  std::size_t compared = 0;
  for (const auto& entry : fs::directory_iterator(serialDir)) {
    std::string name = entry.path().filename().string();
    INFO(name);
    std::string a = testutil::readFile(entry.path().string());
    std::string b = testutil::readFile((fs::path(parallelDir) / name).string());
    if (name == "report.json") {
      a = withoutDir(a, serialDir);
      b = withoutDir(b, parallelDir);
      CHECK(a.find("\"redactions\"") != std::string::npos);
    }
    CHECK(b == a);
    ++compared;
  }
  CHECK(compared == files.size() + 1);
}

TEST_CASE("sanitize-trace --check -j 3 prints the same leaks in input order as -j 1") {
  REQUIRE(fs::exists(tool()));
  std::string args = " --check" + quoted(inputs());
  RunResult serial = run("-j 1" + args, "check-serial");
  RunResult parallel = run("-j 3" + args, "check-parallel");
  CHECK(serial.exitCode == 1);
  CHECK(serial.out.find("signin-aadsts50125.har: entry") != std::string::npos);
  CHECK(parallel.exitCode == serial.exitCode);
  CHECK(parallel.out == serial.out);
  CHECK(parallel.err == serial.err);
}

TEST_CASE("sanitize-trace -j 4 stops at an unreadable file like a serial run") {
  REQUIRE(fs::exists(tool()));
  auto files = inputs();
  files.insert(files.begin() + 2, (testutil::scratchDir() / "no-such-trace.har").string());
  std::string common = " --key 0123456789abcdef" + quoted(files);
  RunResult serial = run("-j 1 -o '" + outDir("psan-fail-serial") + "'" + common, "fail-serial");
  RunResult parallel = run("-j 4 -o '" + outDir("psan-fail-parallel") + "'" + common, "fail-parallel");
  CHECK(serial.exitCode == 2);
  CHECK(serial.err.find("no-such-trace.har") != std::string::npos);
  CHECK(parallel.exitCode == serial.exitCode);
  CHECK(withoutDir(parallel.err, testutil::scratchDir() / "psan-fail-parallel") ==
        withoutDir(serial.err, testutil::scratchDir() / "psan-fail-serial"));
}

namespace {

// A HAR with leaks in the log header (a page title), in most of its 300 entries, and after the
// entries (the log comment), so that a check has to interleave them exactly.
std::string manyEntryHar() {
  std::string har = R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},)"
                    R"("pages":[{"startedDateTime":"2026-01-01T00:00:00.000Z","id":"p","title":)"
                    R"("https://app.example/cb?code=0.AVYApageTitleCode1234567890","pageTimings":{}}],"entries":[)";
  for (int i = 0; i < 300; ++i) {
    if (i > 0) har += ",";
    std::string n = std::to_string(i);
    std::string query = i % 3 == 0 ? "?access_token=tok" + n + "abcdefghijklmnop" : "?page=" + n;
    std::string cookie = i % 5 == 0 ? R"({"name":"ESTSAUTH","value":"cookie)" + n + R"(zyxwvutsrqpon"})" : "";
    har += R"({"startedDateTime":"2026-01-01T00:00:00.000Z","time":1,"request":{"method":"GET","url":)"
           R"("https://app.example/)" + n + query + R"(","httpVersion":"HTTP/1.1","cookies":[)" + cookie +
           R"(],"headers":[],"queryString":[],"headersSize":-1,"bodySize":0},"response":{"status":200,)"
           R"("statusText":"OK","httpVersion":"HTTP/1.1","cookies":[],"headers":[],"content":{"size":0,)"
           R"("mimeType":"text/plain"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},)"
           R"("timings":{"send":0,"wait":0,"receive":0}})";
  }
  har += R"(],"comment":"https://app.example/cb?id_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlc2lnbmF0dXJl"}})";
  return har;
}

}  // namespace

TEST_CASE("sanitize-trace --check of one file on several threads prints the same leaks, in place") {
  REQUIRE(fs::exists(tool()));
  std::string input = testutil::writeScratch("psan-many.har", manyEntryHar());
  std::string dir = outDir("psan-check-one");
  RunResult serial = run("-j 1 --check --report '" + dir + "/serial.json' '" + input + "'", "check-one-serial");
  RunResult parallel = run("-j 3 --check --report '" + dir + "/parallel.json' '" + input + "'", "check-one-parallel");
  CHECK(serial.exitCode == 1);
  // Leaks before, among and after the entries (page title, entries 1 to 300, the log comment).
  std::size_t title = serial.out.find(".har: log");
  std::size_t first = serial.out.find(": entry 1: ");
  std::size_t last = serial.out.find(": entry 298: ");
  std::size_t comment = serial.out.rfind(".har: log");
  REQUIRE(title != std::string::npos);
  REQUIRE(first != std::string::npos);
  REQUIRE(last != std::string::npos);
  CHECK(title < first);
  CHECK(comment > last);
  CHECK(parallel.exitCode == serial.exitCode);
  CHECK(parallel.out == serial.out);
  CHECK(parallel.err == serial.err);
  CHECK(testutil::readFile(dir + "/parallel.json") == testutil::readFile(dir + "/serial.json"));
}

TEST_CASE("sanitize-trace of one HAR on several threads writes the same bytes, report and messages") {
  REQUIRE(fs::exists(tool()));
  std::vector<std::string> files = testutil::sampleHars();
  files.push_back(testutil::writeScratch("psan-many-entries.har", manyEntryHar()));
  for (const auto& input : files) {
    INFO(input);
    std::string dir = outDir("psan-one-file");
    std::string common = " --key 0123456789abcdef --redact-pii '" + input + "'";
    RunResult serial = run("-j 1 -o '" + dir + "/serial.har' --report '" + dir + "/serial.json'" + common, "one-serial");
    RunResult parallel =
        run("-j 3 -o '" + dir + "/parallel.har' --report '" + dir + "/parallel.json'" + common, "one-parallel");
    REQUIRE(serial.exitCode == 0);
    CHECK(parallel.exitCode == 0);
    std::string a = testutil::readFile(dir + "/serial.har");
    CHECK(!a.empty());
    CHECK(testutil::readFile(dir + "/parallel.har") == a);
    CHECK(withoutDir(testutil::readFile(dir + "/parallel.json"), dir + "/parallel.har") ==
          withoutDir(testutil::readFile(dir + "/serial.json"), dir + "/serial.har"));
    CHECK(withoutDir(parallel.err, dir + "/parallel.har") == withoutDir(serial.err, dir + "/serial.har"));
  }
}

TEST_CASE("a HAR that breaks off fails the same way on several threads, leaving no output") {
  REQUIRE(fs::exists(tool()));
  std::string har = manyEntryHar();
  std::string input = testutil::writeScratch("psan-broken.har", har.substr(0, har.size() * 2 / 3));
  std::string dir = outDir("psan-broken");
  RunResult serial = run("-j 1 -o '" + dir + "/out.har' '" + input + "'", "broken-serial");
  RunResult parallel = run("-j 3 -o '" + dir + "/out.har' '" + input + "'", "broken-parallel");
  CHECK(serial.exitCode == 2);
  CHECK(parallel.exitCode == 2);
  CHECK(parallel.err == serial.err);
  CHECK(fs::is_empty(dir));
}

TEST_CASE("conversions on several threads write the same bytes as on one") {
  REQUIRE(fs::exists(tool()));
  struct Case {
    std::string input, extension;
  };
  std::vector<Case> cases = {{saztest::fixture("signin"), "har"},
                             {saztest::fixture("websocket"), "har"},
                             {testutil::sampleHars().front(), "saz"},
                             {testutil::writeScratch("psan-convert.har", manyEntryHar()), "saz"}};
  for (const auto& c : cases) {
    INFO(c.input << " -> " << c.extension);
    std::string dir = outDir("psan-convert");
    std::string common = " --key 0123456789abcdef '" + c.input + "'";
    RunResult serial = run("-j 1 -o '" + dir + "/serial." + c.extension + "'" + common, "convert-serial");
    RunResult parallel = run("-j 3 -o '" + dir + "/parallel." + c.extension + "'" + common, "convert-parallel");
    REQUIRE(serial.exitCode == 0);
    CHECK(parallel.exitCode == 0);
    std::string a = testutil::readFile(dir + "/serial." + c.extension);
    CHECK(a.size() > 100);
    CHECK(testutil::readFile(dir + "/parallel." + c.extension) == a);
  }
}

// Every format written as itself goes through the same piece stream on any number of threads:
// SAZ into SAZ (members copied as stored from the entries' archive) and NetLog into NetLog (event
// lines patched by offset) too, which once ran on the reading thread only.
TEST_CASE("SAZ and NetLog written as themselves on several threads give the same bytes and report as on one") {
  REQUIRE(fs::exists(tool()));
  struct Case {
    std::string input, extension;
  };
  std::vector<Case> cases = {{saztest::fixture("signin"), "saz"},
                             {saztest::fixture("websocket"), "saz"},
                             {(fs::path(TRACESAN_SAMPLES_DIR) / "netlog" / "signin-everything.json").string(), "json"},
                             {(fs::path(TRACESAN_SAMPLES_DIR) / "netlog" / "signin-default.json").string(), "json"}};
  for (const auto& c : cases) {
    INFO(c.input);
    std::string dir = outDir("psan-same-format");
    std::string common = " --key 0123456789abcdef '" + c.input + "'";
    RunResult serial = run("-j 1 -o '" + dir + "/serial." + c.extension + "' --report '" + dir + "/serial.report'" + common,
                           "same-serial");
    RunResult parallel = run("-j 3 -o '" + dir + "/parallel." + c.extension + "' --report '" + dir + "/parallel.report'" +
                                 common,
                             "same-parallel");
    REQUIRE(serial.exitCode == 0);
    CHECK(parallel.exitCode == 0);
    std::string a = testutil::readFile(dir + "/serial." + c.extension);
    CHECK(a.size() > 100);
    CHECK(testutil::readFile(dir + "/parallel." + c.extension) == a);
    CHECK(withoutDir(testutil::readFile(dir + "/parallel.report"), dir + "/parallel." + c.extension) ==
          withoutDir(testutil::readFile(dir + "/serial.report"), dir + "/serial." + c.extension));
    // and the check of the output on several threads calls it clean
    RunResult checked = run("-j 3 --check '" + dir + "/parallel." + c.extension + "'", "same-check");
    CHECK(checked.exitCode == 0);
  }
}
