// Hostile input through sanitize-trace, where the behaviour is the tool's: a trace that cannot be
// read stops the run with exit code 2, one stderr line naming the file and the entry or session,
// and no output file (nor temporary file) left behind; a single body that cannot be decoded is
// redacted whole, the run goes on, and the summary and the report say so.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "HostileCliSupport.h"
#include "SazTestSupport.h"

using namespace tracesan;

namespace {

const std::string kHar = R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[
{"request":{"method":"GET","url":"https://example.test/one","headers":[]},"response":{"status":200,"headers":[],"content":{"size":2,"mimeType":"text/plain","text":"ok"}}},
{"request":{"method":"POST","url":"https://login.microsoftonline.com/common/oauth2/token","headers":[]},"response":{"status":200,"headers":[],"content":{"size":20,"mimeType":"application/json","text":"{\"refresh_token\":\"0.AXYA-cli-FAKE-rt\"}"}}}
]}})";

const std::string kRequest = "GET https://example.test/a HTTP/1.1\r\nHost: example.test\r\n\r\n";

// Every text of every entry of a trace, joined (decompressed, unlike the raw file bytes).
std::string allTextOf(const std::string& path) {
  std::string all;
  std::size_t count = 0;
  std::string error = testutil::readAll(path, count, [&](Entry& e) { forEachText(e, [&](Text& t) { all += t.value + "\n"; }); });
  REQUIRE(error == "");
  return all;
}

void requireNoOutput(const std::filesystem::path& dir, const std::string& output) {
  CHECK_FALSE(std::filesystem::exists(dir / output));
  CHECK_FALSE(clitest::anyNameContains(dir, ".tmp-"));
  CHECK_FALSE(clitest::anyNameContains(dir, "spool"));
}

}  // namespace

TEST_CASE("sanitize-trace on a truncated har exits 2 with one line naming the file and entry and writes nothing") {
  auto dir = clitest::workDir("cli-truncated");
  std::string in = (dir / "cut.har").string();
  std::ofstream(in, std::ios::binary) << kHar.substr(0, kHar.size() - 60);
  auto r = clitest::run("sanitize-trace", {in, "-o", (dir / "out.har").string()}, dir);
  CHECK(r.exitCode == 2);
  CHECK(clitest::lineCount(r.err) == 1);
  CHECK_THAT(r.err, Catch::StartsWith("sanitize-trace: " + in + ": "));
  CHECK_THAT(r.err, Catch::Contains("entry 2"));
  CHECK(r.out.empty());
  requireNoOutput(dir, "out.har");
}

TEST_CASE("sanitize-trace on a har with a mistyped entry exits 2 and writes nothing, even after good entries") {
  auto dir = clitest::workDir("cli-mistyped");
  std::string bad = kHar;
  bad.replace(bad.find("\"url\":\"https://login"), 6, "\"url\":7,\"x\":");
  std::string in = (dir / "bad.har").string();
  std::ofstream(in, std::ios::binary) << bad;
  auto r = clitest::run("sanitize-trace", {in, "-o", (dir / "out.har").string()}, dir);
  CHECK(r.exitCode == 2);
  CHECK(clitest::lineCount(r.err) == 1);
  CHECK_THAT(r.err, Catch::Contains(in + ": entry 2"));
  requireNoOutput(dir, "out.har");
}

TEST_CASE("sanitize-trace on a saz with corrupt deflate data exits 2 naming the session and writes nothing") {
  auto dir = clitest::workDir("cli-corrupt-saz");
  std::string in = (dir / "corrupt.saz").string();
  REQUIRE(saztest::makeZip(in, {{"raw/1_c.txt", kRequest + std::string(5000, 'q')},
                                {"raw/1_s.txt", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"}}) == "");
  std::string zip = testutil::readFile(in);
  std::size_t header = zip.find(std::string("PK\x03\x04", 4));
  REQUIRE(header != std::string::npos);
  std::size_t data = header + 30 + (static_cast<unsigned char>(zip[header + 26]) | static_cast<unsigned char>(zip[header + 27]) << 8) +
                     (static_cast<unsigned char>(zip[header + 28]) | static_cast<unsigned char>(zip[header + 29]) << 8);
  for (std::size_t i = 2; i < 12; ++i) zip[data + i] = static_cast<char>(0xFF);
  std::ofstream(in, std::ios::binary | std::ios::trunc) << zip;

  auto r = clitest::run("sanitize-trace", {in, "-o", (dir / "out.saz").string()}, dir);
  CHECK(r.exitCode == 2);
  CHECK(clitest::lineCount(r.err) == 1);
  CHECK_THAT(r.err, Catch::StartsWith("sanitize-trace: " + in + ": session 1"));
  requireNoOutput(dir, "out.saz");
}

TEST_CASE("sanitize-trace refuses a zip bomb with exit 2 and writes nothing") {
  auto dir = clitest::workDir("cli-bomb");
  std::string in = (dir / "bomb.saz").string();
  REQUIRE(saztest::makeZip(in, {{"raw/1_c.txt", kRequest + std::string(64u << 20, '\0')}}) == "");
  auto r = clitest::run("sanitize-trace", {in, "-o", (dir / "out.saz").string()}, dir);
  CHECK(r.exitCode == 2);
  CHECK_THAT(r.err, Catch::Contains("bomb.saz: member \"raw/1_c.txt\""));
  requireNoOutput(dir, "out.saz");
}

TEST_CASE("sanitize-trace on a saz with a wrong password exits 2 and says so") {
  auto dir = clitest::workDir("cli-password");
  std::string in = (dir / "locked.saz").string();
  REQUIRE(saztest::makeZip(in, {{"raw/1_c.txt", kRequest}}, "P@ssw0rd-FAKE-right") == "");
  auto r = clitest::run("sanitize-trace", {in, "-o", (dir / "out.saz").string(), "--password", "P@ssw0rd-FAKE-wrong"}, dir);
  CHECK(r.exitCode == 2);
  CHECK_THAT(r.err, Catch::Contains("locked.saz: wrong password"));
  CHECK(r.err.find("P@ssw0rd-FAKE") == std::string::npos);
  requireNoOutput(dir, "out.saz");
}

TEST_CASE("a saz body whose chunked framing lies is redacted whole, the run goes on and reports it") {
  auto dir = clitest::workDir("cli-chunk-liar");
  std::string in = (dir / "liar.saz").string();
  std::string response =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      "1000\r\n{\"refresh_token\":\"0.AXYA-chunk-cli-FAKE\"}\r\n0\r\n\r\n";
  REQUIRE(saztest::makeZip(in, {{"raw/1_c.txt", kRequest},
                                {"raw/1_s.txt", response},
                                {"raw/2_c.txt", kRequest},
                                {"raw/2_s.txt", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"}}) == "");
  std::string out = (dir / "clean.saz").string(), report = (dir / "report.json").string();
  auto r = clitest::run("sanitize-trace", {in, "-o", out, "--report", report}, dir);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.err, Catch::Contains("2 entries"));
  CHECK_THAT(r.err, Catch::Contains("1 body redacted whole"));
  CHECK(allTextOf(out).find("0.AXYA-chunk-cli-FAKE") == std::string::npos);
  auto doc = nlohmann::json::parse(testutil::readFile(report));
  REQUIRE(doc["failClosedBodies"].size() == 1);
  CHECK(doc["failClosedBodies"][0].dump().find("response.body") != std::string::npos);
}

TEST_CASE("a har body that claims base64 but is not is redacted whole and the run goes on") {
  auto dir = clitest::workDir("cli-bad-base64");
  std::string har = kHar;
  har.replace(har.find("\"text\":\"ok\""), 11, R"("text":"!!client_secret=FAKE-b64-cli-secret","encoding":"base64")");
  std::string in = (dir / "b64.har").string();
  std::ofstream(in, std::ios::binary) << har;
  std::string out = (dir / "clean.har").string();
  auto r = clitest::run("sanitize-trace", {in, "-o", out}, dir);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.err, Catch::Contains("1 body redacted whole"));
  std::string cleaned = testutil::readFile(out);
  CHECK(cleaned.find("FAKE-b64-cli-secret") == std::string::npos);
  CHECK(cleaned.find("0.AXYA-cli-FAKE-rt") == std::string::npos);
  CHECK(allTextOf(out).find("FAKE-b64-cli-secret") == std::string::npos);
}

TEST_CASE("sanitize-trace on an empty file or plain text exits 2 naming the file") {
  auto dir = clitest::workDir("cli-not-a-trace");
  for (const std::string name : {"empty.har", "text.har"}) {
    std::string in = (dir / name).string();
    std::ofstream(in, std::ios::binary) << (name == "empty.har" ? "" : "hello, not a trace\n");
    auto r = clitest::run("sanitize-trace", {in, "-o", (dir / "out.har").string()}, dir);
    INFO(name);
    CHECK(r.exitCode == 2);
    CHECK(clitest::lineCount(r.err) == 1);
    CHECK_THAT(r.err, Catch::StartsWith("sanitize-trace: " + in + ": "));
    requireNoOutput(dir, "out.har");
  }
}
