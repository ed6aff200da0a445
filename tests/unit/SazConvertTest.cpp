// Converting between SAZ and HAR: SAZ to HAR validates against the HAR 1.2 schema (with the
// independent node har-validator when node is installed), HAR to SAZ to HAR keeps requests and
// responses equivalent.
#include <catch2/catch.hpp>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <nlohmann/json.hpp>

#include "SazTestSupport.h"
#include "codec/Base64.h"
#include "convert/HarSerializer.h"
#include "saz/SazMetadata.h"
#include "text/TextCodec.h"
#include "tracesan/Io.h"

using namespace tracesan;
using Json = nlohmann::json;
using saztest::fixture;

namespace {

// Writes every entry of `input` as HAR with the serializer's writer.
std::string toHar(const std::string& input, const std::string& output, ReadOptions options = {}) {
  auto reader = openTrace(input, options);
  if (!reader) return reader.error().message();
  auto out = OutputFile::create(output);
  if (!out) return out.error().message();
  auto writer = convert::makeHarConvertWriter(std::move(out.value()));
  for (;;) {
    auto entry = reader.value()->next();
    if (!entry) return entry.error().message();
    if (*entry == nullptr) break;
    if (auto s = writer->write(**entry); !s) return s.error().message();
  }
  auto s = writer->finish();
  return s ? "" : s.error().message();
}

std::string toSaz(const std::string& input, const std::string& output, WriteOptions options = {}) {
  auto reader = openTrace(input);
  if (!reader) return reader.error().message();
  auto writer = createWriter(*reader.value(), output, TraceFormat::Saz, options);
  if (!writer) return writer.error().message();
  for (;;) {
    auto entry = reader.value()->next();
    if (!entry) return entry.error().message();
    if (*entry == nullptr) break;
    if (auto s = writer.value()->write(**entry); !s) return s.error().message();
  }
  auto s = writer.value()->finish();
  return s ? "" : s.error().message();
}

bool nodeAvailable() { return std::system("command -v node >/dev/null 2>&1") == 0; }

// Runs the independent validator; "" when valid or node is missing.
void requireValidHar(const std::string& path) {
  if (!nodeAvailable()) {
    WARN("node is not installed: HAR schema validation skipped");
    return;
  }
  std::string command = "NODE_PATH=/usr/share/nodejs node " + std::string(TRACESAN_TEST_DATA_DIR) +
                        "/tools/validate-har.js '" + path + "' > /dev/null 2>&1";
  INFO(path);
  REQUIRE(std::system(command.c_str()) == 0);
}

Json readJson(const std::string& path) { return Json::parse(testutil::readFile(path)); }

std::string decodedText(const Json& body) {
  if (!body.is_object() || !body.contains("text")) return "";
  std::string text = body["text"].get<std::string>();
  if (body.value("encoding", "") == "base64") return codec::base64Decode(text).value_or("<bad base64>");
  return text;
}

bool droppedHeader(const std::string& name) {
  return name.empty() || name[0] == ':' || text::equalsIgnoreCase(name, "content-encoding") ||
         text::equalsIgnoreCase(name, "transfer-encoding") || text::equalsIgnoreCase(name, "content-length");
}

// A SAZ header line cannot carry line breaks: the converter turns them into spaces.
Json comparableHeaders(const Json& headers) {
  Json out = Json::array();
  for (const auto& h : headers) {
    if (droppedHeader(h["name"].get<std::string>())) continue;
    std::string value = h["value"].get<std::string>();
    for (char& c : value)
      if (c == '\r' || c == '\n') c = ' ';
    out.push_back({h["name"], value});
  }
  return out;
}

// The parts of an entry a HAR -> SAZ -> HAR round trip must keep.
Json comparable(const Json& e) {
  const Json& q = e["request"];
  const Json& r = e["response"];
  return Json{{"method", q["method"]},
              {"url", q["url"]},
              {"httpVersion", q["httpVersion"]},
              {"requestHeaders", comparableHeaders(q["headers"])},
              {"requestBody", codec::base64Encode(decodedText(q.value("postData", Json::object())))},
              {"status", r["status"]},
              {"statusText", r["statusText"]},
              {"responseHeaders", comparableHeaders(r["headers"])},
              {"responseBody", codec::base64Encode(decodedText(r["content"]))},
              {"startedDateTime", e["startedDateTime"]}};
}

}  // namespace

TEST_CASE("the sign-in archive converts to valid har with decoded bodies") {
  std::string har = saztest::scratch("signin-from-saz.har");
  REQUIRE(toHar(fixture("signin"), har) == "");
  requireValidHar(har);
  Json doc = readJson(har);
  CHECK(doc["log"]["version"] == "1.2");
  CHECK(doc["log"]["creator"]["name"] == "tracesan");
  const Json& entries = doc["log"]["entries"];
  REQUIRE(entries.size() == 5);
  CHECK(entries[2]["response"]["content"]["text"].get<std::string>().find("AADSTS50125") != std::string::npos);
  CHECK(entries[2]["request"]["postData"]["mimeType"] == "application/x-www-form-urlencoded");
  CHECK(entries[1]["startedDateTime"] == "2026-03-02T10:15:02.043+01:00");
  CHECK(entries[1]["timings"]["wait"] == 126);
  CHECK(entries[4]["timings"]["dns"] == -1);
  CHECK(entries[3]["response"]["status"] == 0);
  CHECK(entries[3]["_fiddlerAborted"] == true);
  CHECK(entries[1]["serverIPAddress"] == "20.190.151.68");
}

TEST_CASE("the websocket archive converts to valid har with websocket messages") {
  std::string har = saztest::scratch("ws-from-saz.har");
  REQUIRE(toHar(fixture("websocket"), har) == "");
  requireValidHar(har);
  Json doc = readJson(har);
  const Json& messages = doc["log"]["entries"][0]["_webSocketMessages"];
  REQUIRE(messages.size() == 5);
  CHECK(messages[0]["type"] == "send");
  CHECK(messages[0]["opcode"] == 1);
  CHECK(messages[3]["opcode"] == 2);
  std::string binary;
  for (int i = 0; i < 200; ++i) binary += static_cast<char>(i);
  CHECK(messages[3]["data"] == codec::base64Encode(binary));
}

TEST_CASE("binary bodies become base64 in har") {
  std::string path = saztest::scratch("binary.saz");
  std::string png("\x89PNG\r\n\x1a\n\x00\x01\xff", 11);
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", "GET https://example.test/i.png HTTP/1.1\r\nHost: example.test\r\n\r\n"},
                                  {"raw/1_s.txt", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n" + png}}) == "");
  std::string har = saztest::scratch("binary.har");
  REQUIRE(toHar(path, har) == "");
  requireValidHar(har);
  Json content = readJson(har)["log"]["entries"][0]["response"]["content"];
  CHECK(content["encoding"] == "base64");
  CHECK(content["text"] == codec::base64Encode(png));
  CHECK(content["size"] == 11);
}

TEST_CASE("har converts to saz with decoded bodies and fiddler's layout") {
  std::string saz = saztest::scratch("from-har.saz");
  REQUIRE(toSaz(std::string(TRACESAN_SAMPLES_DIR) + "/har/signin-aadsts50125.har", saz) == "");
  auto members = saztest::readZip(saz);
  CHECK(members.count("raw/") == 1);
  CHECK(members.count("raw/1_c.txt") == 1);
  CHECK(members.count("raw/6_s.txt") == 1);
  CHECK(members.count("raw/6_m.xml") == 1);
  CHECK(members.count("_index.htm") == 1);
  CHECK(members.count("[Content_Types].xml") == 1);
  const std::string& c = members["raw/3_c.txt"].bytes;
  CHECK(c.rfind("POST https://login.microsoftonline.com/", 0) == 0);
  CHECK(c.find("Content-Length: ") != std::string::npos);
  CHECK(members["raw/1_m.xml"].bytes.rfind("\xEF\xBB\xBF<?xml", 0) == 0);
  for (const auto& [name, m] : members) {
    if (name.size() < 6 || name.substr(name.size() - 6) != "_s.txt") continue;
    INFO(name);
    CHECK(m.bytes.find("\r\nContent-Encoding:") == std::string::npos);
    CHECK(m.bytes.find("\r\nTransfer-Encoding:") == std::string::npos);
  }
}

TEST_CASE("a har converted to saz twice gives the same archive, dated with its entries") {
  std::string input = std::string(TRACESAN_SAMPLES_DIR) + "/har/signin-aadsts50125.har";
  std::string first = saztest::scratch("from-har-1.saz"), second = saztest::scratch("from-har-2.saz");
  REQUIRE(toSaz(input, first) == "");
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // past a zip time tick
  REQUIRE(toSaz(input, second) == "");
  CHECK(testutil::readFile(first) == testutil::readFile(second));
  // Member dates are the entries' start times (zip dates are local, to 2 seconds).
  std::vector<Entry> entries;
  REQUIRE(saztest::readEntries(input, entries) == "");
  REQUIRE(!entries.empty());
  auto t = saz::parseDateTime(entries.front().startedDateTime.value);
  REQUIRE(t);
  std::time_t start = static_cast<std::time_t>(t->micros / 1000000);
  int code = 0;
  zip_t* zip = zip_open(first.c_str(), ZIP_RDONLY, &code);
  REQUIRE(zip);
  for (const char* name : {"raw/", "raw/1_c.txt", "_index.htm"}) {
    INFO(name);
    zip_stat_t st;
    REQUIRE(zip_stat(zip, name, 0, &st) == 0);
    CHECK(std::llabs(static_cast<long long>(st.mtime - start)) <= 2);
  }
  zip_discard(zip);
}

TEST_CASE("har to saz to har keeps requests and responses equivalent") {
  for (const char* name : {"signin-aadsts50125.har", "fiddler-export.har", "firefox-export.har", "token-endpoint-error.har",
                           "unicode-escapes.har"}) {
    INFO(name);
    std::string original = std::string(TRACESAN_SAMPLES_DIR) + "/har/" + name;
    std::string saz = saztest::scratch("roundtrip.saz");
    std::string har = saztest::scratch("roundtrip.har");
    REQUIRE(toSaz(original, saz) == "");
    REQUIRE(toHar(saz, har) == "");
    requireValidHar(har);
    Json before = readJson(original)["log"]["entries"];
    Json after = readJson(har)["log"]["entries"];
    REQUIRE(before.size() == after.size());
    for (std::size_t i = 0; i < before.size(); ++i) {
      INFO("entry " << i + 1);
      Json a = comparable(before[i]);
      Json b = comparable(after[i]);
      // Timestamps are kept to the millisecond in the entry's own offset.
      a.erase("startedDateTime");
      b.erase("startedDateTime");
      CHECK(a.dump(1) == b.dump(1));
    }
  }
}

TEST_CASE("a converted archive with more than nine sessions pads its member numbers") {
  Json har = {{"log", {{"version", "1.2"}, {"creator", {{"name", "test"}, {"version", "1"}}}, {"entries", Json::array()}}}};
  for (int i = 0; i < 12; ++i)
    har["log"]["entries"].push_back(
        {{"startedDateTime", "2026-03-02T10:00:00.000Z"},
         {"time", 1},
         {"request", {{"method", "GET"}, {"url", "https://example.test/" + std::to_string(i)}, {"httpVersion", "HTTP/1.1"},
                      {"cookies", Json::array()}, {"headers", Json::array()}, {"queryString", Json::array()},
                      {"headersSize", -1}, {"bodySize", 0}}},
         {"response", {{"status", 204}, {"statusText", "No Content"}, {"httpVersion", "HTTP/1.1"},
                       {"cookies", Json::array()}, {"headers", Json::array()},
                       {"content", {{"size", 0}, {"mimeType", "x-unknown"}}}, {"redirectURL", ""},
                       {"headersSize", -1}, {"bodySize", 0}}},
         {"cache", Json::object()},
         {"timings", {{"send", 0}, {"wait", 1}, {"receive", 0}}}});
  std::string input = testutil::writeScratch("twelve.har", har.dump());
  std::string saz = saztest::scratch("twelve.saz");
  REQUIRE(toSaz(input, saz) == "");
  auto members = saztest::readZip(saz);
  CHECK(members.count("raw/01_c.txt") == 1);
  CHECK(members.count("raw/12_s.txt") == 1);
  CHECK(members.count("raw/1_c.txt") == 0);
  CHECK(members["_index.htm"].bytes.find("raw\\12_c.txt") != std::string::npos);
  std::vector<Entry> entries;
  REQUIRE(saztest::readEntries(saz, entries) == "");
  REQUIRE(entries.size() == 12);
  CHECK(entries[11].request.url.value == "https://example.test/11");
  CHECK(entries[11].startedDateTime.value == "2026-03-02T10:00:00.000Z");
}

TEST_CASE("a har response with status zero becomes an aborted session") {
  Json har = Json::parse(testutil::readFile(std::string(TRACESAN_SAMPLES_DIR) + "/har/fiddler-export.har"));
  har["log"]["entries"][1]["response"]["status"] = 0;
  std::string input = testutil::writeScratch("aborted.har", har.dump());
  std::string saz = saztest::scratch("aborted.saz");
  REQUIRE(toSaz(input, saz) == "");
  auto members = saztest::readZip(saz);
  CHECK(members.count("raw/2_c.txt") == 1);
  CHECK(members.count("raw/2_s.txt") == 0);
  std::vector<Entry> entries;
  REQUIRE(saztest::readEntries(saz, entries) == "");
  CHECK_FALSE(entries[1].response.present);
}

TEST_CASE("har converts to an encrypted saz when a password is given") {
  std::string saz = saztest::scratch("from-har-enc.saz");
  WriteOptions options;
  options.sazPassword = "P@ssw0rd-FAKE-conv";
  REQUIRE(toSaz(std::string(TRACESAN_SAMPLES_DIR) + "/har/signin-aadsts50125.har", saz, options) == "");
  auto members = saztest::readZip(saz, options.sazPassword);
  CHECK(members["raw/1_c.txt"].encryption == ZIP_EM_AES_256);
  ReadOptions read;
  read.sazPassword = options.sazPassword;
  std::vector<Entry> entries;
  REQUIRE(saztest::readEntries(saz, entries, read) == "");
  CHECK(entries.size() == 6);
}

TEST_CASE("har base64 request bodies are written as their bytes") {
  std::string original = std::string(TRACESAN_SAMPLES_DIR) + "/har/fiddler-export.har";
  Json har = Json::parse(testutil::readFile(original));
  std::string bytes("\x01\x02\xff\x00post", 8);
  har["log"]["entries"][1]["request"]["postData"] = {{"mimeType", "application/octet-stream"},
                                                     {"text", codec::base64Encode(bytes)},
                                                     {"encoding", "base64"}};
  std::string input = testutil::writeScratch("b64.har", har.dump());
  std::string saz = saztest::scratch("b64.saz");
  REQUIRE(toSaz(input, saz) == "");
  auto members = saztest::readZip(saz);
  const std::string& c = members["raw/2_c.txt"].bytes;
  CHECK(c.substr(c.size() - bytes.size()) == bytes);
  CHECK(c.find("Content-Length: 8\r\n") != std::string::npos);
}

namespace {

std::string convertTool() { return std::string(TRACESAN_BINARY_DIR) + "/tools/convert-trace"; }

// Runs the tool through the shell; returns its exit code.
int runTool(const std::string& arguments) {
  int status = std::system((convertTool() + " " + arguments + " 2>/dev/null").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("convert-trace writes har to stdout from an encrypted archive with the password from the environment") {
  if (!std::filesystem::exists(convertTool())) {
    WARN("convert-trace is not built: tool test skipped");
    return;
  }
  std::string har = saztest::scratch("tool-out.har");
  int code = runTool("-q --to har -o - " + std::string(TRACESAN_SAMPLES_DIR) + "/saz/encrypted.saz > '" + har + "'");
  // The password comes from the environment only when it is set for the child.
  CHECK(code == 2);
  code = std::system(("TRACESAN_SAZ_PASSWORD='P@ssw0rd-FAKE-saz' " + convertTool() + " -q --to har -o - " +
                      std::string(TRACESAN_SAMPLES_DIR) + "/saz/encrypted.saz > '" + har + "'")
                         .c_str());
  REQUIRE(WIFEXITED(code));
  REQUIRE(WEXITSTATUS(code) == 0);
  requireValidHar(har);
  CHECK(readJson(har)["log"]["entries"].size() == 5);
}

TEST_CASE("convert-trace picks the output format from the extension and reports usage errors with exit 2") {
  if (!std::filesystem::exists(convertTool())) {
    WARN("convert-trace is not built: tool test skipped");
    return;
  }
  std::string saz = saztest::scratch("tool-out.saz");
  CHECK(runTool(std::string(TRACESAN_SAMPLES_DIR) + "/har/fiddler-export.har -o '" + saz + "' --output-password P@ss-FAKE") == 0);
  auto members = saztest::readZip(saz, "P@ss-FAKE");
  CHECK(members["raw/1_c.txt"].encryption == ZIP_EM_AES_256);
  CHECK(runTool(std::string(TRACESAN_SAMPLES_DIR) + "/har/fiddler-export.har -o '" + saz + ".txt'") == 2);
  CHECK(runTool("") == 2);
  CHECK(runTool("/no/such/file.saz -o x.har") == 2);
  CHECK_FALSE(std::filesystem::exists(saz + ".txt"));
}

TEST_CASE("saz to har to saz keeps requests and responses equivalent") {
  for (const char* name : {"signin", "websocket"}) {
    INFO(name);
    std::string original = fixture(name);
    std::string har = saztest::scratch("saz-roundtrip.har");
    std::string saz = saztest::scratch("saz-roundtrip.saz");
    REQUIRE(toHar(original, har) == "");
    REQUIRE(toSaz(har, saz) == "");
    // Compare both archives through the same decoded view.
    std::string beforeHar = saztest::scratch("saz-roundtrip-before.har");
    std::string afterHar = saztest::scratch("saz-roundtrip-after.har");
    REQUIRE(toHar(original, beforeHar) == "");
    REQUIRE(toHar(saz, afterHar) == "");
    Json before = readJson(beforeHar)["log"]["entries"];
    Json after = readJson(afterHar)["log"]["entries"];
    REQUIRE(before.size() == after.size());
    REQUIRE(before.size() > 1);
    for (std::size_t i = 0; i < before.size(); ++i) {
      INFO("session " << i + 1);
      Json a = comparable(before[i]);
      Json b = comparable(after[i]);
      a.erase("startedDateTime");
      b.erase("startedDateTime");
      CHECK(a.dump(1) == b.dump(1));
    }
  }
}
