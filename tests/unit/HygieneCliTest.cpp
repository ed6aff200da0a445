// Secret-handling hygiene of the tools: planted (fake) secrets never appear in any output stream
// of sanitize-trace (stdout, stderr, the output, --report, --check) or extract-errors (text, json,
// csv), including when the trace is malformed; outputs are never more readable than their input;
// temporary files stay in the output's directory and are gone after a failure or a SIGINT.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <thread>

#include "HostileCliSupport.h"
#include "SazTestSupport.h"

using namespace tracesan;

namespace {

const std::string kJwt =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhcGk6Ly9oeWdpZW5lIiwidXBuIjoiZmFrZUBleGFtcGxlLnRlc3QifQ."
    "aHlnaWVuZS1zaWduYXR1cmUtRkFLRQ";
const std::string kPassword = "P@ssw0rd-FAKE-1";
const std::string kRefresh = "0.AXYA-hygiene-refresh-FAKE-token";
const std::string kCookie = "FAKE-ests-hygiene-cookie-value";
const std::string kClientSecret = "FAKE~client~secret~hygiene";

// Every secret in every form it is planted in.
const std::vector<std::string> kSecrets = {kJwt, kJwt.substr(kJwt.rfind('.') + 1), kPassword, "P%40ssw0rd-FAKE-1",
                                           kRefresh, kCookie, kClientSecret};

std::string plantedHar() {
  return R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[
{"startedDateTime":"2026-01-01T00:00:00.000Z","time":1,
 "request":{"method":"POST","url":"https://login.microsoftonline.com/common/oauth2/v2.0/token?client_secret=)" + kClientSecret + R"(","httpVersion":"HTTP/1.1",
  "headers":[{"name":"Authorization","value":"Bearer )" + kJwt + R"("},{"name":"Cookie","value":"ESTSAUTH=)" + kCookie + R"("},
   {"name":"Content-Type","value":"application/x-www-form-urlencoded"}],
  "cookies":[{"name":"ESTSAUTH","value":")" + kCookie + R"("}],"queryString":[{"name":"client_secret","value":")" + kClientSecret + R"("}],
  "postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=password&username=u&password=P%40ssw0rd-FAKE-1",
   "params":[{"name":"password","value":")" + kPassword + R"("}]},"headersSize":-1,"bodySize":60},
 "response":{"status":400,"statusText":"Bad Request","httpVersion":"HTTP/1.1","headers":[{"name":"Content-Type","value":"application/json"}],"cookies":[],
  "content":{"size":10,"mimeType":"application/json","text":"{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70008: The provided authorization code or refresh token has expired. Trace ID: 0c1e8a5b-0000-4000-8000-000000000001 Correlation ID: 0c1e8a5b-0000-4000-8000-000000000002 Timestamp: 2026-01-01 00:00:00Z\",\"error_codes\":[70008],\"refresh_token\":\")" + kRefresh + R"(\",\"id_token\":\")" + kJwt + R"(\"}"},
  "redirectURL":"","headersSize":-1,"bodySize":-1},
 "cache":{},"timings":{"send":0,"wait":1,"receive":0}}
]}})";
}

void requireNoSecret(const std::string& stream, const std::string& what) {
  for (const auto& s : kSecrets) {
    INFO(what << " must not contain " << s);
    CHECK(stream.find(s) == std::string::npos);
  }
}

std::string writeInput(const std::filesystem::path& dir, const std::string& name, const std::string& bytes,
                       unsigned mode = 0600) {
  std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  std::filesystem::permissions(path, static_cast<std::filesystem::perms>(mode));
  return path;
}

// A SAZ whose request member has a control character in its Cookie header line after a secret
// (short enough to fit in a quoted excerpt): the HTTP parser refuses the line, and its message
// must not quote the secret.
std::string malformedSaz(const std::filesystem::path& dir) {
  std::string path = (dir / "malformed.saz").string();
  std::string request = "POST https://login.microsoftonline.com/common/login?client_secret=" + kClientSecret +
                        " HTTP/1.1\r\nHost: login.microsoftonline.com\r\nCookie: x=" + kCookie + "\x01\r\n\r\n";
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", request}, {"raw/1_s.txt", "HTTP/1.1 200 OK\r\n\r\n"}}) == "");
  return path;
}

// A SAZ whose request line has a control character after a secret in the URL.
std::string malformedRequestLineSaz(const std::filesystem::path& dir) {
  std::string path = (dir / "badline.saz").string();
  std::string request = "GET /?s=" + kClientSecret + "\x02 HTTP/1.1\r\nHost: app.example\r\n\r\n";
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", request}}) == "");
  return path;
}

}  // namespace

TEST_CASE("no planted secret appears in any stream or file sanitize-trace writes") {
  auto dir = clitest::workDir("hygiene-sanitize");
  std::string in = writeInput(dir, "planted.har", plantedHar());
  std::string out = (dir / "clean.har").string(), report = (dir / "report.json").string();
  auto r = clitest::run("sanitize-trace", {in, "-o", out, "--report", report}, dir);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  requireNoSecret(r.out, "stdout");
  requireNoSecret(r.err, "stderr");
  requireNoSecret(testutil::readFile(out), "output");
  requireNoSecret(testutil::readFile(report), "report");
  CHECK(testutil::readFile(report).find("refresh_token") != std::string::npos);  // the report has content

  // The same through a SAZ output, read back decompressed.
  std::string saz = (dir / "clean.saz").string();
  auto s = clitest::run("sanitize-trace", {in, "-o", saz}, dir);
  REQUIRE(s.exitCode == 0);
  std::string all;
  std::size_t count = 0;
  REQUIRE(testutil::readAll(saz, count, [&](Entry& e) { forEachText(e, [&](Text& t) { all += t.value + "\n"; }); }) == "");
  requireNoSecret(all, "saz output");
}

TEST_CASE("sanitize-trace --check names where secrets are but never prints them") {
  auto dir = clitest::workDir("hygiene-check");
  std::string in = writeInput(dir, "planted.har", plantedHar());
  std::string report = (dir / "check.json").string();
  auto r = clitest::run("sanitize-trace", {"--check", in, "--report", report}, dir);
  REQUIRE(r.exitCode == 1);
  CHECK_THAT(r.out, Catch::Contains("entry 1: request.header.Authorization"));
  requireNoSecret(r.out, "--check stdout");
  requireNoSecret(r.err, "--check stderr");
  requireNoSecret(testutil::readFile(report), "--check report");
}

TEST_CASE("extract-errors shows the finding but no planted secret in text, json and csv") {
  auto dir = clitest::workDir("hygiene-extract");
  std::string in = writeInput(dir, "planted.har", plantedHar());
  for (const std::string format : {"text", "json", "csv"}) {
    auto r = clitest::run("extract-errors", {"--format", format, in}, dir);
    INFO(format << ": " << r.err);
    CHECK(r.exitCode == 0);
    CHECK_THAT(r.out, Catch::Contains("70008"));
    requireNoSecret(r.out, format + " stdout");
    requireNoSecret(r.err, format + " stderr");
  }
}

TEST_CASE("errors on malformed traces never quote a planted secret") {
  auto dir = clitest::workDir("hygiene-malformed");
  std::string har = plantedHar();
  std::vector<std::string> inputs = {
      writeInput(dir, "truncated.har", har.substr(0, har.find(kRefresh) + kRefresh.size() + 3)),
      writeInput(dir, "control.har", std::string(har).replace(har.find(kCookie) + 4, 0, "\x01")),
      writeInput(dir, "badescape.har", std::string(har).replace(har.find(kPassword) + 2, 0, "\\q")),
      malformedSaz(dir),
      malformedRequestLineSaz(dir),
  };
  for (const auto& in : inputs) {
    INFO(in);
    auto s = clitest::run("sanitize-trace", {in, "-o", (dir / "out").string()}, dir);
    CHECK(s.exitCode == 2);
    CHECK_THAT(s.err, Catch::Contains(in));
    requireNoSecret(s.out + s.err, "sanitize-trace");
    CHECK_FALSE(std::filesystem::exists(dir / "out"));
    auto c = clitest::run("sanitize-trace", {"--check", in}, dir);
    CHECK(c.exitCode != 0);
    requireNoSecret(c.out + c.err, "sanitize-trace --check");
    for (const std::string format : {"text", "json", "csv"}) {
      auto e = clitest::run("extract-errors", {"--format", format, in}, dir);
      CHECK(e.exitCode == 2);
      requireNoSecret(e.out + e.err, "extract-errors " + format);
    }
  }
  CHECK_FALSE(clitest::anyNameContains(dir, ".tmp-"));
}

TEST_CASE("a har output copies the permission bits of its input") {
  auto dir = clitest::workDir("hygiene-perms-har");
  for (unsigned mode : {0600u, 0640u, 0644u}) {
    std::string in = writeInput(dir, "in.har", plantedHar(), mode);
    std::string out = (dir / "out.har").string();
    std::filesystem::remove(out);
    auto r = clitest::run("sanitize-trace", {in, "-o", out}, dir);
    REQUIRE(r.exitCode == 0);
    INFO("input mode " << std::oct << mode);
    CHECK(clitest::modeOf(out) == mode);
  }
}

TEST_CASE("a saz output written by libzip is never more readable than its input") {
  auto dir = clitest::workDir("hygiene-perms-saz");
  for (unsigned mode : {0600u, 0640u}) {
    std::string in = writeInput(dir, "in.har", plantedHar(), mode);
    for (const std::string name : {"out.saz", "again.saz"}) {
      std::string out = (dir / name).string();
      auto r = clitest::run("sanitize-trace", {in, "-o", out}, dir);
      REQUIRE(r.exitCode == 0);
      INFO("input mode " << std::oct << mode << ", output " << name);
      CHECK(clitest::modeOf(out) == mode);
    }
    // SAZ to SAZ (the patch writer) as well.
    std::string sazIn = (dir / "out.saz").string();
    std::string sazOut = (dir / "patched.saz").string();
    std::filesystem::remove(sazOut);
    auto p = clitest::run("sanitize-trace", {sazIn, "-o", sazOut}, dir);
    REQUIRE(p.exitCode == 0);
    CHECK(clitest::modeOf(sazOut) == mode);
    std::filesystem::remove(dir / "out.saz");
    std::filesystem::remove(dir / "again.saz");
  }
  CHECK_FALSE(clitest::anyNameContains(dir, "spool"));
  CHECK_FALSE(clitest::anyNameContains(dir, ".tmp-"));
}

TEST_CASE("the report file is private to its owner") {
  auto dir = clitest::workDir("hygiene-perms-report");
  std::string in = writeInput(dir, "in.har", plantedHar(), 0644);
  std::string report = (dir / "report.json").string();
  auto r = clitest::run("sanitize-trace", {in, "-o", (dir / "out.har").string(), "--report", report}, dir);
  REQUIRE(r.exitCode == 0);
  CHECK((clitest::modeOf(report) & 0077) == 0);
}

namespace {

// A large HAR (about `entries` x 1 KB) with a token in every entry, so sanitizing takes a while.
std::string largeHar(std::size_t entries) {
  std::string one = R"({"request":{"method":"GET","url":"https://example.test/?code=0.AXYA-big-FAKE","headers":[{"name":"Authorization","value":"Bearer )" +
                    kJwt + R"("}]},"response":{"status":200,"headers":[],"content":{"size":10,"mimeType":"text/plain","text":")" +
                    std::string(700, 'x') + R"("}}})";
  std::string har = R"({"log":{"version":"1.2","entries":[)";
  har.reserve(entries * (one.size() + 1) + 64);
  for (std::size_t i = 0; i < entries; ++i) {
    if (i) har += ',';
    har += one;
  }
  har += "]}}";
  return har;
}

// Starts sanitize-trace, waits until it has created something in `outDir`, sends SIGINT.
clitest::Run interruptWhileWriting(const std::vector<std::string>& args, const std::filesystem::path& outDir,
                                   const std::filesystem::path& captureDir) {
  pid_t pid = clitest::start("sanitize-trace", args, captureDir);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (clitest::filesIn(outDir).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // well into writing
  ::kill(pid, SIGINT);
  return clitest::finish(pid, captureDir);
}

}  // namespace

TEST_CASE("SIGINT while writing a har exits 130 and leaves no output and no temporary file") {
  auto dir = clitest::workDir("hygiene-sigint-har");
  auto outDir = dir / "out";
  std::filesystem::create_directories(outDir);
  std::string in = writeInput(dir, "big.har", largeHar(200000));  // ~200 MB
  auto r = interruptWhileWriting({in, "-o", (outDir / "clean.har").string(), "-q"}, outDir, dir);
  INFO(r.err);
  CHECK(r.exitCode == 130);
  CHECK(clitest::filesIn(outDir).empty());
}

TEST_CASE("SIGINT while writing a saz exits 130 and leaves no output, spool or temporary file") {
  auto dir = clitest::workDir("hygiene-sigint-saz");
  auto outDir = dir / "out";
  std::filesystem::create_directories(outDir);
  std::string in = writeInput(dir, "big.har", largeHar(100000));
  auto r = interruptWhileWriting({in, "-o", (outDir / "clean.saz").string(), "-q"}, outDir, dir);
  INFO(r.err);
  CHECK(r.exitCode == 130);
  CHECK(clitest::filesIn(outDir).empty());
}
