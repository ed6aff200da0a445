// The extract-errors prefilter (aad::mayHoldAadError) must never change a result: every entry
// with a finding passes it, and a whole-trace search gives the same findings, context included,
// with and without it, on every sample and on generated traces, at any read buffer size.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "TestUtil.h"
#include "tracesan/Pipeline.h"
#include "detect/aad/AadPrefilter.h"
#include "tracesan/AadErrors.h"
#include "tracesan/Io.h"
#include "tracesan/Trace.h"

using namespace tracesan;
using testutil::sampleHars;
namespace fs = std::filesystem;

namespace {

std::string findingsJson(const std::string& path, bool prefilter, std::size_t bufferSize, bool all = true) {
  ReadOptions read;
  read.bufferSize = bufferSize;
  FindOptions options;
  options.includeExpected = all;
  options.context = 3;
  auto reader = prefilter ? openForSearch(path, read, options) : openTrace(path, read);
  REQUIRE(reader);
  auto found = findErrors(*reader.value(), options);
  REQUIRE(found);
  return formatFindings(*found, FindingFormat::Json);
}

// Entries of `path` with findings must all pass the prefilter; returns how many entries it ruled out.
std::size_t checkEntries(const std::string& path, std::size_t& withFindings) {
  auto reader = openTrace(path);
  REQUIRE(reader);
  FindOptions options;
  options.includeExpected = true;
  std::size_t ruledOut = 0;
  for (;;) {
    auto next = reader.value()->next();
    REQUIRE(next);
    if (*next == nullptr) break;
    const Entry& e = **next;
    bool maybe = aad::mayHoldAadError(e.source.json);
    bool found = !findAadErrors(e, options).empty();
    INFO("entry " << e.number);
    if (found) CHECK(maybe);
    ruledOut += maybe ? 0 : 1;
    withFindings += found ? 1 : 0;
  }
  return ruledOut;
}

// A one-entry HAR whose request URL and response are given.
std::string harWithEntry(const std::string& url, int status, const std::string& mime, const std::string& body,
                         const std::string& encoding = "") {
  std::string content = "{\"size\": 1, \"mimeType\": \"" + mime + "\", \"text\": \"" + body + "\"" +
                        (encoding.empty() ? "" : ", \"encoding\": \"" + encoding + "\"") + "}";
  return "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"t\", \"version\": \"1\"}, \"entries\": [{"
         "\"startedDateTime\": \"2026-11-30T10:00:00.000Z\", \"time\": 1, "
         "\"request\": {\"method\": \"GET\", \"url\": \"" + url + "\", \"httpVersion\": \"HTTP/1.1\", "
         "\"headers\": [], \"cookies\": [], \"queryString\": [], \"headersSize\": -1, \"bodySize\": 0}, "
         "\"response\": {\"status\": " + std::to_string(status) + ", \"statusText\": \"\", \"httpVersion\": \"HTTP/1.1\", "
         "\"headers\": [], \"cookies\": [], \"content\": " + content + ", \"redirectURL\": \"\", "
         "\"headersSize\": -1, \"bodySize\": 1}, \"cache\": {}, \"timings\": {\"send\": 0, \"wait\": 1, \"receive\": 0}}]}}";
}

std::size_t findingCount(const std::string& har, const std::string& name, bool prefilter) {
  auto path = testutil::writeScratch(name, har);
  auto reader = prefilter ? openForSearch(path, {}, FindOptions{}) : openTrace(path);
  REQUIRE(reader);
  auto found = findErrors(*reader.value(), FindOptions{});
  REQUIRE(found);
  return found->size();
}

}  // namespace

TEST_CASE("every sample entry with an AADSTS finding passes the prefilter") {
  std::size_t withFindings = 0, ruledOut = 0;
  for (const auto& in : sampleHars()) {
    INFO(in);
    ruledOut += checkEntries(in, withFindings);
  }
  CHECK(withFindings > 0);
  CHECK(ruledOut > 0);  // the prefilter does rule ordinary entries out
}

TEST_CASE("a whole-trace search finds the same with and without the prefilter on every sample HAR") {
  for (const auto& in : sampleHars()) {
    INFO(in);
    std::string reference = findingsJson(in, false, std::size_t(1) << 20);
    for (std::size_t buffer : {std::size_t(16), std::size_t(997), std::size_t(1) << 20})
      CHECK(findingsJson(in, true, buffer) == reference);
  }
}

TEST_CASE("a whole-trace search finds the same with and without the prefilter on generated traces") {
  std::string gen = (fs::path(TRACESAN_TEST_DATA_DIR) / ".." / "bench" / "gen_trace.py").string();
  if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
    WARN("python3 is not installed: skipping the generated traces");
    return;
  }
  for (const char* seed : {"1", "7"}) {
    auto out = (testutil::scratchDir() / (std::string("prefilter-gen-") + seed + ".har")).string();
    std::string cmd = "python3 '" + gen + "' --size 3M --seed " + seed + " --out '" + out + "' 2>/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::size_t withFindings = 0;
    CHECK(checkEntries(out, withFindings) > 0);
    CHECK(withFindings > 0);
    std::string reference = findingsJson(out, false, std::size_t(1) << 20);
    CHECK(findingsJson(out, true, std::size_t(1) << 20) == reference);
    CHECK(findingsJson(out, true, 4093) == reference);
    CHECK(findingsJson(out, true, std::size_t(1) << 20, false) == findingsJson(out, false, std::size_t(1) << 20, false));
  }
}

TEST_CASE("the prefilter rules out an entry without any error word") {
  CHECK_FALSE(aad::mayHoldAadError(R"({"request": {"url": "https://contoso.example/app.js?v=1%2F2"}, "response": {"content": {"text": "var a = \"\u003cb\u003e\";"}}})"));
}

TEST_CASE("the prefilter keeps an entry whose error word is only visible after decoding") {
  // Each word hidden behind an escape the finder undoes: percent, JSON \u (also doubled), base64.
  CHECK(aad::mayHoldAadError(R"({"url": "https://app.example/cb?error=x&error%5Fdescription=%41ADSTS50105"})"));
  CHECK(aad::mayHoldAadError(R"({"text": "{\"m\": \"\\u0041ADSTS50105: denied\"}"})"));
  CHECK(aad::mayHoldAadError(R"({"url": "https://app.example/cb?e=\u002541ADSTS50105"})"));
  CHECK(aad::mayHoldAadError(R"({"content": {"encoding": "BASE64", "text": "QUFEU1RTNTAxMDU="}})"));
  CHECK(aad::mayHoldAadError(R"({"headers": [{"name": "X-MS-CLITELEM", "value": "1,50076,0,,"}]})"));
  CHECK(aad::mayHoldAadError(R"({"text": "... \"iErrorCode\":50126 ..."})"));
}

TEST_CASE("a finding hidden behind percent escapes is found with the prefilter on") {
  std::string har = harWithEntry("https://app.example/cb?error=access_denied&error%5Fdescription=%41ADSTS50105%3A+not+assigned",
                                 200, "text/html", "<p>ok</p>");
  std::size_t without = findingCount(har, "prefilter-percent.har", false);
  CHECK(without == 1);
  CHECK(findingCount(har, "prefilter-percent.har", true) == without);
}

TEST_CASE("a finding in a base64 JSON body is found with the prefilter on") {
  // {"error":"invalid_grant","error_description":"AADSTS70008: expired","error_codes":[70008]}
  std::string har = harWithEntry("https://login.microsoftonline.com/common/oauth2/v2.0/token", 400, "application/json",
                                 "eyJlcnJvciI6ImludmFsaWRfZ3JhbnQiLCJlcnJvcl9kZXNjcmlwdGlvbiI6IkFBRFNUUzcwMDA4OiBleHBp"
                                 "cmVkIiwiZXJyb3JfY29kZXMiOls3MDAwOF19", "base64");
  std::size_t without = findingCount(har, "prefilter-base64.har", false);
  CHECK(without == 1);
  CHECK(findingCount(har, "prefilter-base64.har", true) == without);
}

TEST_CASE("the client_id of a POST /authorize form reaches a later finding with the prefilter on") {
  // The authorize request holds no error word; the token error after it names no client_id.
  std::string har =
      R"({"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": [)"
      R"({"startedDateTime": "2026-11-30T10:00:00.000Z", "time": 1, "request": {"method": "POST", )"
      R"("url": "https://login.microsoftonline.com/contoso.example/oauth2/v2.0/authorize", "httpVersion": "HTTP/1.1", )"
      R"("headers": [], "cookies": [], "queryString": [], "postData": {"mimeType": "application/x-www-form-urlencoded", )"
      R"("text": "client_id=11111111-2222-3333-4444-555555555555&response_type=code"}, "headersSize": -1, "bodySize": 64}, )"
      R"("response": {"status": 200, "statusText": "", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [], )"
      R"("content": {"size": 9, "mimeType": "text/html", "text": "<p>ok</p>"}, "redirectURL": "", "headersSize": -1, )"
      R"("bodySize": 9}, "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}, )"
      R"({"startedDateTime": "2026-11-30T10:00:01.000Z", "time": 1, "request": {"method": "POST", )"
      R"("url": "https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token", "httpVersion": "HTTP/1.1", )"
      R"("headers": [], "cookies": [], "queryString": [], "headersSize": -1, "bodySize": 0}, )"
      R"("response": {"status": 400, "statusText": "", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [], )"
      R"("content": {"size": 1, "mimeType": "application/json", "text": "{\"error\":\"invalid_grant\",)"
      R"(\"error_description\":\"AADSTS70008: expired\",\"error_codes\":[70008]}"}, "redirectURL": "", )"
      R"("headersSize": -1, "bodySize": 1}, "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}]}})";
  auto path = testutil::writeScratch("prefilter-authorize.har", har);
  CHECK_FALSE(aad::mayHoldAadError(har.substr(har.find("{\"startedDateTime\""), har.find("}, {\"startedDateTime\"") -
                                                                                   har.find("{\"startedDateTime\""))));
  std::string reference = findingsJson(path, false, std::size_t(1) << 20);
  CHECK(reference.find("11111111-2222-3333-4444-555555555555") != std::string::npos);
  CHECK(findingsJson(path, true, std::size_t(1) << 20) == reference);
}
