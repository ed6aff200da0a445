// The tools on batches of files, as a user runs them: distinct outputs or a refusal before anything
// is written, every input processed even when one fails (each failure reported, the worst exit
// code, the report still written), plain progress lines in logs, singular wording, one --version
// and TRACESAN_SAZ_PASSWORD for every tool.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "HostileCliSupport.h"
#include "TestUtil.h"

namespace fs = std::filesystem;
using clitest::run;

namespace {

const std::string kSample = std::string(TRACESAN_SAMPLES_DIR) + "/har/signin-aadsts50125.har";
const std::string kOther = std::string(TRACESAN_SAMPLES_DIR) + "/har/safari-export.har";

void writeFile(const fs::path& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

// Two inputs named x.har in different directories, and a file that is no trace.
fs::path batchDir(const std::string& name) {
  fs::path dir = clitest::workDir(name);
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b");
  fs::copy_file(kSample, dir / "a" / "x.har");
  fs::copy_file(kOther, dir / "b" / "x.har");
  writeFile(dir / "bad.har", "this is not a trace\n");
  return dir;
}

}  // namespace

TEST_CASE("two inputs with the same name into one directory are refused before anything is written") {
  fs::path dir = batchDir("batch-same-name");
  auto r = run("sanitize-trace", {(dir / "a/x.har").string(), (dir / "b/x.har").string(), "-o", (dir / "out/").string()}, dir);
  CHECK(r.exitCode == 2);
  CHECK_THAT(r.err, Catch::Contains("a/x.har") && Catch::Contains("b/x.har"));
  CHECK(clitest::lineCount(r.err) == 1);
  CHECK_FALSE(fs::exists(dir / "out"));
}

TEST_CASE("several inputs with -o naming a trace file is a usage error, not a new directory") {
  fs::path dir = batchDir("batch-o-file");
  auto r = run("sanitize-trace", {(dir / "a/x.har").string(), kOther, "-o", (dir / "clean.har").string()}, dir);
  CHECK(r.exitCode == 2);
  CHECK_THAT(r.err, Catch::Contains("clean.har") && Catch::Contains("directory"));
  CHECK_FALSE(fs::exists(dir / "clean.har"));
}

TEST_CASE("a bad input in a batch does not stop the others and the report is still written") {
  fs::path dir = batchDir("batch-bad-input");
  for (std::string jobs : {"1", "3"}) {
    fs::remove_all(dir / "out");
    fs::remove(dir / "report.json");
    auto r = run("sanitize-trace", {"-j", jobs, "--key", "k", (dir / "a/x.har").string(), (dir / "bad.har").string(),
                                    kOther, "-o", (dir / "out").string(), "--report", (dir / "report.json").string()},
                 dir);
    INFO("-j " << jobs << "\n" << r.err);
    CHECK(r.exitCode == 2);
    CHECK(fs::exists(dir / "out" / "x.har"));
    CHECK(fs::exists(dir / "out" / "safari-export.har"));
    CHECK_THAT(r.err, Catch::Contains("bad.har: byte offset 0"));
    // Messages in input order: the bad file's between the two good ones.
    auto first = r.err.find("x.har ->"), bad = r.err.find("bad.har:"), last = r.err.find("safari-export.har ->");
    CHECK((first < bad && bad < last && last != std::string::npos));
    auto report = nlohmann::json::parse(testutil::readFile((dir / "report.json").string()));
    CHECK(report["files"].size() == 2);
    CHECK(report["total"].get<std::size_t>() == report["redactions"].size());
  }
}

TEST_CASE("check on a batch with a bad input still checks every file and exits with the worst code") {
  fs::path dir = batchDir("batch-check");
  auto r = run("sanitize-trace", {"--check", (dir / "bad.har").string(), (dir / "a/x.har").string()}, dir);
  CHECK(r.exitCode == 2);
  CHECK_THAT(r.out, Catch::Contains("a/x.har: entry 4: request.body.form.passwd: password"));
  CHECK_THAT(r.err, Catch::Contains("bad.har") && Catch::Contains("secrets found"));
}

TEST_CASE("extract-errors reports every bad input and still prints the findings of the good ones") {
  fs::path dir = batchDir("batch-extract");
  auto r = run("extract-errors", {"--format", "json", (dir / "bad.har").string(), (dir / "a/x.har").string(),
                                  (dir / "bad.har").string()}, dir);
  CHECK(r.exitCode == 2);
  CHECK(clitest::lineCount(r.err) == 3);  // two errors and the summary
  auto findings = nlohmann::json::parse(r.out);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["code"] == 50125);
}

TEST_CASE("forced progress on a log file is plain lines without carriage returns or escapes") {
  fs::path dir = batchDir("batch-progress");
  auto r = run("sanitize-trace", {"--progress", (dir / "a/x.har").string(), "-o", (dir / "p.har").string()}, dir);
  CHECK(r.exitCode == 0);
  CHECK(r.err.find('\r') == std::string::npos);
  CHECK(r.err.find('\033') == std::string::npos);
}

TEST_CASE("summaries use the singular for one") {
  fs::path dir = clitest::workDir("batch-singular");
  std::string har = R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[{"startedDateTime":"2026-01-01T00:00:00Z","time":1,"request":{"method":"GET","url":"https://app.example/cb?code=0.AAAAfakefakefakefake","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},"response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":0,"mimeType":"text/plain"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":0,"receive":0}}]}})";
  writeFile(dir / "one.har", har);
  auto check = run("sanitize-trace", {"--check", (dir / "one.har").string()}, dir);
  CHECK(check.exitCode == 1);
  CHECK_THAT(check.err, Catch::Contains("1 secret found"));
  auto sanitize = run("sanitize-trace", {(dir / "one.har").string(), "-o", (dir / "out.har").string()}, dir);
  CHECK(sanitize.exitCode == 0);
  CHECK_THAT(sanitize.err, Catch::Contains("1 entry, 1 redaction\n"));
}

TEST_CASE("every tool prints the same version line format") {
  fs::path dir = clitest::workDir("batch-version");
  for (std::string tool : {"sanitize-trace", "extract-errors", "convert-trace"}) {
    auto r = run(tool, {"--version"}, dir);
    CHECK(r.exitCode == 0);
    CHECK_THAT(r.out, Catch::StartsWith(tool + " (tracesan) ") && Catch::EndsWith("\n"));
  }
}

TEST_CASE("every tool reads the SAZ password from TRACESAN_SAZ_PASSWORD") {
  fs::path dir = clitest::workDir("batch-password");
  std::string saz = std::string(TRACESAN_SAMPLES_DIR) + "/saz/encrypted.saz";
  REQUIRE(fs::exists(saz));
  std::vector<std::string> env = {"TRACESAN_SAZ_PASSWORD=P@ssw0rd-FAKE-saz"};
  CHECK(run("sanitize-trace", {"--check", saz}, dir, env).exitCode == 1);  // read, and secrets found
  CHECK(run("sanitize-trace", {saz, "-o", (dir / "clean.har").string()}, dir, env).exitCode == 0);
  CHECK(run("extract-errors", {"-q", saz}, dir, env).exitCode == 0);
  CHECK(run("convert-trace", {saz, "-o", (dir / "plain.har").string()}, dir, env).exitCode == 0);
  auto without = run("sanitize-trace", {"--check", saz}, dir);
  CHECK(without.exitCode == 2);
}
